import { describe, expect, it } from 'vitest';
import { errorPositionToIndex, isBlankSql, splitSqlStatements, statementAt } from '../../shared/sql-statements.js';

const sqls = (text: string) => splitSqlStatements(text).map((s) => s.sql);
const texts = (text: string) => splitSqlStatements(text).map((s) => s.text);

describe('splitSqlStatements', () => {
  it('splits on top-level semicolons and drops empty statements', () => {
    expect(sqls('select 1; select 2;;  ;\n')).toEqual(['select 1', 'select 2']);
    expect(sqls('select 1')).toEqual(['select 1']);
    expect(sqls('  ;  ')).toEqual([]);
  });

  it('gives each statement as typed (with its ";") and as sent (without it)', () => {
    expect(texts('SELECT 1;\n  SELECT 2 ;\nSELECT 3')).toEqual(['SELECT 1;', 'SELECT 2 ;', 'SELECT 3']);
    expect(sqls('SELECT 1;\n  SELECT 2 ;\nSELECT 3')).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3']);
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

  it('ignores semicolons inside strings, quoted identifiers, comments and dollar quotes, keeping each ";"', () => {
    const sql = [
      "SELECT 'a;b', 'it''s;' AS \"x;y\";",
      '-- a comment; still a comment',
      'SELECT /* block; /* nested; */ still; */ 2;',
      'DO $fn$ BEGIN PERFORM 1; END $fn$;',
      "SELECT E'\\';' AS esc;",
      'SELECT $$;$$;',
    ].join('\n');
    const all = texts(sql);
    expect(all).toHaveLength(5);
    expect(all[0]).toBe("SELECT 'a;b', 'it''s;' AS \"x;y\";");
    expect(all[1]).toBe('-- a comment; still a comment\nSELECT /* block; /* nested; */ still; */ 2;');
    expect(all[2]).toBe('DO $fn$ BEGIN PERFORM 1; END $fn$;');
    expect(all[3]).toBe("SELECT E'\\';' AS esc;");
    expect(all[4]).toBe('SELECT $$;$$;');
  });

  it('does not treat $1 parameters as dollar quotes', () => {
    expect(sqls('select $1; select $2')).toEqual(['select $1', 'select $2']);
  });

  it('reads a$$x$ as an identifier, as Postgres does, not as the start of a dollar quote', () => {
    expect(sqls('select 1 as a$$x$; commit; drop table victim; select 1 as b$$x$')).toEqual([
      'select 1 as a$$x$', 'commit', 'drop table victim', 'select 1 as b$$x$',
    ]);
  });

  it('does not treat a $ inside a non-ASCII identifier as a dollar quote', () => {
    expect(sqls('select 1 as é$$; select 2')).toEqual(['select 1 as é$$', 'select 2']);
  });

  it('drops statements that are only comments or whitespace', () => {
    expect(sqls('-- just a note\n; /* and this */ ; select 3 -- end')).toEqual(['select 3 -- end']);
    expect(splitSqlStatements('SELECT 1;\n-- trailing note\n;  ;')).toHaveLength(1);
    expect(splitSqlStatements('   ')).toEqual([]);
  });

  it('reports each statement offset so an error position maps back into the text', () => {
    const text = 'select 1;\n\n  selec 2;';
    const spans = splitSqlStatements(text);
    expect(spans.map((s) => s.from)).toEqual([0, 13]);
    for (const s of spans) {
      expect(text.slice(s.from, s.from + s.sql.length)).toBe(s.sql);
      expect(text.slice(s.from, s.to)).toBe(s.text);
    }
  });

  it('keeps an unterminated quote to the end instead of splitting inside it', () => {
    expect(sqls("select 'open; select 2")).toEqual(["select 'open; select 2"]);
  });
});

describe('statementAt', () => {
  const sql = 'SELECT 1;\nSELECT 2;\n\nSELECT 3';

  it('picks the statement containing the cursor', () => {
    expect(statementAt(sql, sql.indexOf('2'))?.text).toBe('SELECT 2;');
    expect(statementAt(sql, sql.length)?.text).toBe('SELECT 3');
  });

  it('picks the statement just before the cursor when it rests after a semicolon', () => {
    expect(statementAt(sql, sql.indexOf(';') + 1)?.text).toBe('SELECT 1;');
    expect(statementAt(sql, sql.indexOf('\n\n') + 1)?.text).toBe('SELECT 2;');
  });

  it('picks the first statement when the cursor is before it', () => {
    expect(statementAt('\n\n  SELECT 1; SELECT 2;', 0)?.text).toBe('SELECT 1;');
  });

  it('returns null for empty text', () => {
    expect(statementAt('  -- nothing\n', 3)).toBeNull();
  });
});

describe('isBlankSql', () => {
  it('treats comments as blank', () => {
    expect(isBlankSql(' -- x\n /* y */ ')).toBe(true);
    expect(isBlankSql('/* y */ SELECT 1')).toBe(false);
  });
});

describe('errorPositionToIndex', () => {
  it('maps a 1-based position to a string index', () => {
    expect(errorPositionToIndex('SELECT foo', 8)).toBe(7);
  });

  it('counts characters outside the BMP once, as Postgres does', () => {
    const text = "SELECT '😀', bad";
    expect(text.slice(errorPositionToIndex(text, 13))).toBe('bad');
  });
});
