// The console's safety and data path on both targets: statements split by the real parser and
// sent one per protocol message, safe mode's refusals, confirmations that name the objects,
// cursor reads that keep only the display cap, Load more, and whole-result export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryHistory, SqlConsole, type ConsoleSettings } from '../../electron/core/api/sql-console.js';
import type { NeedsConfirmation } from '../../shared/api.js';
import type { SqlRunResult } from '../../shared/types.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { testTargets } from '../support/targets.js';

const SMUGGLE = 'select 1 as a$$x$; commit; drop table public.victim; select 1 as b$$x$';

for (const target of testTargets) {
  describe.skipIf(target.skip)(`SQL console safety on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    let settings: ConsoleSettings;
    let sql: SqlConsole;
    let n = 0;
    const run = (text: string, confirmDestructive = false) => sql.run({ sql: text, queryId: `q${++n}`, confirmDestructive });
    const victimExists = async () =>
      (await db.query(`SELECT to_regclass('public.victim') IS NOT NULL AS present`)).rows[0].present === true;

    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
      settings = { safeMode: false, maxResultRows: 3 };
      sql = new SqlConsole(db, () => settings, memoryHistory());
      await db.query('CREATE TABLE public.victim (id int)');
    });
    afterAll(async () => {
      await sql?.close();
      await cleanup?.();
    });

    it('does not let a dollar-quote lookalike smuggle a DROP past safe mode', async () => {
      settings = { ...settings, safeMode: true };
      try {
        const out = (await run(SMUGGLE)) as SqlRunResult;
        expect(out.results).toEqual([]);
        expect(out.error?.message).toMatch(target.name === 'pglite' ? /Transaction control/ : /Safe mode .* refuses BEGIN, COMMIT/);
        expect(out.error?.statementIndex).toBe(1);
        expect(await victimExists()).toBe(true);
      } finally {
        settings = { ...settings, safeMode: false };
      }
    });

    it.skipIf(target.name !== 'postgres')('asks before the smuggled DROP with safe mode off, naming the table', async () => {
      const asked = (await run(SMUGGLE)) as NeedsConfirmation;
      expect(asked.needsConfirmation).toBe(true);
      expect(asked.reasons).toEqual([expect.stringMatching(/^DROP TABLE public\.victim /)]);
      expect(await victimExists()).toBe(true);
    });

    it('sends one statement per protocol message, so Postgres itself refuses two', async () => {
      const session = await db.openConsoleSession();
      try {
        await expect(session.run('select 1; drop table public.victim', { readOnly: false, maxRows: 10 })).rejects.toMatchObject({
          message: expect.stringMatching(/cannot insert multiple commands into a prepared statement/),
        });
        await expect(session.readCursor('select 1; drop table public.victim', { readOnly: false, maxRows: 10, skip: 0 })).rejects.toThrow();
      } finally {
        await session.close();
      }
      expect(await victimExists()).toBe(true);
    });

    it('refuses server-side effects in safe mode, naming the function and pointing at it', async () => {
      settings = { ...settings, safeMode: true };
      try {
        const text = 'select 1;\nselect x from (select pg_advisory_lock(42) as x) s';
        const out = (await run(text)) as SqlRunResult;
        expect(out.results).toEqual([]);
        expect(out.error).toMatchObject({ statementIndex: 1, message: expect.stringMatching(/^Safe mode refuses pg_advisory_lock\(\): /) });
        expect(text.slice(out.error!.position! - 1)).toMatch(/^pg_advisory_lock\(42\)/);
        // Key 42 in this database only: other tests' engines hold their own advisory locks.
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 42
             AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        expect(rows[0].n).toBe(0);
      } finally {
        settings = { ...settings, safeMode: false };
      }
    });

    it('asks before writing to the mirror, saying the sync will not repair it', async () => {
      const asked = (await run(`update seren_auth.users_sync set email = 'x' where id = 'nobody'`)) as NeedsConfirmation;
      expect(asked.reason).toMatch(/seren_auth\.users_sync, which the sync manages: the next sync will not repair an edited row/);
    });

    it('keeps only the display cap of a big SELECT and reports its true total', async () => {
      const out = (await run('select generate_series(1, 3000000) as n')) as SqlRunResult;
      expect(out.error).toBeNull();
      expect(out.results[0]).toMatchObject({ rows: [[1], [2], [3]], rowCount: 3_000_000, truncated: true, rereadable: true, command: 'SELECT' });
    });

    it('loads more rows of a query by reading it again', async () => {
      const first = ((await run('select g from generate_series(1, 8) g order by g')) as SqlRunResult).results[0];
      const page = await sql.fetchRows({ sql: first.statement, queryId: 'more1', skip: first.rows.length });
      expect(page).toEqual({ rows: [[4], [5], [6]], rowCount: 8 });
      expect((await sql.fetchRows({ sql: first.statement, queryId: 'more2', skip: 6 })).rows).toEqual([[7], [8]]);
      await expect(sql.fetchRows({ sql: 'delete from public.victim returning *', queryId: 'more3', skip: 3 })).rejects.toThrow(/Only a single SELECT/);
      await expect(sql.fetchRows({ sql: 'select pg_advisory_lock(1) from generate_series(1, 9)', queryId: 'more4', skip: 3 })).rejects.toThrow(/pg_advisory_lock/);
    });

    it('shows the command tag of DDL and counts rows of DML', async () => {
      const out = (await run('create table public.tagged (x int); insert into public.tagged select generate_series(1, 5); drop table public.tagged', true)) as SqlRunResult;
      expect(out.results.map((r) => [r.command, r.rowCount])).toEqual([['CREATE TABLE', 0], ['INSERT', 5], ['DROP TABLE', 0]]);
    });

    it('exports every row from the database as CSV, defusing formulas, and as JSON', async () => {
      const query = `select g as n, case when g = 1 then '=HYPERLINK("http://x")' when g = 2 then '-5' else 'plain, "quoted"' end as note
                     from generate_series(1, 20000) g order by g`;
      let csv = '';
      const progress: number[] = [];
      const result = await sql.export({ sql: query, queryId: 'e1', format: 'csv' }, { write: async (t) => void (csv += t) }, (rows) => progress.push(rows));
      expect(result).toMatchObject({ rows: 20000, cancelled: false });
      const lines = csv.trimEnd().split('\r\n');
      expect(lines).toHaveLength(20001);
      expect(lines.slice(0, 4)).toEqual(['n,note', `1,"'=HYPERLINK(""http://x"")"`, '2,-5', '3,"plain, ""quoted"""']);
      expect(progress.at(-1)).toBe(20000);

      let json = '';
      await sql.export({ sql: 'select 1 as id, 2 as id, null as gone', queryId: 'e2', format: 'json' }, { write: async (t) => void (json += t) });
      expect(JSON.parse(json)).toEqual([{ id: 1, id_2: 2, gone: null }]);
      let empty = '';
      await sql.export({ sql: 'select 1 as x where false', queryId: 'e3', format: 'csv' }, { write: async (t) => void (empty += t) });
      expect(empty).toBe('x\r\n');
    });

    it('stops an export on cancel', async () => {
      let chunks = 0;
      const sink = { write: async () => { if (++chunks === 2) await sql.cancel('e4'); } };
      const result = await sql.export({ sql: 'select generate_series(1, 1000000)', queryId: 'e4', format: 'csv' }, sink);
      expect(result.cancelled).toBe(true);
      expect(result.rows).toBeLessThan(1_000_000);
    });
  });
}
