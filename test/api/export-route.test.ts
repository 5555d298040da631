// Serve's export download: behind the same token check as every API call, the rows stream from
// the database as they are read, a refused statement gets the API's error envelope, and a
// browser that goes away (Cancel) stops the export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../electron/core/api/http-server.js';
import { memoryHistory, SqlConsole } from '../../electron/core/api/sql-console.js';
import { SQL_EXPORT_PATH, type CoreApi } from '../../shared/api.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { testTargets } from '../support/targets.js';
import { waitFor } from '../support/wait.js';

describe('the export download route', () => {
  let db: OpenedDatabase;
  let cleanup: () => Promise<void>;
  let sql: SqlConsole;
  let server: ApiServer;
  const cancelled: string[] = [];

  beforeAll(async () => {
    ({ db, cleanup } = await testTargets[0].open());
    sql = new SqlConsole(db, () => ({ safeMode: false, maxResultRows: 10 }), memoryHistory());
    const api = {
      cancelSql: async ({ queryId }: { queryId: string }) => {
        cancelled.push(queryId);
        return sql.cancel(queryId);
      },
    } as unknown as CoreApi;
    server = await startApiServer({ api, subscribe: () => () => {}, exportSql: (input, sink) => sql.export(input, sink) });
  });
  afterAll(async () => {
    await server?.close();
    await sql?.close();
    await cleanup?.();
  });

  const post = (body: unknown, headers: Record<string, string> = { 'X-Seren-Token': server.token }, signal?: AbortSignal) =>
    fetch(`${server.url}${SQL_EXPORT_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), signal });

  it('refuses a request without the token', async () => {
    const response = await post({ sql: 'select 1', queryId: 'a', format: 'csv' }, {});
    expect(response.status).toBe(401);
  });

  it('streams every row as a CSV attachment', async () => {
    const response = await post({ sql: 'select g from generate_series(1, 5000) g', queryId: 'b', format: 'csv' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="result\.csv"/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(5001);
    expect(lines.at(-1)).toBe('5000');
  });

  it('answers a statement that cannot be re-read with the error envelope', async () => {
    const response = await post({ sql: 'delete from seren_auth.users_sync returning id', queryId: 'c', format: 'json' });
    expect(response.ok).toBe(false);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Only a single SELECT/);
  });

  it('stops the export when the browser goes away', async () => {
    const abort = new AbortController();
    const response = await post({ sql: 'select g, repeat(\'x\', 200) from generate_series(1, 2000000) g', queryId: 'd', format: 'csv' }, undefined, abort.signal);
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await waitFor(() => cancelled.includes('d'), 'the export to be cancelled');
    // The console is free again at once: the export no longer holds the embedded database.
    expect(((await sql.run({ sql: 'select 1 as one', queryId: 'e', confirmDestructive: false })) as { results: { rows: unknown[][] }[] }).results[0].rows).toEqual([[1]]);
  });
});
