import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate } from '../../electron/core/db/migrations.js';
import { openPostgres } from '../../electron/core/db/postgres.js';
import { parseSql } from '../../electron/core/sql/parse.js';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';

// Migrations are written one statement per entry (not split at start-up); the real parser says
// each entry is exactly one statement, so none is silently two or cut short.
describe('migration statements', () => {
  it.each(MIGRATIONS.map((m) => [m.version, m] as const))('migration %i: every entry is one whole statement', async (_version, migration) => {
    expect(migration.statements.length).toBeGreaterThan(0);
    for (const sql of migration.statements) {
      const parsed = await parseSql(sql);
      expect(parsed.map((s) => s.sql)).toEqual([sql]);
    }
  });
});

// The PGlite side of migrations is covered in database.test.ts; here, Postgres-only concurrency.
describe.skipIf(!(await postgresReachable()))('migrate on a shared Postgres', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(() => testDb?.drop());

  it('lets two engines start at once: each migration is applied exactly once', async () => {
    const [a, b] = await Promise.all([openPostgres(testDb.url), openPostgres(testDb.url)]);
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const versions = MIGRATIONS.map((m) => m.version);
      expect([...ra.applied, ...rb.applied].sort((x, y) => x - y)).toEqual(versions);
      const { rows } = await a.query('SELECT version FROM seren_auth.schema_migrations ORDER BY version');
      expect(rows).toEqual(versions.map((version) => ({ version })));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('touches nothing outside the seren_auth schema', async () => {
    const db = await openPostgres(testDb.url);
    try {
      const { rows } = await db.query(
        `SELECT table_schema, table_name FROM information_schema.tables
          WHERE table_schema NOT IN ('seren_auth', 'pg_catalog', 'information_schema')`,
      );
      expect(rows).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
