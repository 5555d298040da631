// Export of a whole console result: the core reads it again from the database and streams it.
// In the desktop app the core writes it to the file a save dialog picked. In the browser (serve)
// the page gets a single-use ticket and lets the browser download it, so the file streams to disk
// and never sits in the page's memory. Both report rows written through 'export-progress' events.
import { exportDownloadPath, SQL_EXPORT_PATH, type ApiInput, type ExportTicket } from '../../../shared/api';
import type { ApiEvent, SqlExportResult } from '../../../shared/types';
import { api, inDesktopApp, postJson, subscribe } from '../api/transport';

export type ExportInput = ApiInput<'exportSql'>;

/** Progress as the user reads it: rows written so far. */
export interface ExportProgress {
  rows: number;
}

type ProgressEvent = Extract<ApiEvent, { type: 'export-progress' }>;

export async function exportResult(input: ExportInput, onProgress: (p: ExportProgress) => void, signal: AbortSignal): Promise<SqlExportResult> {
  let ended: (event: ProgressEvent) => void = () => {};
  const end = new Promise<ProgressEvent>((resolve) => (ended = resolve));
  // Listening before the export starts, so no event is missed.
  const stop = subscribe((event) => {
    if (event.type !== 'export-progress' || event.queryId !== input.queryId) return;
    if (event.outcome) ended(event);
    else onProgress({ rows: event.rows });
  });
  const cancel = () => {
    void api.cancelSql({ queryId: input.queryId }).catch(() => {});
    // Cancelled now, whether or not the core's last event reaches the page.
    ended({ type: 'export-progress', queryId: input.queryId, rows: 0, done: true, outcome: 'cancelled' });
  };
  signal.addEventListener('abort', cancel, { once: true });
  try {
    if (inDesktopApp) return await api.exportSql(input);
    const { ticket } = await postJson<ExportTicket>(SQL_EXPORT_PATH, input);
    if (signal.aborted) return { rows: 0, cancelled: true, file: null };
    startDownload(exportDownloadPath(ticket));
    const event = await end;
    if (event.outcome === 'failed') throw new Error(event.error ?? 'The export failed.');
    return { rows: event.rows, cancelled: event.outcome === 'cancelled', file: null };
  } finally {
    signal.removeEventListener('abort', cancel);
    stop();
  }
}

/** A native download: the browser streams the attachment to disk under the server's file name. */
function startDownload(href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = '';
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
}
