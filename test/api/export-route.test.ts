// Serve's export download: a ticket issued only with the token (after the statement is checked),
// then a GET that needs nothing but the ticket, once; the rows stream from the database as they
// are read, progress and the outcome arrive as events, and a browser that goes away (the user
// cancelled the download) stops the export. A cancelled export is cut off, not ended cleanly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../electron/core/api/http-server.js';
import { memoryHistory, SqlConsole } from '../../electron/core/api/sql-console.js';
import { createExportDownloads, type ExportDownloads } from '../../electron/core/api/export-downloads.js';
import { exportDownloadPath, SQL_EXPORT_PATH, type CoreApi, type ExportTicket } from '../../shared/api.js';
import type { ApiEvent } from '../../shared/types.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { testTargets } from '../support/targets.js';
import { waitFor } from '../support/wait.js';

describe('the export download route', () => {
  let db: OpenedDatabase;
  let cleanup: () => Promise<void>;
  let sql: SqlConsole;
  let server: ApiServer;
  let downloads: ExportDownloads;
  const cancelled: string[] = [];
  const events: ApiEvent[] = [];
  const outcome = (queryId: string) => events.find((e) => e.type === 'export-progress' && e.queryId === queryId && e.done);

  beforeAll(async () => {
    ({ db, cleanup } = await testTargets[0].open());
    sql = new SqlConsole(db, () => ({ safeMode: false, maxResultRows: 10 }), memoryHistory());
    downloads = createExportDownloads(() => sql, (event) => events.push(event));
    const api = {
      cancelSql: async ({ queryId }: { queryId: string }) => {
        cancelled.push(queryId);
        return sql.cancel(queryId);
      },
    } as unknown as CoreApi;
    server = await startApiServer({ api, subscribe: () => () => {}, exports: downloads });
  });
  afterAll(async () => {
    downloads?.close();
    await server?.close();
    await sql?.close();
    await cleanup?.();
  });

  const post = (body: unknown, headers: Record<string, string> = { 'X-Seren-Token': server.token }) =>
    fetch(`${server.url}${SQL_EXPORT_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const ticketFor = async (body: unknown) => {
    const response = await post(body);
    expect(response.status).toBe(200);
    return ((await response.json()) as ExportTicket).ticket;
  };
  /** What a browser's download does: a plain GET, no token header. */
  const download = (ticket: string, signal?: AbortSignal) => fetch(`${server.url}${exportDownloadPath(ticket)}`, { signal });

  it('refuses a ticket request without the token', async () => {
    const response = await post({ sql: 'select 1', queryId: 'a', format: 'csv' }, {});
    expect(response.status).toBe(401);
  });

  it('streams every row as a CSV attachment for the ticket, and reports the outcome', async () => {
    const ticket = await ticketFor({ sql: 'select g from generate_series(1, 5000) g', queryId: 'b', format: 'csv' });
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    const response = await download(ticket);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="result-[0-9TZ-]+\.csv"$/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(5001);
    expect(lines.at(-1)).toBe('5000');
    expect(outcome('b')).toMatchObject({ rows: 5000, outcome: 'complete' });
  });

  it('serves a ticket once, and refuses a made-up one, with a clear message', async () => {
    const ticket = await ticketFor({ sql: 'select 1 as one', queryId: 'used', format: 'json' });
    expect((await download(ticket)).status).toBe(200);
    for (const refused of [ticket, 'made-up-ticket', `${ticket.slice(0, -1)}x`]) {
      const response = await download(refused);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-disposition')).toBeNull();
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
        'This export link does not work: each link downloads once, within a minute of Export being pressed. Press Export again in the console.',
      );
    }
  });

  it('answers a statement that cannot be re-read with the error envelope, before any ticket', async () => {
    const response = await post({ sql: 'delete from seren_auth.users_sync returning id', queryId: 'c', format: 'json' });
    expect(response.ok).toBe(false);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/Only a single SELECT/);
  });

  it('cancels an export whose download has not started by dropping its ticket', async () => {
    const ticket = await ticketFor({ sql: 'select 1', queryId: 'early', format: 'csv' });
    expect(downloads.revoke('early')).toBe(true);
    expect(outcome('early')).toMatchObject({ outcome: 'cancelled' });
    expect((await download(ticket)).status).toBe(404);
  });

  it('lets an unused ticket expire and tells the page nothing was exported', async () => {
    const shortLived: ApiEvent[] = [];
    const brief = createExportDownloads(() => sql, (event) => shortLived.push(event), 20);
    const ticket = await brief.issue({ sql: 'select 1', queryId: 'late', format: 'csv' });
    await waitFor(() => shortLived.length > 0, 'the ticket to expire');
    expect(shortLived[0]).toMatchObject({ queryId: 'late', done: true, outcome: 'failed', error: expect.stringMatching(/did not start within/) });
    expect(brief.redeem(ticket)).toBeNull();
  });

  it('cuts the download off when the export is cancelled, so it cannot pass for a complete file', async () => {
    const ticket = await ticketFor({ sql: "select g, repeat('x', 200) from generate_series(1, 2000000) g", queryId: 'cut', format: 'csv' });
    const response = await download(ticket);
    const reader = response.body!.getReader();
    await reader.read();
    await sql.cancel('cut');
    await expect((async () => {
      for (;;) if ((await reader.read()).done) return 'ended cleanly';
    })()).rejects.toThrow();
    await waitFor(() => outcome('cut') !== undefined, 'the export to end');
    expect(outcome('cut')).toMatchObject({ outcome: 'cancelled' });
  });

  it('stops the export when the browser goes away', async () => {
    const abort = new AbortController();
    const ticket = await ticketFor({ sql: "select g, repeat('x', 200) from generate_series(1, 2000000) g", queryId: 'd', format: 'csv' });
    const response = await download(ticket, abort.signal);
    const reader = response.body!.getReader();
    await reader.read();
    abort.abort();
    await waitFor(() => cancelled.includes('d'), 'the export to be cancelled');
    // The console is free again at once: the export no longer holds the embedded database.
    expect(((await sql.run({ sql: 'select 1 as one', queryId: 'e', confirmDestructive: false })) as { results: { rows: unknown[][] }[] }).results[0].rows).toEqual([[1]]);
  });
});
