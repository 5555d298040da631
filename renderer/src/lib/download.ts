// Export of a whole console result: the core reads it again from the database and streams it.
// In the desktop app the core writes it to the file a save dialog picked; in the browser (serve)
// it arrives as a download, read here as it streams so the page can show progress and cancel.
import { SQL_EXPORT_PATH, type ApiInput } from '../../../shared/api';
import type { SqlExportResult } from '../../../shared/types';
import { api, inDesktopApp, postStream, subscribe } from '../api/transport';

export type ExportInput = ApiInput<'exportSql'>;

/** Progress as the user reads it: rows written (desktop) or bytes received (browser). */
export type ExportProgress = { rows: number } | { bytes: number };

export interface ExportOutcome extends SqlExportResult {
  bytes: number | null;
}

export async function exportResult(input: ExportInput, onProgress: (p: ExportProgress) => void, signal: AbortSignal): Promise<ExportOutcome> {
  if (inDesktopApp) {
    const stop = subscribe((event) => {
      if (event.type === 'export-progress' && event.queryId === input.queryId) onProgress({ rows: event.rows });
    });
    const cancel = () => void api.cancelSql({ queryId: input.queryId });
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return { ...(await api.exportSql(input)), bytes: null };
    } finally {
      signal.removeEventListener('abort', cancel);
      stop();
    }
  }
  let response: Response;
  try {
    response = await postStream(SQL_EXPORT_PATH, input, signal);
  } catch (error) {
    if (signal.aborted) return { rows: 0, cancelled: true, file: null, bytes: 0 };
    throw error;
  }
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.length;
      onProgress({ bytes });
    }
  } catch (error) {
    if (signal.aborted) return { rows: 0, cancelled: true, file: null, bytes };
    throw new Error('The export stopped before it was complete: the database or the server failed. Nothing was saved.');
  }
  const name = `result-${new Date().toISOString().replace(/[:.]/g, '-')}.${input.format}`;
  saveBlob(name, new Blob(parts as BlobPart[], { type: response.headers.get('Content-Type') ?? 'application/octet-stream' }));
  return { rows: 0, cancelled: false, file: name, bytes };
}

function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
