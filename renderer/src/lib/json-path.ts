// Builds Postgres JSON accessor expressions such as raw_json->'email_addresses'->0->>'email_address'.
// Pure: the inspector's "Copy as SQL path" uses it and tests pin its output.

/** A step into a JSON value: object key (string) or array index (number). */
export type JsonPathSegment = string | number;

/** Single-quoted SQL string literal with '' escaping. */
export function quoteSqlLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Column name as written in SQL: bare when it is a plain lower-case identifier, double-quoted otherwise. */
export function quoteSqlIdentifier(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** True for values `->>` returns as text: everything that is not an object or array. */
export function isJsonScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/**
 * `column->'a'->0->>'b'`: `->` for every step but the last, `->>` for the last one when it reaches a scalar
 * (so the result is text), array indices unquoted, keys as string literals.
 */
export function sqlJsonPath(column: string, path: readonly JsonPathSegment[], leafIsScalar: boolean): string {
  let sql = quoteSqlIdentifier(column);
  path.forEach((segment, i) => {
    const last = i === path.length - 1;
    const operator = last && leafIsScalar ? '->>' : '->';
    const operand = typeof segment === 'number' ? String(segment) : quoteSqlLiteral(segment);
    sql += `${operator}${operand}`;
  });
  return sql;
}

/** Follows `path` into `root`; undefined when a step does not exist. */
export function valueAtPath(root: unknown, path: readonly JsonPathSegment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
