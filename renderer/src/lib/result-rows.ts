// How the Results grid shows, sorts and filters the rows it has loaded (in the page, not in SQL).
import type { SqlColumn, SqlResultSet } from '../../../shared/types.js';
import { formatDateTime } from './format.js';

const JSON_TYPES = new Set([3802, 114]);
const TIME_TYPES = new Set([1184, 1114]); // timestamptz, timestamp
// int2, int4, int8, oid, float4, float8, numeric: int8 and numeric arrive as strings.
const NUMBER_TYPES = new Set([21, 23, 20, 26, 700, 701, 1700]);

export interface ResultSort {
  column: number;
  direction: 'asc' | 'desc';
}

export function isJsonColumn(column: SqlColumn): boolean {
  return column.dataTypeID !== null && JSON_TYPES.has(column.dataTypeID);
}

export function isTimeColumn(column: SqlColumn): boolean {
  return column.dataTypeID !== null && TIME_TYPES.has(column.dataTypeID);
}

function rawText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The cell's text, and its tooltip: the ISO value for times, the full text for long values. */
export function displayCell(column: SqlColumn, value: unknown): { text: string; title: string | undefined } {
  if (isTimeColumn(column) && typeof value === 'string') return { text: formatDateTime(value), title: value };
  const text = rawText(value);
  return { text, title: text.length > 60 ? text.slice(0, 1000) : undefined };
}

function compareValues(column: SqlColumn, a: unknown, b: unknown): number {
  // NULLs last whatever the direction is handled by the caller.
  if (column.dataTypeID !== null && NUMBER_TYPES.has(column.dataTypeID)) return Number(a) - Number(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return rawText(a).localeCompare(rawText(b), undefined, { numeric: true });
}

/** Indices of the rows that contain `filter` (case-insensitive, any cell), in `sort` order. */
export function sortRows(set: SqlResultSet, sort: ResultSort | null, filter: string): number[] {
  const needle = filter.trim().toLowerCase();
  let order = set.rows.map((_, i) => i);
  if (needle !== '') {
    order = order.filter((i) =>
      set.rows[i].some((v, c) => rawText(v).toLowerCase().includes(needle) || displayCell(set.columns[c], v).text.toLowerCase().includes(needle)),
    );
  }
  if (sort) {
    const column = set.columns[sort.column];
    const sign = sort.direction === 'asc' ? 1 : -1;
    order.sort((x, y) => {
      const a = set.rows[x][sort.column];
      const b = set.rows[y][sort.column];
      if (a === null || a === undefined) return b === null || b === undefined ? x - y : 1;
      if (b === null || b === undefined) return -1;
      return sign * compareValues(column, a, b) || x - y;
    });
  }
  return order;
}
