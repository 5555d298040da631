// Export of a whole console result, streamed from the database chunk by chunk (never the
// grid's rows, never the whole result in memory): CSV (RFC 4180, with cells a spreadsheet
// would run as formulas defused) or a JSON array of objects.
import type { Database, DbField } from '../db/database.js';
import type { SqlExportFormat } from '../../../shared/types.js';
import { jsonSafe } from './json-safe.js';

/** Where the export goes: a file, an HTTP response. write() resolves once the text is taken (back-pressure). */
export interface ExportSink {
  write(text: string): Promise<void>;
}

const CHUNK_ROWS = 2000;

/** Streams every row of `sql` (already checked to be a plain query) to the sink; resolves with the rows written. */
export async function exportRows(
  db: Database,
  sql: string,
  format: SqlExportFormat,
  sink: ExportSink,
  signal: AbortSignal,
  onProgress?: (rows: number) => void,
): Promise<number> {
  const writer = format === 'csv' ? csvWriter() : jsonWriter();
  let rows = 0;
  let started = false;
  await db.streamQuery(sql, CHUNK_ROWS, async (chunk) => {
    let text = '';
    if (!started) {
      started = true;
      text += writer.start(chunk.fields);
    }
    for (const row of chunk.rows) text += writer.row(row, rows++ === 0);
    if (text) await sink.write(text);
    onProgress?.(rows);
  }, signal);
  if (!started) await sink.write(writer.start([]));
  if (!signal.aborted) await sink.write(writer.end());
  return rows;
}

interface FormatWriter {
  start(fields: DbField[]): string;
  row(row: unknown[], first: boolean): string;
  end(): string;
}

function cellText(value: unknown): string {
  const safe = jsonSafe(value);
  if (safe === null) return '';
  return typeof safe === 'object' ? JSON.stringify(safe) : String(safe);
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

function csvWriter(): FormatWriter {
  const line = (cells: string[]) => `${cells.map((c) => csvField(spreadsheetSafe(c))).join(',')}\r\n`;
  return {
    start: (fields) => line(fields.map((f) => f.name)),
    row: (row) => line(row.map(cellText)),
    end: () => '',
  };
}

/** Objects keyed by column name; a repeated name gets a suffix (`id`, `id_2`). */
function jsonWriter(): FormatWriter {
  let keys: string[] = [];
  return {
    start(fields) {
      const seen = new Map<string, number>();
      keys = fields.map((f) => {
        const n = (seen.get(f.name) ?? 0) + 1;
        seen.set(f.name, n);
        return n === 1 ? f.name : `${f.name}_${n}`;
      });
      return '[';
    },
    row: (row, first) => `${first ? '\n' : ',\n'}${JSON.stringify(Object.fromEntries(keys.map((k, i) => [k, jsonSafe(row[i]) ?? null])))}`,
    end: () => '\n]\n',
  };
}
