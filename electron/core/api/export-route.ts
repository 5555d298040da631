// Serve's download of a whole console result: the rows stream from the database into the HTTP
// response as they are read, and a browser that goes away (Cancel aborts the fetch) stops the
// read. The token check in http-server.ts runs before this, as for every API call.
import type http from 'node:http';
import type { ApiParsedInput, CoreApi } from '../../../shared/api.js';
import type { SqlExportResult } from '../../../shared/types.js';
import type { ExportSink } from './sql-export.js';
import { streamSink } from './export-file.js';

export type ExportHandler = (input: ApiParsedInput<'exportSql'>, sink: ExportSink) => Promise<SqlExportResult>;

const CONTENT_TYPE = { csv: 'text/csv; charset=utf-8', json: 'application/json; charset=utf-8' } as const;

export async function serveExport(
  input: ApiParsedInput<'exportSql'>,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  exportSql: ExportHandler,
  api: Pick<CoreApi, 'cancelSql'>,
): Promise<void> {
  const gone = () => {
    if (!res.writableFinished) void api.cancelSql({ queryId: input.queryId }).catch(() => {});
  };
  res.on('close', gone);
  const body = streamSink(res);
  // Headers go out with the first rows, so an error before them (a refused statement, an SQL
  // error) still gets the API's JSON error envelope.
  const sink: ExportSink = {
    write(text) {
      if (!res.headersSent) {
        res.writeHead(200, {
          'Content-Type': CONTENT_TYPE[input.format],
          'Content-Disposition': `attachment; filename="result.${input.format}"`,
          'Cache-Control': 'no-store',
        });
      }
      return body.write(text);
    },
  };
  try {
    await exportSql(input, sink);
  } finally {
    res.off('close', gone);
  }
  res.end();
}
