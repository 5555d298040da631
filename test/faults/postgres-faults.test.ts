// Postgres going away under the engine, on a cluster of the test's own (test/support/scratch-cluster.ts):
// down at start, restarted mid-backfill, and stopped while watching. The engine must say what is
// going on, recover by itself, and end with users_sync equal to the provider's users.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { exitWithin, killIfRunning, runCli, startCli, type CliProcess } from '../support/cli-process.js';
import { startScratchCluster } from '../support/scratch-cluster.js';
import { waitFor } from '../support/wait.js';
import { MIRROR_SQL, mirrorDifferences, type MirrorRow } from './mirror.js';

const cluster = await startScratchCluster();
let server: ClerkServer | undefined;
let sync: CliProcess | undefined;

afterEach(async () => {
  await killIfRunning(sync);
  await server?.close();
});
afterAll(async () => cluster?.remove());

async function tableRows(url: string): Promise<MirrorRow[] | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.query<MirrorRow>(MIRROR_SQL)).rows;
  } catch {
    return null; // down, or the schema is not there yet
  } finally {
    await client.end().catch(() => {});
  }
}

/** Until users_sync mirrors the server; fails listing what still differs. */
async function converged(url: string, deleted: string[] = []): Promise<void> {
  let last: string[] = ['no rows read yet'];
  await waitFor(async () => {
    const rows = await tableRows(url);
    if (rows) last = mirrorDifferences(rows, server!, deleted);
    return rows !== null && last.length === 0;
  }, 'users_sync to mirror the server', 60_000).catch((error: Error) => {
    throw new Error(`${error.message}: ${last.slice(0, 5).join('; ')}`);
  });
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe.skipIf(!cluster)('when Postgres goes away', () => {
  const env = () => ({ CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server!.url });
  const newDatabase = () => cluster!.createDatabase(`faults_${randomBytes(4).toString('hex')}`);

  it('down at start: --once exits 1 naming the database; a watching sync retries, then syncs once it is up', async () => {
    server = await startClerkServer({ users: 40, seed: 41, rateLimit: false });
    const url = await newDatabase();
    await cluster!.stop();
    try {
      const once = await runCli(['sync', '--once', '--database', url], env());
      expect(once.code, once.stderr).toBe(1);
      expect(once.stderr).toContain(`Cannot reach the database ${url}: connection refused`);

      sync = startCli(['sync', '--database', url, '--poll-interval', '200ms'], env());
      const running = sync;
      await waitFor(() => running.stderr().includes(`Retrying: Cannot reach the database ${url}: connection refused`), 'the sync to retry', 30_000);
      expect(running.child.exitCode).toBeNull();
    } finally {
      await cluster!.start();
    }
    const running = sync!;
    await waitFor(() => running.stderr().includes('Watching for changes'), 'the sync to start once Postgres is up', 60_000);
    await converged(url);
    running.child.kill('SIGTERM');
    expect((await exitWithin(running, 15_000)).code).toBe(0);
  }, 180_000);

  it('restarted mid-backfill and stopped while watching: recovers, nothing lost, nothing duplicated', async () => {
    server = await startClerkServer({ users: 1500, seed: 42, rateLimit: false });
    const url = await newDatabase();
    // The second page of the backfill is answered only after Postgres restarted: the engine's
    // connections (pool, engine lock, LISTEN) all die between two committed pages.
    let restarts = 0;
    const stopHook = server.faults.beforeListPage(async ({ page }) => {
      if (page === 2 && restarts++ === 0) await cluster!.restart();
    });
    sync = startCli(['sync', '--database', url, '--poll-interval', '200ms'], env());
    const running = sync;
    try {
      await waitFor(() => running.stderr().includes('Watching for changes'), 'the backfill to finish', 90_000).catch((error: Error) => {
        throw new Error(`${error.message}\nsync stderr:\n${running.stderr()}`);
      });
    } finally {
      stopHook();
    }
    expect(restarts).toBe(1);
    // The pages in flight may all commit on fresh pool connections; the lost engine lock is then
    // found by the next poll, which says so and takes the lock again.
    await waitFor(() => running.stderr().includes('Retrying:'), 'the sync to notice the restart', 30_000);
    await converged(url);

    // Stopped while watching, with changes at the provider meanwhile.
    const retriesBefore = count(running.stderr(), 'Retrying:');
    await cluster!.stop();
    const deleted: string[] = [];
    try {
      await waitFor(() => count(running.stderr(), 'Retrying:') > retriesBefore, 'the sync to notice Postgres is gone', 30_000);
      const users = server.store.listAll();
      for (const u of users.slice(0, 5)) server.store.updateUser(u.id, { first_name: 'WhileDown' });
      for (const u of users.slice(5, 8)) {
        server.store.deleteUser(u.id);
        deleted.push(u.id);
      }
      for (let i = 0; i < 4; i++) server.store.createUser({ first_name: 'CreatedWhileDown' });
    } finally {
      await cluster!.start();
    }
    await converged(url, deleted);
    expect(running.child.exitCode).toBeNull();

    // One engine still holds the engine lock: the restarted sync took it again exactly once.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 1 AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
    running.child.kill('SIGTERM');
    expect((await exitWithin(running, 15_000)).code).toBe(0);
  }, 240_000);
});
