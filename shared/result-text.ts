// Result rows as text, the same in the core's whole-result export and the grids' row copy:
// CSV (RFC 4180, with cells a spreadsheet would run as formulas defused) and JSON records.
// Values arrive JSON-safe (the core converts bigint and bytes first).

/** A cell as text: NULL as the empty string, JSON values as JSON text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A cell starting with = + - @ (or a tab/CR) is run as a formula by spreadsheets: prefix it with ' (numbers stay numbers). */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((c) => csvField(spreadsheetSafe(c))).join(',')}\r\n`;
}

/** JSON keys for the columns: a repeated name gets a suffix (`id`, `id_2`). */
export function recordKeys(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}_${n}`;
  });
}

export function toRecord(keys: readonly string[], row: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((k, i) => [k, row[i] ?? null]));
}
