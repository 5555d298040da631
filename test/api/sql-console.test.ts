// The SQL console on both targets: one result per statement, errors placed in the whole text,
// safe mode, confirmation of destructive statements, caps, cancel and history.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryHistory, SqlConsole, type ConsoleSettings } from '../../electron/core/api/sql-console.js';
import type { SqlRunResult } from '../../shared/types.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { testTargets } from '../support/targets.js';
import { waitFor } from '../support/wait.js';

for (const target of testTargets) {
  describe.skipIf(target.skip)(`SQL console on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    let settings: ConsoleSettings;
    let sql: SqlConsole;
    let n = 0;
    const run = async (text: string, confirmDestructive = false) => sql.run({ sql: text, queryId: `q${++n}`, confirmDestructive });

    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
      settings = { safeMode: false, maxResultRows: 3 };
      sql = new SqlConsole(db, () => settings, memoryHistory());
      await db.query("CREATE TABLE public.t (id int PRIMARY KEY, doc jsonb, at timestamptz, big int8)");
      await db.query(`INSERT INTO public.t SELECT g, jsonb_build_object('n', g), '2024-01-01T00:00:00Z'::timestamptz, 9007199254740993 FROM generate_series(1, 5) g`);
    });
    afterAll(async () => {
      await sql?.close();
      await cleanup?.();
    });

    it('returns one result per statement, capped, with JSON-safe cells', async () => {
      const out = (await run('select id, doc, at, big from public.t order by id; select 42 as answer')) as SqlRunResult;
      expect(out.error).toBeNull();
      expect(out.results).toHaveLength(2);
      const [first, second] = out.results;
      expect(first.columns.map((c) => c.name)).toEqual(['id', 'doc', 'at', 'big']);
      expect(first.columns[1].dataTypeID).toBe(3802);
      expect(first.rows).toEqual([
        [1, { n: 1 }, '2024-01-01T00:00:00.000Z', '9007199254740993'],
        [2, { n: 2 }, '2024-01-01T00:00:00.000Z', '9007199254740993'],
        [3, { n: 3 }, '2024-01-01T00:00:00.000Z', '9007199254740993'],
      ]);
      expect(first).toMatchObject({ rowCount: 5, truncated: true });
      expect(second.rows).toEqual([[42]]);
    });

    it('reports an error with its position in the whole text, after the statements that ran', async () => {
      const text = 'select 1;\nselect nosuchcolumn from public.t';
      const out = (await run(text)) as SqlRunResult;
      expect(out.results).toHaveLength(1);
      expect(out.error).toMatchObject({ statementIndex: 1, code: '42703' });
      expect(out.error!.message).toMatch(/nosuchcolumn/);
      expect(text.slice(out.error!.position! - 1).startsWith('nosuchcolumn')).toBe(true);
    });

    it('places the error in characters, as Postgres counts them, after an emoji', async () => {
      const text = "select '😀';\nselect nosuchcolumn";
      const out = (await run(text)) as SqlRunResult;
      expect([...text].slice(out.error!.position! - 1).join('').startsWith('nosuchcolumn')).toBe(true);
    });

    it('asks before a destructive statement and runs it once confirmed', async () => {
      await db.query('CREATE TABLE public.scratch (x int)');
      const asked = await run('delete from public.scratch');
      expect(asked).toMatchObject({ needsConfirmation: true });
      expect((asked as { reason: string }).reason).toMatch(/DELETE FROM public\.scratch without WHERE/);
      expect(await run("delete from public.scratch where x = 1 -- WHERE-less? no")).not.toHaveProperty('needsConfirmation');
      const done = (await run('drop table public.scratch', true)) as SqlRunResult;
      expect(done.error).toBeNull();
    });

    it('runs statements read-only in safe mode and says how to write', async () => {
      settings = { ...settings, safeMode: true };
      try {
        const out = (await run('insert into public.t (id) values (100)')) as SqlRunResult;
        expect(out.error?.code).toBe('25006');
        expect(out.error?.hint).toMatch(/Safe mode/);
        expect((await db.query('select count(*)::int as n from public.t where id = 100')).rows[0]).toEqual({ n: 0 });
      } finally {
        settings = { ...settings, safeMode: false };
      }
    });

    /** Resolves once the statement really runs in the database, not merely queued. */
    const sleeping = (queryId: string) =>
      waitFor(async () => {
        if (target.name === 'pglite') return sql.isRunning(queryId); // the one session is busy: it cannot be asked
        const { rows } = await db.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep'`);
        return rows.length > 0;
      }, 'pg_sleep to be running');

    it('cancels a running query and stays usable', { timeout: 60_000 }, async () => {
      const running = sql.run({ sql: 'select pg_sleep(120)', queryId: 'sleepy', confirmDestructive: false });
      await sleeping('sleepy');
      // Far below pg_sleep(120): without a working cancel the test times out.
      expect(await sql.cancel('sleepy')).toEqual({ cancelled: true });
      const out = (await running) as SqlRunResult;
      expect(out.cancelled).toBe(true);
      expect(((await run('select 1 as one')) as SqlRunResult).results[0].rows).toEqual([[1]]);
      expect((await sql.history.list())[0]).toMatchObject({ sql: 'select 1 as one', ok: true });
    });

    it('cancels a query still waiting behind another one, before it starts', { timeout: 30_000 }, async () => {
      const first = sql.run({ sql: 'select pg_sleep(60)', queryId: 'first', confirmDestructive: false });
      const second = sql.run({ sql: 'insert into public.t (id) values (300)', queryId: 'second', confirmDestructive: false });
      expect(await sql.cancel('second')).toEqual({ cancelled: true });
      await sleeping('first');
      expect(await sql.cancel('first')).toEqual({ cancelled: true });
      expect(((await first) as SqlRunResult).cancelled).toBe(true);
      expect(await second).toEqual({ results: [], error: null, cancelled: true });
      expect((await db.query('select count(*)::int as n from public.t where id = 300')).rows[0]).toEqual({ n: 0 });
      expect(await sql.cancel('second')).toEqual({ cancelled: false });
    });

    it('lists schemas, tables and columns for autocomplete', async () => {
      const info = await sql.schemaInfo();
      const serenAuth = info.schemas.find((s) => s.name === 'seren_auth')!;
      expect(serenAuth.tables.find((t) => t.name === 'users_sync')!.columns).toEqual(
        ['id', 'name', 'email', 'created_at', 'updated_at', 'deleted_at', 'raw_json'],
      );
    });

    it.skipIf(target.name !== 'pglite')('refuses transaction control on the shared embedded session', async () => {
      const out = (await run('begin; insert into public.t (id) values (200)')) as SqlRunResult;
      expect(out.error?.message).toMatch(/Transaction control is not available/);
      const hidden = (await run('-- a note\n/* and another */ begin; insert into public.t (id) values (200)')) as SqlRunResult;
      expect(hidden.error?.message).toMatch(/Transaction control is not available/);
      expect((await db.query('select count(*)::int as n from public.t where id = 200')).rows[0]).toEqual({ n: 0 });
    });
  });
}
