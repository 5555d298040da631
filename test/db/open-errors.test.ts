import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '../../electron/core/db/database.js';
import { testDatabaseConnection } from '../../electron/core/db/open-database.js';
import { openPostgres } from '../../electron/core/db/postgres.js';
import { ADMIN_URL, createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';

const hasPostgres = await postgresReachable();

function withPath(url: string, change: (u: URL) => void): string {
  const u = new URL(url);
  change(u);
  return u.toString();
}

async function openError(url: string): Promise<DatabaseOpenError> {
  const error = await openPostgres(url).then(
    async (db) => {
      await db.close();
      return new Error('opened unexpectedly');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatabaseOpenError);
  return error as DatabaseOpenError;
}

describe('opening Postgres fails with a plain message', () => {
  it('when nothing listens on the port', async () => {
    const url = 'postgres://someone:hunter2@127.0.0.1:1/app';
    const error = await openError(url);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toBe(
      'Cannot reach the database postgres://someone:***@127.0.0.1:1/app: connection refused (is the server running and listening on that port?).',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('when the host name does not resolve', async () => {
    const error = await openError('postgres://u@no-such-host.invalid/app');
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain('host not found');
  });

  it('when the URL is not valid', async () => {
    const error = await openError('postgres://u@[bad/app');
    expect(error.reason).toBe('invalid');
  });

  describe.skipIf(!hasPostgres)('on a live server', () => {
    it('when the database does not exist', async () => {
      const url = withPath(ADMIN_URL, (u) => (u.pathname = '/seren_no_such_db'));
      const error = await openError(url);
      expect(error.reason).toBe('not_found');
      expect(error.message).toContain('seren_no_such_db');
      expect(error.message).toMatch(/does not exist/);
    });

    it('when the role is not accepted', async () => {
      const url = withPath(ADMIN_URL, (u) => {
        u.username = 'seren_no_such_role';
        u.password = 'pw';
      });
      const error = await openError(url);
      expect(error.reason).toBe('auth');
      expect(error.message).toContain('seren_no_such_role');
      expect(error.message).not.toContain(':pw@');
    });
  });
});

describe.skipIf(!hasPostgres)('Postgres connection details', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb?.drop());

  it('names itself in pg_stat_activity so another engine can say who holds a lock', async () => {
    const db = await openPostgres(testDb.url);
    try {
      const { rows } = await db.query<{ name: string }>('SELECT application_name AS name FROM pg_stat_activity WHERE pid = pg_backend_pid()');
      expect(rows[0].name).toMatch(new RegExp(`^seren-auth \\(pid ${process.pid}@`));
    } finally {
      await db.close();
    }
  });

  it('honours sslmode=disable, and reports a TLS problem plainly when the server has no TLS', async () => {
    const db = await openPostgres(withPath(testDb.url, (u) => u.searchParams.set('sslmode', 'disable')));
    let serverSsl: string;
    try {
      serverSsl = (await db.query<{ ssl: string }>('SHOW ssl')).rows[0].ssl;
    } finally {
      await db.close();
    }
    // The local test server normally runs without TLS; with TLS on, sslmode=require would just work.
    if (serverSsl === 'off') {
      const error = await openError(withPath(testDb.url, (u) => u.searchParams.set('sslmode', 'require')));
      expect(error.reason).toBe('tls');
      expect(error.message).toMatch(/^Secure connection \(TLS\) to .* failed: The server does not support SSL connections/);
    }
  });

  it('testDatabaseConnection says ok with the server version, or gives the plain failure', async () => {
    const good = await testDatabaseConnection(testDb.url);
    expect(good.ok).toBe(true);
    expect(good.message).toMatch(/PostgreSQL \d+/);
    const bad = await testDatabaseConnection('postgres://root@127.0.0.1:1/x');
    expect(bad).toEqual({ ok: false, message: expect.stringContaining('connection refused') });
  });
});
