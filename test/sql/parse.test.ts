// Splitting with the real Postgres parser: the statements Postgres sees, with their places in
// the text (the parser counts UTF-8 bytes; the editor counts UTF-16 units).
import { describe, expect, it } from 'vitest';
import { parseSql, SqlSyntaxError } from '../../electron/core/sql/parse.js';
import { commandTag } from '../../electron/core/sql/command-tag.js';

const sqls = async (text: string) => (await parseSql(text)).map((s) => s.sql);

describe('parseSql', () => {
  it('reads a$$x$ as an identifier, as Postgres does, so a dollar quote cannot hide statements', async () => {
    const text = 'select 1 as a$$x$; commit; drop table victim; select 1 as b$$x$';
    expect(await sqls(text)).toEqual(['select 1 as a$$x$', 'commit', 'drop table victim', 'select 1 as b$$x$']);
    expect((await parseSql(text)).map((s) => s.type)).toEqual(['SelectStmt', 'TransactionStmt', 'DropStmt', 'SelectStmt']);
  });

  it('keeps semicolons inside quotes, dollar quotes, comments and BEGIN ATOMIC bodies', async () => {
    const text = [
      `select 'a;b', "x;y" from t`,
      `create function f() returns int as $fn$ begin return 1; end $fn$ language plpgsql`,
      `select /* a; /* nested; */ */ 2`,
      `create function g() returns int begin atomic select 1; select 2; end`,
    ].join(';\n');
    expect(await sqls(text)).toHaveLength(4);
  });

  it('gives string offsets after multi-byte characters, and drops blank statements', async () => {
    const text = "select 'é😀';\n ; -- note\n  select 2 ;";
    const statements = await parseSql(text);
    expect(statements.map((s) => s.sql)).toEqual(["select 'é😀'", 'select 2']);
    for (const s of statements) expect(text.slice(s.from, s.to)).toBe(s.sql);
    expect(await parseSql('  -- only a comment\n')).toEqual([]);
    expect(await parseSql('')).toEqual([]);
  });

  it('refuses a syntax error with its 1-based character position', async () => {
    const text = "select 'é', 1;\nselec 2";
    const error = await parseSql(text).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlSyntaxError);
    expect([...text].slice((error as SqlSyntaxError).position! - 1).join('')).toMatch(/^selec 2/);
  });

  it('names the command tag of DDL', async () => {
    const tags = (await parseSql('create table t (x int); drop view v; alter table t add column y int; create index on t (x); create materialized view m as select 1'))
      .map((s) => commandTag(s, null));
    expect(tags).toEqual(['CREATE TABLE', 'DROP VIEW', 'ALTER TABLE', 'CREATE INDEX', 'CREATE MATERIALIZED VIEW']);
  });
});
