// A plain left-aligned text table for the bench's output, and the units its cells use.
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export const ms = (v: number) => `${v.toFixed(1)} ms`;
export const mb = (v: number) => `${Math.round(v)} MB`;
/** Seconds; null is a change the run waited for in vain. */
export const s = (v: number | null) => (v === null ? 'not seen' : `${v.toFixed(2)} s`);
