import { describe, expect, it } from 'vitest';
import { errorPositionToIndex, isBlankSql, splitStatements, statementAt } from '../../renderer/src/lib/statement-at.js';

describe('splitStatements', () => {
  it('splits on semicolons and trims blanks', () => {
    expect(splitStatements('SELECT 1;\n  SELECT 2 ;\nSELECT 3').map((s) => s.text)).toEqual([
      'SELECT 1;',
      'SELECT 2 ;',
      'SELECT 3',
    ]);
  });

  it('ignores semicolons inside strings, quoted identifiers, comments and dollar quotes', () => {
    const sql = [
      "SELECT 'a;b', 'it''s;' AS \"x;y\";",
      '-- a comment; still a comment',
      'SELECT /* block; /* nested; */ still; */ 2;',
      'DO $fn$ BEGIN PERFORM 1; END $fn$;',
      "SELECT E'\\';' AS esc;",
      'SELECT $$;$$;',
    ].join('\n');
    const texts = splitStatements(sql).map((s) => s.text);
    expect(texts).toHaveLength(5);
    expect(texts[0]).toBe("SELECT 'a;b', 'it''s;' AS \"x;y\";");
    expect(texts[1]).toBe('-- a comment; still a comment\nSELECT /* block; /* nested; */ still; */ 2;');
    expect(texts[2]).toBe('DO $fn$ BEGIN PERFORM 1; END $fn$;');
    expect(texts[3]).toBe("SELECT E'\\';' AS esc;");
    expect(texts[4]).toBe('SELECT $$;$$;');
  });

  it('leaves out statements that are only comments or whitespace', () => {
    expect(splitStatements('SELECT 1;\n-- trailing note\n;  ;')).toHaveLength(1);
    expect(splitStatements('   ')).toEqual([]);
  });

  it('reports offsets that slice back to the statement text', () => {
    const sql = 'SELECT 1;\n\n  SELECT 2;';
    for (const s of splitStatements(sql)) expect(sql.slice(s.from, s.to)).toBe(s.text);
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
