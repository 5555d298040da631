// A sync killed mid-backfill (SIGKILL: no cleanup at all) resumes after its last committed
// page on the next run, and converges without duplicates.
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { createTestDatabase, postgresReachable } from '../support/postgres.js';
import { makeTempDir } from '../support/temp.js';
import { runCli, startCli } from '../support/cli-process.js';
import { waitFor } from '../support/wait.js';
import { expectedRows, readUsersTable } from './users-table.js';

const hasPostgres = await postgresReachable();
const USERS = 3000;

async function countRows(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM seren_auth.users_sync');
    return rows[0].n;
  } catch {
    return 0; // the schema is not there yet
  } finally {
    await client.end();
  }
}

describe.each([
  { kind: 'pglite' as const, skip: false },
  { kind: 'postgres' as const, skip: !hasPostgres },
])('sync killed mid-backfill on $kind', ({ kind, skip }) => {
  let server: ClerkServer | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await server?.close();
    for (const c of cleanups.splice(0)) await c();
  });

  it.skipIf(skip)('resumes after the cursor and converges with no duplicates', async () => {
    server = await startClerkServer({ users: USERS, seed: 11 });
    let database: string;
    if (kind === 'postgres') {
      const db = await createTestDatabase('seren_cli');
      cleanups.push(db.drop);
      database = db.url;
    } else {
      const tmp = await makeTempDir();
      cleanups.push(tmp.remove);
      database = path.join(tmp.dir, 'db');
    }
    const env = { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server.url };

    // Hold the third backfill page. The engine asks for page n+1 while it writes page n, and for
    // page n+2 only after page n and its checkpoint have committed: so page 1 is in the table.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    let cursorPages = 0;
    const removeHook = server.faults.beforeListPage(async ({ params }) => {
      if (!params.get('starting_after')) return;
      if (++cursorPages < 2) return;
      holding = true;
      await gate;
    });

    const first = startCli(['sync', '--once', '--database', database], env);
    await waitFor(() => holding, 'the third backfill page to be requested', 60_000);
    if (kind === 'postgres') await waitFor(async () => (await countRows(database)) > 0, 'rows in users_sync', 30_000);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    removeHook();
    release();

    const logStart = server.requestLog.length;
    const second = await runCli(['sync', '--once', '--database', database], env);
    expect(second.code, second.stderr).toBe(0);

    // Resumed: the first backfill request of the second run starts after a cursor...
    const backfillRequests = server.requestLog
      .slice(logStart)
      .filter((e) => e.path === '/v1/users' && new URLSearchParams(e.query).get('order_by')?.trim().replace(/^\+/, '') === 'created_at');
    expect(backfillRequests.length).toBeGreaterThan(0);
    expect(new URLSearchParams(backfillRequests[0].query).get('starting_after')).toBeTruthy();
    // ...and the run inserted only what the first run had not committed.
    const inserted = Number(/Synced: ([\d,]+) inserted/.exec(second.stdout)?.[1].replace(/,/g, ''));
    expect(inserted).toBeGreaterThan(0);
    expect(inserted).toBeLessThan(USERS);

    const rows = await readUsersTable(database);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows).toEqual(expectedRows(server));
  }, 120_000);
});
