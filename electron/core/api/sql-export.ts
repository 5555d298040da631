// Export of a whole console result, streamed from the database chunk by chunk (never the
// grid's rows, never the whole result in memory): CSV (RFC 4180, with cells a spreadsheet
// would run as formulas defused) or a JSON array of objects.
import type { Database, DbField } from '../db/database.js';
import type { SqlExportFormat } from '../../../shared/types.js';
import { jsonSafe } from './json-safe.js';
import { cellText, csvLine, recordKeys, toRecord } from '../../../shared/result-text.js';

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

function csvWriter(): FormatWriter {
  return {
    start: (fields) => csvLine(fields.map((f) => f.name)),
    row: (row) => csvLine(row.map((v) => cellText(jsonSafe(v)))),
    end: () => '',
  };
}

/** Objects keyed by column name. */
function jsonWriter(): FormatWriter {
  let keys: string[] = [];
  return {
    start(fields) {
      keys = recordKeys(fields.map((f) => f.name));
      return '[';
    },
    row: (row, first) => `${first ? '\n' : ',\n'}${JSON.stringify(toRecord(keys, row.map(jsonSafe)))}`,
    end: () => '\n]\n',
  };
}
