// `seren-auth sync --once` against the local Clerk-compatible server, on both targets.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { createTestDatabase, postgresReachable } from '../support/postgres.js';
import { makeTempDir } from '../support/temp.js';
import { runCli } from '../support/cli-process.js';
import { expectedRows, readUsersTable } from './users-table.js';

const hasPostgres = await postgresReachable();

interface Target {
  database: string;
  remove(): Promise<void>;
}

async function makeTarget(kind: 'pglite' | 'postgres'): Promise<Target> {
  if (kind === 'postgres') {
    const db = await createTestDatabase('seren_cli');
    return { database: db.url, remove: db.drop };
  }
  const tmp = await makeTempDir();
  return { database: path.join(tmp.dir, 'db'), remove: tmp.remove };
}

describe.each([
  { kind: 'pglite' as const, skip: false },
  { kind: 'postgres' as const, skip: !hasPostgres },
])('sync --once on $kind', ({ kind, skip }) => {
  let server: ClerkServer;
  let target: Target;

  beforeEach(async () => {
    server = await startClerkServer({ users: 300, seed: 7 });
    target = await makeTarget(kind);
  });
  afterEach(async () => {
    await server?.close();
    await target?.remove();
  });

  const sync = (...extra: string[]) =>
    runCli(['sync', '--once', '--database', target.database, ...extra], { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server.url });

  it.skipIf(skip)('fills users_sync equal to the server, and converges again after creates, updates and deletes', async () => {
    const first = await sync();
    expect(first.stderr).not.toContain(DEMO_SECRET_KEY);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Synced: 300 inserted, 0 updated, 0 deleted, 0 quarantined\. Now 300 active and 0 deleted users/);
    expect(await readUsersTable(target.database)).toEqual(expectedRows(server));

    // Soft deletion: deleted users stay with deleted_at set.
    const [a, b, c, d] = server.store.listAll().map((u) => u.id);
    const created = server.store.createUser();
    server.store.updateUser(a);
    server.store.deleteUser(b);
    const second = await sync();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/1 inserted, 1 updated, 1 deleted/);
    const afterSoft = await readUsersTable(target.database);
    expect(afterSoft.filter((r) => !r.deleted)).toEqual(expectedRows(server));
    expect(afterSoft.filter((r) => r.deleted).map((r) => r.id)).toEqual([b]);
    expect(afterSoft.map((r) => r.id)).toContain(created.id);

    // Hard deletion: rows of users deleted since are removed.
    server.store.deleteUser(c);
    server.store.updateUser(d);
    const third = await sync('--deletion', 'hard');
    expect(third.code, third.stderr).toBe(0);
    const afterHard = await readUsersTable(target.database);
    expect(afterHard.map((r) => r.id)).not.toContain(c);
    expect(afterHard.filter((r) => !r.deleted)).toEqual(expectedRows(server));
  }, 120_000);
});

describe('sync refuses bad configuration', () => {
  let server: ClerkServer;
  let tmp: { dir: string; remove(): Promise<void> };
  beforeEach(async () => {
    server = await startClerkServer({ users: 5 });
    tmp = await makeTempDir();
  });
  afterEach(async () => {
    await server.close();
    await tmp.remove();
  });

  it('a rejected key exits 2 naming the key problem, before the database is created', async () => {
    const folder = path.join(tmp.dir, 'db');
    const wrongKey = 'sk_test_wrongwrongwrong1234';
    const result = await runCli(['sync', '--once', '--database', folder], { CLERK_SECRET_KEY: wrongKey, CLERK_API_URL: server.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Clerk rejected the secret key/);
    expect(result.stderr).toContain('sk_test_…1234');
    expect(result.stderr).not.toContain(wrongKey);
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(fs.existsSync(folder)).toBe(false);
    expect(fs.readdirSync(tmp.dir)).toEqual([]);
  });

  it.skipIf(!hasPostgres)('a rejected key leaves a Postgres database untouched', async () => {
    const db = await createTestDatabase('seren_cli');
    try {
      const result = await runCli(['sync', '--once', '--database', db.url], { CLERK_SECRET_KEY: 'sk_test_nope', CLERK_API_URL: server.url });
      expect(result.code).toBe(2);
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query("select count(*)::int as n from information_schema.schemata where schema_name = 'seren_auth'");
        expect(rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
    }
  });

  it('a missing key exits 2 and says which variable to set', async () => {
    const result = await runCli(['sync', '--once', '--database', path.join(tmp.dir, 'db')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CLERK_SECRET_KEY is not set/);
  });

  it('a database that is down exits 1 (a runtime failure: it may come back) naming the database', async () => {
    const result = await runCli(['sync', '--once', '--database', 'postgres://someone:hunter2@127.0.0.1:1/nowhere'], {
      CLERK_SECRET_KEY: DEMO_SECRET_KEY,
      CLERK_API_URL: server.url,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach the database postgres:\/\/someone:\*\*\*@127\.0\.0\.1:1\/nowhere/);
    expect(result.stderr).not.toContain('hunter2');
  });
});
