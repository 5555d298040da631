// What the console refuses in safe mode and what it confirms first, decided on the parse tree:
// function calls anywhere (subqueries, CTEs, FROM), DML in CTEs, EXPLAIN ANALYZE, DO bodies.
import { describe, expect, it } from 'vitest';
import { parseSql } from '../../electron/core/sql/parse.js';
import { destructiveReasons } from '../../electron/core/sql/destructive.js';
import { alwaysRefused, safeModeRefusal } from '../../electron/core/sql/statement-checks.js';

const one = async (sql: string) => (await parseSql(sql))[0];
const refusal = async (sql: string) => safeModeRefusal(await one(sql))?.message ?? null;
const reasons = async (sql: string) => destructiveReasons(await one(sql));

describe('safe mode refusals', () => {
  it.each([
    ["copy (select 1) to program 'id'", /COPY … PROGRAM: it runs a shell command/],
    ["copy t from '/etc/passwd'", /COPY to or from a file/],
    ["copy (select 'x') to '/tmp/out'", /COPY to or from a file/],
    ['do $$ begin null; end $$', /refuses DO/],
    ['call p()', /refuses CALL/],
    ['select pg_terminate_backend(pid) from pg_stat_activity', /pg_terminate_backend\(\): it ends or interrupts another session/],
    ['select pg_cancel_backend(1)', /pg_cancel_backend/],
    ['select pg_reload_conf()', /pg_reload_conf/],
    ["select * from pg_read_file('/etc/hostname')", /pg_read_file\(\): it reads the database server's files/],
    ["select pg_read_binary_file('/x')", /pg_read_binary_file/],
    ["select pg_ls_dir('.')", /pg_ls_dir/],
    ["select lo_import('/etc/hostname')", /lo_import/],
    ["select lo_export(1, '/tmp/x')", /lo_export/],
    ['select pg_advisory_lock(1)', /pg_advisory_lock\(\): an advisory lock/],
    ['select pg_try_advisory_lock_shared(1, 2)', /pg_try_advisory_lock_shared/],
    ["select dblink_exec('dbname=x', 'drop table t')", /dblink_exec\(\): it runs SQL on another connection/],
    ["select set_config('search_path', 'x', false)", /set_config\(\): with is_local false/],
    ['commit', /refuses BEGIN, COMMIT/],
  ])('refuses %s', async (sql, reason) => {
    expect(await refusal(sql)).toMatch(reason);
  });

  it('finds calls in subqueries, CTEs and FROM, whatever the case', async () => {
    expect(await refusal('with k as (select PG_TERMINATE_BACKEND(1)) select * from k')).toMatch(/pg_terminate_backend/);
    expect(await refusal('select * from (select 1 where exists (select pg_catalog.pg_advisory_lock(7))) s')).toMatch(/pg_advisory_lock/);
    expect(await refusal('select x from t where x in (select lo_import(y) from u)')).toMatch(/lo_import/);
  });

  it('lets plain reads, COPY to the client and a transaction-local set_config through', async () => {
    expect(await refusal('select * from seren_auth.users_sync where email like $$%@x$$')).toBeNull();
    expect(await refusal("select set_config('search_path', 'x', true)")).toBeNull();
    expect(await refusal('explain analyze select 1')).toBeNull();
  });

  it('refuses COPY to STDOUT and, on the embedded database, transaction control, in any mode', async () => {
    expect(alwaysRefused(await one('copy t to stdout'), 'postgres')?.message).toMatch(/TO STDOUT/);
    expect(alwaysRefused(await one('begin'), 'pglite')?.message).toMatch(/Transaction control is not available/);
    expect(alwaysRefused(await one('begin'), 'postgres')).toBeNull();
  });
});

describe('destructive statements, confirmed first', () => {
  it.each([
    ['drop table public.victim', /DROP TABLE public\.victim/],
    ['truncate a, s.b', /TRUNCATE a, s\.b removes every row/],
    ['delete from t', /DELETE FROM t without WHERE/],
    ['delete from t where true', /DELETE FROM t has a WHERE that names no column/],
    ['update t set x = 1 where 1 = 1', /UPDATE t has a WHERE that names no column/],
    ['with d as (delete from posts returning *) select count(*) from d', /WITH query "d" runs DELETE on posts/],
    ['explain analyze delete from t where id = 1', /EXPLAIN ANALYZE runs the DELETE on t for real/],
    ['explain (analyze, format json) update t set x = 1 where id = 2', /EXPLAIN ANALYZE runs the UPDATE on t/],
    ['alter table t drop column x', /ALTER TABLE t DROP COLUMN x/],
    ["do $$ begin execute 'drop table victim8'; end $$", /In the DO block: DROP TABLE victim8/],
    ['do $$ begin drop table victim9; end $$', /In the DO block: DROP TABLE victim9/],
    ["do $$ begin execute format('drop table %I', 'x'); end $$", /dynamic SQL \(EXECUTE\)/],
    ["update seren_auth.users_sync set email = 'x' where id = 'u1'", /seren_auth\.users_sync, which the sync manages: the next sync will not repair an edited row/],
    ["insert into seren_auth.users_sync (id, raw_json) values ('u', '{}')", /seren_auth\.users_sync/],
  ])('asks about %s', async (sql, reason) => {
    expect((await reasons(sql)).join('\n')).toMatch(reason);
  });

  it('does not ask about targeted writes and reads', async () => {
    for (const sql of ['delete from t where id = 1', 'update t set x = 1 where x is null', 'select * from t', 'explain delete from t', 'insert into t values (1)']) {
      expect(await reasons(sql)).toEqual([]);
    }
  });
});
