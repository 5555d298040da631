// Prints an SqlRunResult the way a terminal user expects: every statement's table (or command
// tag), then Postgres's error with detail, hint and position; --json prints the last rows.
import type { SqlErrorInfo, SqlResultSet, SqlRunResult } from '../../../shared/types.js';
import { renderTable } from './text-table.js';

/** Commands whose tag carries a row count, as psql prints them ("UPDATE 3"). */
const COUNTED = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'SELECT', 'MOVE', 'FETCH']);

export function formatResultSet(result: SqlResultSet): string {
  if (result.columns.length === 0) {
    if (!result.command) return 'OK';
    return COUNTED.has(result.command) ? `${result.command} ${result.rowCount}` : result.command;
  }
  const table = renderTable(result.columns.map((c) => c.name), result.rows);
  return result.truncated ? `${table}\n(result cut to its first ${result.rows.length} rows)` : table;
}

export function formatRunResultText(run: SqlRunResult): string {
  return run.results.map(formatResultSet).join('\n\n');
}

/** The last statement's rows as objects keyed by column name (later duplicates win). */
export function lastRowsAsObjects(run: SqlRunResult): Record<string, unknown>[] {
  const last = run.results[run.results.length - 1];
  if (!last) return [];
  return last.rows.map((row) => Object.fromEntries(last.columns.map((c, i) => [c.name, row[i]])));
}

export function formatSqlError(error: SqlErrorInfo, sql: string): string {
  const lines = [`ERROR:  ${error.message}${error.code ? ` (SQLSTATE ${error.code})` : ''}`];
  if (error.detail) lines.push(`DETAIL:  ${error.detail}`);
  if (error.hint) lines.push(`HINT:  ${error.hint}`);
  if (error.position !== null) {
    lines.push(`at character ${error.position}`);
    lines.push(...pointAt(sql, error.position));
  }
  return lines.join('\n');
}

/** The line of the SQL holding the position, with a caret under it. */
function pointAt(sql: string, position: number): string[] {
  const index = Math.min(Math.max(0, position - 1), sql.length);
  const lineStart = sql.lastIndexOf('\n', index - 1) + 1;
  const lineEnd = sql.indexOf('\n', index);
  const text = sql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const lineNo = sql.slice(0, lineStart).split('\n').length;
  const prefix = `LINE ${lineNo}: `;
  return [`${prefix}${text}`, `${' '.repeat(prefix.length + index - lineStart)}^`];
}
