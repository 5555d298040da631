// Walking libpg_query's JSON parse tree. A node is an object with one PascalCase key naming its
// type (`{ FuncCall: {…} }`); fields are lower-case. Walking every value finds nodes anywhere:
// in subqueries, CTEs, FROM functions, EXPLAIN, CREATE … AS.
import type { SqlNode } from './parse.js';

export interface FoundNode {
  type: string;
  fields: Record<string, unknown>;
  /** Types of the nodes above this one, outermost first. */
  ancestors: string[];
}

/** Every node in the tree (the root included), depth first. */
export function* walk(tree: unknown, ancestors: string[] = []): Generator<FoundNode> {
  if (Array.isArray(tree)) {
    for (const item of tree) yield* walk(item, ancestors);
    return;
  }
  if (tree === null || typeof tree !== 'object') return;
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    if (/^[A-Z]/.test(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const fields = value as Record<string, unknown>;
      yield { type: key, fields, ancestors };
      yield* walk(fields, [...ancestors, key]);
    } else if (value !== null && typeof value === 'object') {
      yield* walk(value, ancestors);
    }
  }
}

export function nodeType(node: unknown): string | null {
  if (node === null || typeof node !== 'object') return null;
  return Object.keys(node)[0] ?? null;
}

export function nodeFields(node: unknown): Record<string, unknown> {
  const type = nodeType(node);
  return type ? ((node as SqlNode)[type] as Record<string, unknown>) : {};
}

/** The strings of a name list (`[{String:{sval}}…]`), e.g. ["pg_catalog", "pg_sleep"]. */
export function nameParts(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    const s = (item as { String?: { sval?: string } }).String?.sval;
    return typeof s === 'string' ? [s] : [];
  });
}

/** "schema.table" of a RangeVar's fields, as written. */
export function relationName(rangeVar: unknown): string {
  const r = (rangeVar ?? {}) as { schemaname?: string; relname?: string };
  return [r.schemaname, r.relname].filter(Boolean).join('.');
}

/** Every string inside a node, dotted: the name of a DROP's object (`public.t`, `f(int4)` → `f`). */
export function dottedName(node: unknown): string {
  const parts: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const s = (value as { String?: { sval?: string } }).String?.sval;
      if (typeof s === 'string') parts.push(s);
      else if ('objargs' in (value as object)) visit((value as { objname?: unknown }).objname);
      else Object.values(value as object).forEach(visit);
    }
  };
  visit(node);
  return parts.join('.');
}

/** A node's `location` (a byte offset into the whole text), when it has one. */
export function locationOf(fields: Record<string, unknown>): number | null {
  return typeof fields.location === 'number' && fields.location >= 0 ? fields.location : null;
}

/** The literal of an A_Const: true/false, a number, a string, or undefined when it is not a constant. */
export function constantValue(node: unknown): unknown {
  if (nodeType(node) === 'TypeCast') return constantValue((nodeFields(node) as { arg?: unknown }).arg);
  if (nodeType(node) !== 'A_Const') return undefined;
  const c = nodeFields(node) as Record<string, { [k: string]: unknown } | undefined>;
  if (c.boolval) return c.boolval.boolval === true;
  if (c.ival) return (c.ival.ival as number | undefined) ?? 0;
  if (c.fval) return Number(c.fval.fval);
  if (c.sval) return c.sval.sval ?? '';
  return undefined;
}

const DML = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

export function isDml(type: string | null): boolean {
  return type !== null && DML.has(type);
}

/**
 * A query Postgres can run through DECLARE … CURSOR: a SELECT/VALUES/TABLE without INTO and
 * without data-modifying CTEs. These are read in chunks, counted with MOVE, and can be re-read
 * (Load more, export).
 */
export function isPlainQuery(node: SqlNode): boolean {
  const select = node.SelectStmt as Record<string, unknown> | undefined;
  if (!select || select.intoClause) return false;
  for (const found of walk(node)) {
    if (found.type === 'CommonTableExpr' && isDml(nodeType(found.fields.ctequery))) return false;
  }
  return true;
}
