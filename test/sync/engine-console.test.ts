// The SQL console and the sync share the embedded database's one session. While a long console
// query runs, the sync's status says it waits for the database; cancelling that query is not a
// sync failure: no retrying, no failed run, and syncing goes on.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { SyncEngine } from '../../electron/core/sync/engine.js';
import type { SyncStatus } from '../../shared/types.js';
import { makeTempDir } from '../support/temp.js';
import { waitFor } from '../support/wait.js';

let db: OpenedDatabase;
let server: ClerkServer;
let tmp: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  tmp = await makeTempDir();
  const dir = path.join(tmp.dir, 'db');
  db = await openDatabase(parseTarget(dir, dir));
  server = await startClerkServer({ users: 30, seed: 5, rateLimit: false });
});
afterAll(async () => {
  await db?.close();
  await server?.close();
  await tmp?.remove();
});

it('waits for a long console query, and a cancelled one does not show the sync as failed', async () => {
  const provider = new ClerkProvider({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url });
  const engine = new SyncEngine({ db, provider, pollIntervalMs: 50 });
  const seen: SyncStatus[] = [];
  engine.on('status', (s) => seen.push(s));
  const abort = new AbortController();
  const watching = engine.watch(abort.signal);
  try {
    await waitFor(() => engine.status.state === 'watching', 'the backfill', 60_000);
    const session = await db.openConsoleSession();
    const sleeping = session.query('SELECT pg_sleep(60)').catch((e: unknown) => e);
    await waitFor(() => engine.status.message === 'Waiting for the database: a console query is running.', 'the status to say the sync waits');
    const from = seen.length;
    await session.cancel();
    expect(await sleeping).toMatchObject({ code: '57014' });

    const fresh = server.store.createUser({ first_name: 'AfterCancel' });
    await waitFor(async () => (await db.query('SELECT 1 FROM seren_auth.users_sync WHERE id = $1', [fresh.id])).rows.length > 0, 'syncing to go on');
    await waitFor(() => engine.status.message === null, 'the wait message to go');
    const after = seen.slice(from);
    expect(after.filter((s) => s.state === 'retrying' || s.state === 'failed')).toEqual([]);
    expect(after.filter((s) => s.lastError !== null)).toEqual([]);
    const failedRuns = await db.query("SELECT kind, error FROM seren_auth.sync_runs WHERE status = 'failed' OR error IS NOT NULL");
    expect(failedRuns.rows).toEqual([]);
  } finally {
    abort.abort();
    await watching;
  }
}, 120_000);
