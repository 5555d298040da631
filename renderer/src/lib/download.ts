// Result export: CSV (RFC 4180) and JSON, saved through a Blob link.
import type { SqlColumn } from '../../../shared/types.js';

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly SqlColumn[], rows: readonly unknown[][]): string {
  const lines = [columns.map((c) => csvField(c.name)).join(',')];
  for (const row of rows) lines.push(row.map((v) => csvField(cellText(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** Rows as objects keyed by column name (duplicate names get a numeric suffix). */
export function toJsonRecords(columns: readonly SqlColumn[], rows: readonly unknown[][]): string {
  const seen = new Map<string, number>();
  const keys = columns.map((c) => {
    const n = seen.get(c.name) ?? 0;
    seen.set(c.name, n + 1);
    return n === 0 ? c.name : `${c.name}_${n + 1}`;
  });
  const records = rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i] ?? null])));
  return JSON.stringify(records, null, 2);
}

export function downloadText(filename: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
