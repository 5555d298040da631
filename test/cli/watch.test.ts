// `seren-auth sync` without --once on an embedded folder: it keeps the table current, serves
// `query` and `status` for the folder it holds, and stops cleanly on SIGTERM.
import path from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { mapClerkUser } from '../../electron/core/providers/clerk/clerk-user.js';
import { readFolderLock } from '../../electron/core/db/folder-lock.js';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { makeTempDir } from '../support/temp.js';
import { exitWithin, killIfRunning, runCli, startCli, type CliProcess } from '../support/cli-process.js';
import { waitFor } from '../support/wait.js';

let server: ClerkServer | undefined;
let tmp: { dir: string; remove(): Promise<void> } | undefined;
let sync: CliProcess | undefined;

afterEach(async () => {
  await killIfRunning(sync);
  await server?.close();
  await tmp?.remove();
});

it('keeps syncing, answers query and status for its folder, and exits 0 on SIGTERM', async () => {
  server = await startClerkServer({ users: 50, seed: 3 });
  tmp = await makeTempDir();
  const database = path.join(tmp.dir, 'db');
  sync = startCli(['sync', '--database', database, '--poll-interval', '200ms', '--listen', '127.0.0.1:0'], {
    CLERK_SECRET_KEY: DEMO_SECRET_KEY,
    CLERK_API_URL: server.url,
  });
  const running = sync;
  await waitFor(() => running.stderr().includes('Watching for changes'), 'the sync to start watching', 60_000);

  const created = server.store.createUser();
  const query = (sql: string, ...extra: string[]) => runCli(['query', sql, '--database', database, ...extra]);
  const row = await waitFor(async () => {
    const result = await query(`select id, name, email, created_at from seren_auth.users_sync where id = '${created.id}'`, '--json');
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Record<string, unknown>[];
    return rows[0];
  }, 'the new user to appear in users_sync', 30_000);
  const mapped = mapClerkUser(created);
  expect(row).toEqual({ id: created.id, name: mapped.name, email: mapped.email, created_at: new Date(created.created_at).toISOString() });
  await waitFor(() => running.stderr().includes('+1 ~0 -0 users'), 'the change line', 30_000);

  // The folder is held by the sync: status comes from it, live.
  const status = await runCli(['status', '--json', '--database', database]);
  expect(status.code, status.stderr).toBe(0);
  const report = JSON.parse(status.stdout);
  expect(report.runningPid).toBe(running.child.pid);
  expect(report.instance).toMatchObject({ provider: 'Clerk', id: server.instanceId, environment: 'development' });
  expect(report.counts).toEqual({ active: 51, deleted: 0, quarantined: 0 });
  expect(report.lastSyncAt).toBeTruthy();
  const text = await runCli(['status', '--database', database]);
  expect(text.stdout).toMatch(/answered by the running seren-auth, pid \d+/);
  expect(text.stdout).toMatch(/Users:\s+51 active, 0 deleted, 0 quarantined/);

  // A text table, through the running process.
  const table = await query('select count(*) as users from seren_auth.users_sync');
  expect(table.code, table.stderr).toBe(0);
  expect(table.stdout).toMatch(/users\n-+\n 51\n\(1 row\)/);

  // SQL errors through the running process keep Postgres's message and position.
  const bad = await query('select id, nme from seren_auth.users_sync');
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('column "nme" does not exist');
  expect(bad.stderr).toContain('at character 12');

  // --listen: psql and other Postgres clients reach the same data on the printed loopback URL.
  const psqlUrl = /psql "(postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres\?sslmode=disable)"/.exec(running.stderr())?.[1];
  expect(psqlUrl).toBeTruthy();
  const client = new pg.Client({ connectionString: psqlUrl });
  await client.connect();
  try {
    const { rows } = await client.query('select count(*)::int as n from seren_auth.users_sync where deleted_at is null');
    expect(rows[0].n).toBe(51);
  } finally {
    await client.end();
  }

  running.child.kill('SIGTERM');
  const result = await exitWithin(running, 15_000);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain('Stopped.');
  expect(await readFolderLock(database)).toBeNull();
}, 120_000);
