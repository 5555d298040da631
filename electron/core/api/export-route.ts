// Serve's download of a whole console result, redeemed by its single-use ticket (see
// SQL_EXPORT_PATH): the rows stream from the database into the HTTP response as they are read,
// and a browser that goes away (the user cancelled the download) stops the read. An export that
// is cancelled or fails after the file started is cut off without the chunked body's final
// chunk, so the browser marks the download failed instead of keeping a short file as complete.
import type http from 'node:http';
import type { CoreApi } from '../../../shared/api.js';
import type { ExportSink } from './sql-export.js';
import type { ExportDownloads } from './export-downloads.js';
import { streamSink } from './export-file.js';
import { HttpError } from './http-errors.js';

const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;
const DOWNLOAD_PREFIX = '/api/export/';

/** The ticket in a download path, or null for any other path. */
export function ticketInPath(pathname: string): string | null {
  return pathname.startsWith(DOWNLOAD_PREFIX) && pathname.length > DOWNLOAD_PREFIX.length ? pathname.slice(DOWNLOAD_PREFIX.length) : null;
}

export async function serveExportDownload(
  ticket: string,
  res: http.ServerResponse,
  downloads: ExportDownloads,
  api: Pick<CoreApi, 'cancelSql'>,
): Promise<void> {
  const input = downloads.redeem(ticket);
  if (!input) {
    throw new HttpError(
      404,
      'This export link does not work: each link downloads once, within a minute of Export being pressed. Press Export again in the console.',
      'export_link_invalid',
    );
  }
  const gone = () => {
    if (!res.writableFinished) void api.cancelSql({ queryId: input.queryId }).catch(() => {});
  };
  res.on('close', gone);
  const body = streamSink(res);
  const name = `result-${new Date().toISOString().replace(/[:.]/g, '-')}.${input.format}`;
  // Headers go out with the first rows, so an error before them (an SQL error) still gets the
  // API's JSON error envelope (and a non-2xx status, which fails the download).
  const sink: ExportSink = {
    write(text) {
      if (!res.headersSent) {
        res.writeHead(200, { 'Content-Type': CONTENT_TYPE[input.format], 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'no-store' });
      }
      return body.write(text);
    },
  };
  let complete = false;
  try {
    complete = !(await downloads.run(input, sink)).cancelled;
  } finally {
    res.off('close', gone);
  }
  if (complete) res.end();
  else res.destroy();
}
