// An export written to a file the desktop app's save dialog chose. A cancelled or failed export
// leaves no partial file behind.
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ApiParsedInput } from '../../../shared/api.js';
import type { SqlExportResult } from '../../../shared/types.js';
import type { ExportSink } from './sql-export.js';
import type { SqlConsole } from './sql-console.js';

/** Picks the file to write (a save dialog), or null when the user cancelled it. */
export type ChooseExportFile = (suggestedName: string) => Promise<string | null>;

/**
 * Resolves once the stream took the text, waiting for 'drain' when its buffer is full. A stream
 * destroyed meanwhile (the browser went away) never drains: then it stops waiting, and the
 * export ends on the cancel that comes with it.
 */
export function streamSink(stream: Writable): ExportSink {
  return {
    async write(text) {
      if (stream.destroyed || stream.write(text)) return;
      await new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      });
    },
  };
}

export async function exportToFile(
  sqlConsole: SqlConsole,
  input: ApiParsedInput<'exportSql'>,
  choose: ChooseExportFile,
  onProgress: (rows: number, done: boolean) => void,
): Promise<SqlExportResult> {
  const file = await choose(`result-${new Date().toISOString().replace(/[:.]/g, '-')}.${input.format}`);
  if (!file) return { rows: 0, cancelled: true, file: null };
  const stream = fs.createWriteStream(file, { mode: 0o600 });
  // A file that cannot be opened or written (no such folder, disk full) fails the export with its
  // error; unheard, the stream's 'error' would end the process and the export wait forever.
  let failure: Error | null = null;
  stream.on('error', (error) => (failure ??= error));
  const sink = streamSink(stream);
  let result: SqlExportResult | null = null;
  try {
    result = await sqlConsole.export(
      input,
      {
        async write(text) {
          if (failure) throw failure;
          await sink.write(text);
        },
      },
      (rows) => onProgress(rows, false),
    );
    if (failure) throw failure;
    stream.end();
    await finished(stream);
  } finally {
    if (!result || result.cancelled) {
      stream.destroy();
      await fs.promises.rm(file, { force: true });
    }
    onProgress(result?.rows ?? 0, true);
  }
  return { ...result, file: result.cancelled ? null : file };
}
