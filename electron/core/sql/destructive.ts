// Which statements the console asks about before running them (safe mode off), read from the
// parse tree, naming the objects: DROP, TRUNCATE, ALTER … DROP, DELETE/UPDATE that match every
// row, DML inside a CTE, EXPLAIN ANALYZE of DML, the same inside a DO block, and any write to
// the sync's own seren_auth schema.
import { parsePlPgSQLSync } from 'libpg-query';
import { parseSqlLoaded, type ParsedStatement, type SqlNode } from './parse.js';
import { constantValue, dottedName, isDml, nodeFields, nodeType, relationName, walk } from './tree.js';

const VERB: Record<string, string> = { InsertStmt: 'INSERT', UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE', MergeStmt: 'MERGE' };
/** How the statement names its table: DELETE FROM t, UPDATE t. */
const TARGET: Record<string, string> = { UpdateStmt: 'UPDATE', DeleteStmt: 'DELETE FROM' };
/** Statements whose `relation` they write. */
const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'AlterTableStmt', 'CopyStmt']);
const MIRROR_SCHEMA = 'seren_auth';

/** Every reason to confirm the statement first (empty when it needs none). Needs the parser loaded. */
export function destructiveReasons(statement: ParsedStatement): string[] {
  return [...new Set(reasonsFor(statement.node))];
}

