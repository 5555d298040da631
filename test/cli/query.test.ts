// `seren-auth query` opening the database itself (nobody holds it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';
import { runCli } from '../support/cli-process.js';

const hasPostgres = await postgresReachable();

describe.skipIf(!hasPostgres)('query on a Postgres URL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('seren_cli');
  });
  afterAll(async () => {
    await db?.drop();
  });
  const query = (sql: string, ...extra: string[]) => runCli(['query', sql, '--database', db.url, ...extra]);

  it('prints each statement of several as an aligned table or command tag', async () => {
    const result = await query(
      "create table t (id int, label text); insert into t values (1, 'one'), (22, null); select id, label from t order by id",
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(['CREATE TABLE', '', 'INSERT 2', '', ' id | label', '----+-------', ' 1  | one', ' 22 |', '(2 rows)', ''].join('\n'));
  });

  it('--json prints the last statement rows as objects, timestamps in ISO 8601', async () => {
    const result = await query(
      "select 1 as ignored; select 'a' as s, '2024-05-06T07:08:09.123Z'::timestamptz as at, '{\"k\": [1]}'::jsonb as j, 9007199254740993::int8 as big",
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([{ s: 'a', at: '2024-05-06T07:08:09.123Z', j: { k: [1] }, big: '9007199254740993' }]);
  });

  it('an SQL error prints message, hint and position in the whole text, and exits 1', async () => {
    const sql = 'select 1;\nselect nope from seren_auth.users_sync';
    const result = await query(sql);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ERROR:  column "nope" does not exist');
    expect(result.stderr).toContain(`at character ${sql.indexOf('nope') + 1}`);
    expect(result.stderr).toContain('LINE 2: select nope from seren_auth.users_sync');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('a missing argument is a usage error (exit 2)', async () => {
    const result = await runCli(['query', '--database', db.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Missing argument/);
  });
});
