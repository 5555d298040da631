// psql-style aligned text tables for query results.

/** How one cell reads in a table: NULL as empty (as psql shows it), JSON compact, one line. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/\r?\n/g, '\\n').replace(/\t/g, '\\t');
}

export function renderTable(headers: string[], rows: unknown[][]): string {
  const cells = rows.map((row) => row.map(cellText));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
  const line = (values: string[]) => ` ${values.map((v, i) => v.padEnd(widths[i])).join(' | ')}`.trimEnd();
  const centred = headers.map((h, i) => h.padStart(Math.floor((widths[i] + h.length) / 2)).padEnd(widths[i]));
  const rule = widths.map((w) => '-'.repeat(w + 2)).join('+');
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return [line(centred), rule, ...cells.map(line), count].join('\n');
}
