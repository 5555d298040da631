// Text put on the clipboard by the grids: a cell range as tab-separated lines (what spreadsheets
// paste), and one row as JSON, CSV or an SQL INSERT.
import type { SqlColumn } from '../../../shared/types.js';
import { cellText, csvLine, recordKeys, toRecord } from '../../../shared/result-text.js';

/** Tabs and line breaks inside a value would split it, so they become spaces. */
export function toTsv(rows: readonly (readonly unknown[])[]): string {
  return rows.map((row) => row.map((v) => cellText(v).replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
}

export function rowAsJson(columns: readonly SqlColumn[], row: readonly unknown[]): string {
  return JSON.stringify(toRecord(recordKeys(columns.map((c) => c.name)), row), null, 2);
}

export function rowAsCsv(columns: readonly SqlColumn[], row: readonly unknown[]): string {
  return csvLine(columns.map((c) => c.name)) + csvLine(row.map(cellText));
}

export function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return `'${cellText(value).replace(/'/g, "''")}'`;
}

/** `table` is a possibly schema-qualified name, already valid SQL. */
export function rowAsInsert(table: string, columns: readonly SqlColumn[], row: readonly unknown[]): string {
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  return `INSERT INTO ${table} (${names}) VALUES (${row.map(sqlLiteral).join(', ')});`;
}

/** The table a plain `SELECT … FROM t` reads, for the INSERT's target; a placeholder otherwise. */
export function sourceTable(statement: string): string {
  const match = /\bfrom\s+((?:"[^"]+"|[a-z_][\w$]*)(?:\.(?:"[^"]+"|[a-z_][\w$]*))?)/i.exec(statement);
  if (!match || /\bjoin\b/i.test(statement)) return 'my_table';
  return match[1];
}