function reasonsFor(tree: SqlNode): string[] {
  // A plain EXPLAIN only plans the statement (EXPLAIN is always the outermost statement).
  if (tree.ExplainStmt && !isAnalyze(tree.ExplainStmt as Record<string, unknown>)) return [];
  const reasons: string[] = [];
  const mirror = new Set<string>();
  for (const { type, fields } of walk(tree)) {
    switch (type) {
      case 'DropStmt': {
        const kind = String(fields.removeType ?? '').replace(/^OBJECT_/, '').replace(/_/g, ' ');
        const names = (fields.objects as unknown[] | undefined ?? []).map(dottedName);
        reasons.push(`DROP ${kind} ${names.join(', ')} removes ${names.length > 1 ? 'them' : 'it'} and everything in ${names.length > 1 ? 'them' : 'it'}.`);
        for (const name of names) if (name.startsWith(`${MIRROR_SCHEMA}.`) || name === MIRROR_SCHEMA) mirror.add(name);
        break;
      }
      case 'TruncateStmt': {
        const names = (fields.relations as unknown[] | undefined ?? []).map((r) => relationName(nodeFields(r)));
        reasons.push(`TRUNCATE ${names.join(', ')} removes every row.`);
        for (const r of fields.relations as unknown[] ?? []) if ((nodeFields(r) as { schemaname?: string }).schemaname === MIRROR_SCHEMA) mirror.add(relationName(nodeFields(r)));
        break;
      }
      case 'AlterTableStmt': {
        const drops = (fields.cmds as unknown[] | undefined ?? [])
          .map((c) => nodeFields(c) as { subtype?: string; name?: string })
          .filter((c) => c.subtype?.startsWith('AT_Drop'));
        for (const drop of drops) {
          const what = drop.subtype!.replace(/^AT_Drop/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase() || 'PART';
          reasons.push(`ALTER TABLE ${relationName(fields.relation)} DROP ${what}${drop.name ? ` ${drop.name}` : ''} removes it and its data.`);
        }
        break;
      }
      case 'DeleteStmt':
      case 'UpdateStmt':
        if (matchesEveryRow(fields.whereClause)) {
          const does = type === 'DeleteStmt' ? 'deletes' : 'changes';
          const target = `${TARGET[type]} ${relationName(fields.relation)}`;
          reasons.push(
            fields.whereClause
              ? `${target} has a WHERE that names no column, so it ${does} every row.`
              : `${target} without WHERE ${does} every row.`,
          );
        }
        break;
      case 'CommonTableExpr': {
        const inner = nodeType(fields.ctequery);
        if (isDml(inner)) {
          const target = relationName(nodeFields(fields.ctequery).relation);
          reasons.push(`The WITH query "${String(fields.ctename)}" runs ${VERB[inner!]} on ${target}: a data-modifying CTE changes rows even when the outer query only reads.`);
        }
        break;
      }
      case 'ExplainStmt': {
        const inner = nodeType(fields.query);
        if (isDml(inner)) {
          reasons.push(`EXPLAIN ANALYZE runs the ${VERB[inner!]} on ${relationName(nodeFields(fields.query).relation)} for real.`);
        }
        break;
      }
      case 'DoStmt':
        reasons.push(...doBlockReasons(fields));
        break;
    }
    if (WRITES.has(type) && !(type === 'CopyStmt' && !fields.is_from)) {
      const relation = fields.relation as { schemaname?: string } | undefined;
      if (relation?.schemaname === MIRROR_SCHEMA) mirror.add(relationName(relation));
    }
  }
  if (mirror.size > 0) {
    reasons.push(
      `This writes to ${[...mirror].join(', ')}, which the sync manages: the next sync will not repair an edited row (it only rewrites users that changed in the provider), so the mirror would differ from the provider.`,
    );
  }
  return reasons;
}

function isAnalyze(explain: Record<string, unknown>): boolean {
  return (explain.options as unknown[] | undefined ?? []).some((o) => {
    const option = nodeFields(o) as { defname?: string; arg?: unknown };
    return option.defname === 'analyze' && (option.arg === undefined || constantValue(option.arg) !== false);
  });
}

/** A WHERE that is absent, or names no column (`true`, `1=1`, `now() > '2020-01-01'`), matches every row or none. */
function matchesEveryRow(where: unknown): boolean {
  if (where === undefined) return true;
  for (const { type } of walk(where)) {
    if (type === 'ColumnRef' || type === 'CurrentOfExpr' || type === 'ParamRef') return false;
  }
  return true;
}

/** The destructive statements inside a DO block's PL/pgSQL body. */
function doBlockReasons(fields: Record<string, unknown>): string[] {
  const options = (fields.args as unknown[] | undefined ?? []).map((a) => nodeFields(a) as { defname?: string; arg?: unknown });
  const language = (nodeFields(options.find((o) => o.defname === 'language')?.arg) as { sval?: string }).sval ?? 'plpgsql';
  const body = (nodeFields(options.find((o) => o.defname === 'as')?.arg) as { sval?: string }).sval ?? '';
  if (language.toLowerCase() !== 'plpgsql') return [`This DO block is written in ${language}, which cannot be checked before it runs.`];
  let tree: unknown;
  try {
    tree = parsePlPgSQLSync(`DO $seren_body$${body}$seren_body$`);
  } catch {
    return []; // Postgres will report the syntax error itself.
  }
  const reasons: string[] = [];
  for (const { type, fields: stmt } of walk(tree)) {
    if (type === 'PLpgSQL_stmt_dynexecute') {
      const literal = stringLiteral(((stmt.query as { PLpgSQL_expr?: { query?: string } })?.PLpgSQL_expr?.query) ?? '');
      if (literal === null) reasons.push('The DO block runs dynamic SQL (EXECUTE) that cannot be checked before it runs.');
      else reasons.push(...nestedReasons(literal));
    }
    if (type === 'PLpgSQL_expr' && stmt.parseMode === 0 && typeof stmt.query === 'string') reasons.push(...nestedReasons(stmt.query));
  }
  return reasons;
}

function nestedReasons(sql: string): string[] {
  try {
    return parseSqlLoaded(sql).flatMap((s) => reasonsFor(s.node)).map((r) => `In the DO block: ${r}`);
  } catch {
    return [`The DO block runs SQL that cannot be checked before it runs: ${sql.slice(0, 80)}`];
  }
}

/** The text of a PL/pgSQL expression that is just one string constant (`'drop table x'`), else null. */
function stringLiteral(expression: string): string | null {
  try {
    const [statement] = parseSqlLoaded(`SELECT ${expression}`);
    const targets = (statement?.node.SelectStmt as { targetList?: unknown[] } | undefined)?.targetList ?? [];
    if (targets.length !== 1) return null;
    const value = constantValue((nodeFields(targets[0]) as { val?: unknown }).val);
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
