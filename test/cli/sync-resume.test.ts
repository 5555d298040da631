// A sync killed mid-backfill (SIGKILL: no cleanup at all) resumes every partition of the
// parallel backfill after its last committed page on the next run, and converges without
// duplicates.
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { PartitionStore } from '../../electron/core/sync/partition-store.js';
import { createTestDatabase, postgresReachable } from '../support/postgres.js';
import { makeTempDir } from '../support/temp.js';
import { runCli, startCli } from '../support/cli-process.js';
import { waitFor } from '../support/wait.js';
import { expectedRows, readUsersTable } from './users-table.js';

const hasPostgres = await postgresReachable();
const USERS = 10_000;

/** The backfill partitions a killed run left behind (opens the database: a folder must be free). */
async function readPartitions(target: string) {
  const db = await openDatabase(parseTarget(target, ''));
  try {
    return await new PartitionStore(db, 'clerk').load();
  } finally {
    await db.close();
  }
}

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

  it.skipIf(skip)('resumes every partition after its cursor, with no duplicates and fewer requests than a full walk', async () => {
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
    const isPartitionWalk = (params: URLSearchParams) => params.has('created_at_after') || params.has('created_at_before');

    // Hold a partition's page once several pages were asked for: the other partitions' pages
    // have committed by then, each with its partition's cursor.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    let partitionPages = 0;
    const removeHook = server.faults.beforeListPage(async ({ params }) => {
      if (!isPartitionWalk(params) || ++partitionPages < 12) return;
      holding = true;
      await gate;
    });

    const first = startCli(['sync', '--once', '--database', database], env);
    await waitFor(() => holding, 'a partition page to be held', 90_000);
    if (kind === 'postgres') await waitFor(async () => (await countRows(database)) > 0, 'rows in users_sync', 30_000);
    first.child.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    removeHook();
    release();

    const started = (await readPartitions(database)).filter((p) => p.cursor !== null && !p.done);
    expect(started.length).toBeGreaterThan(0);
    const logStart = server.requestLog.length;
    const second = await runCli(['sync', '--once', '--database', database], env);
    expect(second.code, second.stderr).toBe(0);

    const walks = server.requestLog.slice(logStart).filter((e) => e.path === '/v1/users').map((e) => new URLSearchParams(e.query))
      .filter(isPartitionWalk);
    // Every partition with a committed page resumed after its cursor, none from its start...
    for (const p of started) {
      const own = walks.filter((q) => q.get('created_at_after') === (p.from === null ? null : String(p.from - 1)));
      expect(own.length).toBeGreaterThan(0);
      expect(own[0].get('starting_after')).toBe(p.cursor);
    }
    // ...so the run read fewer pages than walking everyone would, and inserted only the rest.
    expect(walks.length).toBeLessThan(Math.ceil(USERS / 500));
    const inserted = Number(/Synced: ([\d,]+) inserted/.exec(second.stdout)?.[1].replace(/,/g, ''));
    expect(inserted).toBeGreaterThan(0);
    expect(inserted).toBeLessThan(USERS);

    const rows = await readUsersTable(database);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows).toEqual(expectedRows(server));
  }, 180_000);
});
