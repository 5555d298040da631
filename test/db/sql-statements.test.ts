import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../../electron/core/db/sql-statements.js';

const sqls = (text: string) => splitSqlStatements(text).map((s) => s.sql);

describe('splitSqlStatements', () => {
  it('splits on top-level semicolons and drops empty statements', () => {
    expect(sqls('select 1; select 2;;  ;\n')).toEqual(['select 1', 'select 2']);
    expect(sqls('select 1')).toEqual(['select 1']);
    expect(sqls('  ;  ')).toEqual([]);
  });

  it('keeps semicolons inside quotes, identifiers, dollar quotes and comments', () => {
    const text = [
      `select 'a;b', 'it''s;' from "weird;name"`,
      `create function f() returns int as $$ begin return 1; end $$ language plpgsql`,
      `select $tag$ ; $$ ; $tag$`,
      `select 1 -- trailing; comment\n + 1`,
      `select /* a; /* nested; */ still; */ 2`,
      `select E'\\'; still a string'`,
    ].join(';\n');
    expect(sqls(text)).toEqual([
      `select 'a;b', 'it''s;' from "weird;name"`,
      `create function f() returns int as $$ begin return 1; end $$ language plpgsql`,
      `select $tag$ ; $$ ; $tag$`,
      `select 1 -- trailing; comment\n + 1`,
      `select /* a; /* nested; */ still; */ 2`,
      `select E'\\'; still a string'`,
    ]);
  });

  it('does not treat $1 parameters as dollar quotes', () => {
    expect(sqls('select $1; select $2')).toEqual(['select $1', 'select $2']);
  });

  it('drops statements that are only comments', () => {
    expect(sqls('-- just a note\n; /* and this */ ; select 3 -- end')).toEqual(['select 3 -- end']);
  });

  it('reports each statement offset so an error position maps back into the text', () => {
    const text = 'select 1;\n\n  selec 2;';
    const spans = splitSqlStatements(text);
    expect(spans.map((s) => s.offset)).toEqual([0, 13]);
    for (const s of spans) expect(text.slice(s.offset, s.offset + s.sql.length)).toBe(s.sql);
  });

  it('keeps an unterminated quote to the end instead of splitting inside it', () => {
    expect(sqls("select 'open; select 2")).toEqual(["select 'open; select 2"]);
  });
});
