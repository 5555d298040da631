// From submitted text to what the console will do, decided on the parse tree: the statements to
// run, or why it refuses (a syntax error, safe mode, a statement no console can run), or what
// it must confirm first.
import { scanSync } from 'libpg-query';
import type { SqlErrorInfo } from '../../../shared/types.js';
import { destructiveReasons } from '../sql/destructive.js';
import { charactersBefore, parseSql, SqlSyntaxError, Utf8Offsets, type ParsedStatement } from '../sql/parse.js';
import { alwaysRefused, safeModeRefusal, type StatementRefusal } from '../sql/statement-checks.js';
import { isPlainQuery } from '../sql/tree.js';

export interface PlannedStatement extends ParsedStatement {
  /** Read through a cursor, and can be read again (Load more, export). */
  plainQuery: boolean;
}

export type ScriptPlan =
  | { kind: 'run'; statements: PlannedStatement[] }
  | { kind: 'refused'; error: SqlErrorInfo }
  | { kind: 'confirm'; reasons: string[] };

export interface PlanContext {
  database: 'pglite' | 'postgres';
  safeMode: boolean;
  /** The user already confirmed destructive statements. */
  confirmed: boolean;
}

export async function planScript(text: string, context: PlanContext): Promise<ScriptPlan> {
  let statements: ParsedStatement[];
  try {
    statements = await parseSql(text);
  } catch (error) {
    if (error instanceof SqlSyntaxError) return { kind: 'refused', error: syntaxError(text, error) };
    throw error;
  }
  const bytes = new Utf8Offsets(text);
  for (const [index, statement] of statements.entries()) {
    const refusal = alwaysRefused(statement, context.database) ?? (context.safeMode ? safeModeRefusal(statement) : null);
    if (refusal) return { kind: 'refused', error: refusalError(text, bytes, statement, index, refusal) };
  }
  if (!context.safeMode && !context.confirmed) {
    const reasons = [...new Set(statements.flatMap(destructiveReasons))];
    if (reasons.length > 0) return { kind: 'confirm', reasons };
  }
  return { kind: 'run', statements: statements.map((s) => ({ ...s, plainQuery: isPlainQuery(s.node) })) };
}

/**
 * The one plain query that Load more or an export reads again. Re-reading never has side
 * effects, whatever the mode: it gets safe mode's refusals. Throws a sentence for the user.
 */
export async function rereadableStatement(sql: string, database: 'pglite' | 'postgres'): Promise<string> {
  const plan = await planScript(sql, { database, safeMode: true, confirmed: true });
  if (plan.kind === 'refused') throw new Error(plan.error.message);
  if (plan.kind !== 'run' || plan.statements.length !== 1 || !plan.statements[0].plainQuery) {
    throw new Error('Only a single SELECT (or VALUES, TABLE) can be read again from the database for Load more or export.');
  }
  return plan.statements[0].sql;
}

function syntaxError(text: string, error: SqlSyntaxError): SqlErrorInfo {
  return {
    message: error.message,
    code: '42601',
    detail: null,
    hint: 'Nothing was run: the text has a syntax error.',
    position: error.position,
    statementIndex: error.position === null ? 0 : statementIndexAt(text, error.position),
  };
}

/** How many top-level ';' come before a 1-based character position (the lexer, unlike the parser, survives a syntax error). */
function statementIndexAt(text: string, position: number): number {
  try {
    const byte = Buffer.byteLength([...text].slice(0, position - 1).join(''), 'utf8');
    return scanSync(text).tokens.filter((t) => t.text === ';' && t.start < byte).length;
  } catch {
    return 0;
  }
}

function refusalError(text: string, bytes: Utf8Offsets, statement: ParsedStatement, index: number, refusal: StatementRefusal): SqlErrorInfo {
  const at = refusal.location === null ? statement.from : bytes.index(refusal.location);
  return {
    message: refusal.message,
    code: null,
    detail: null,
    hint: refusal.hint,
    position: charactersBefore(text, at) + 1,
    statementIndex: index,
  };
}
