// The two ways a sync refuses to go on: the mass-deletion guard (exit 3) and a database bound
// to another Clerk instance (exit 2). Neither changes the table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';
import { runCli } from '../support/cli-process.js';
import { expectedRows, readUsersTable } from './users-table.js';

const hasPostgres = await postgresReachable();

describe.skipIf(!hasPostgres)('sync stops', () => {
  let server: ClerkServer;
  let db: TestDatabase;
  const servers: ClerkServer[] = [];
  beforeEach(async () => {
    server = await startClerkServer({ users: 300, seed: 21 });
    db = await createTestDatabase('seren_cli');
  });
  afterEach(async () => {
    for (const s of [server, ...servers.splice(0)]) await s.close();
    await db.drop();
  });
  const syncOnce = (s: ClerkServer, ...extra: string[]) =>
    runCli(['sync', '--once', '--database', db.url, ...extra], { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: s.url });

  it('the mass-deletion guard exits 3 and deletes nothing, until --allow-mass-delete', async () => {
    expect((await syncOnce(server)).code).toBe(0);
    for (const user of server.store.listAll().slice(0, 200)) server.store.deleteUser(user.id);

    const guarded = await syncOnce(server);
    expect(guarded.code).toBe(3);
    expect(guarded.stderr).toMatch(/no longer lists 200 of the 300 active users/);
    expect(guarded.stderr).toMatch(/--allow-mass-delete/);
    expect((await readUsersTable(db.url)).filter((r) => !r.deleted)).toHaveLength(300);

    const allowed = await syncOnce(server, '--allow-mass-delete');
    expect(allowed.code, allowed.stderr).toBe(0);
    expect((await readUsersTable(db.url)).filter((r) => !r.deleted)).toEqual(expectedRows(server));
  });

  it('a key for another instance exits 2 naming both instances; status still shows the first', async () => {
    expect((await syncOnce(server)).code).toBe(0);
    const other = await startClerkServer({ users: 5, seed: 22 });
    servers.push(other);
    expect(other.instanceId).not.toBe(server.instanceId);

    const mismatch = await syncOnce(other);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain(`mirrors Clerk instance ${server.instanceId}`);
    expect(mismatch.stderr).toContain(`belong to Clerk instance ${other.instanceId}`);

    const status = await runCli(['status', '--json', '--database', db.url]);
    expect(status.code, status.stderr).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({
      runningPid: null,
      state: null,
      instance: { id: server.instanceId, environment: 'development' },
      counts: { active: 300, deleted: 0, quarantined: 0 },
      lastRun: { status: 'ok' },
      lastError: null,
    });
  });
});
