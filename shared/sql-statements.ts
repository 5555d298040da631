// The editor's helper for "the statement under the cursor": splits on top-level semicolons with just
// enough lexing to skip a ';' inside quotes, quoted identifiers, dollar quotes and comments. It runs in
// the renderer, which has no WASM parser. It decides nothing about safety: the core splits and checks
// what actually runs with the real Postgres parser (electron/core/sql/parse.ts).

export interface SqlStatementSpan {
  /** Index of the statement's first non-blank character in the original text. */
  from: number;
  /** Index just past the statement's last character, its ';' included when present. */
  to: number;
  /** The statement as typed: `text.slice(from, to)`, terminating ';' included. */
  text: string;
  /** What to send to Postgres: `text` without its terminating ';' and the blanks before it; also starts at `from`. */
  sql: string;
}

// Identifier characters as Postgres lexes them: any non-ASCII character counts as a letter, and
// after the first character so does '$' (`a$$x$` is one identifier, not `a` and a dollar quote).
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && IDENT_CHAR.test(ch);
}

/** Index just past the quoted/commented span starting at `i`, or `i` when nothing special starts there. Unterminated spans run to the end. */
function skipSpecial(sql: string, i: number): number {
  const c = sql[i];
  const next = sql[i + 1];
  if (c === '-' && next === '-') {
    const end = sql.indexOf('\n', i + 2);
    return end === -1 ? sql.length : end + 1;
  }
  if (c === '/' && next === '*') {
    // Postgres block comments nest.
    let depth = 1;
    let j = i + 2;
    while (j < sql.length && depth > 0) {
      if (sql[j] === '/' && sql[j + 1] === '*') {
        depth++;
        j += 2;
      } else if (sql[j] === '*' && sql[j + 1] === '/') {
        depth--;
        j += 2;
      } else j++;
    }
    return j;
  }
  if (c === "'" || c === '"') {
    // A doubled quote is an escaped quote; E'...' strings also allow backslash escapes.
    const backslashEscapes = c === "'" && (sql[i - 1] === 'E' || sql[i - 1] === 'e') && !isIdentChar(sql[i - 2]);
    let j = i + 1;
    while (j < sql.length) {
      if (backslashEscapes && sql[j] === '\\') j += 2;
      else if (sql[j] === c) {
        if (sql[j + 1] === c) j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  // `$1` parameters and `a$b` identifiers are not dollar quotes.
  if (c === '$' && !isIdentChar(sql[i - 1])) {
    DOLLAR_TAG.lastIndex = i;
    const match = DOLLAR_TAG.exec(sql);
    if (match) {
      const end = sql.indexOf(match[0], i + match[0].length);
      return end === -1 ? sql.length : end + match[0].length;
    }
  }
  return i;
}

/** True when the text holds nothing but whitespace and comments. */
export function isBlankSql(sql: string): boolean {
  let i = 0;
  while (i < sql.length) {
    if (/\s/.test(sql[i])) {
      i++;
      continue;
    }
    const isComment = (sql[i] === '-' && sql[i + 1] === '-') || (sql[i] === '/' && sql[i + 1] === '*');
    if (!isComment) return false;
    i = skipSpecial(sql, i);
  }
  return true;
}

/** Every statement in the text, in order; statements made only of blanks and comments are left out. */
export function splitSqlStatements(text: string): SqlStatementSpan[] {
  const spans: SqlStatementSpan[] = [];
  let start = 0;
  // `bodyEnd` is where the statement's own text ends, `end` past its ';' (equal when it has none).
  const push = (bodyEnd: number, end: number) => {
    const body = text.slice(start, bodyEnd);
    if (isBlankSql(body)) return;
    const from = start + (body.length - body.trimStart().length);
    const sql = body.trim();
    const to = end === bodyEnd ? from + sql.length : end;
    spans.push({ from, to, text: text.slice(from, to), sql });
  };
  let i = 0;
  while (i < text.length) {
    const skipped = skipSpecial(text, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (text[i] === ';') {
      push(i, i + 1);
      start = i + 1;
    }
    i++;
  }
  push(text.length, text.length);
  return spans;
}

/**
 * The statement under the cursor: the one whose span contains `offset`; when the cursor sits in the blank
 * text between two statements, the one before it (the cursor usually rests just after a ';'); before the
 * first statement, the first one. Null when the text has no statement.
 */
export function statementAt(text: string, offset: number): SqlStatementSpan | null {
  const spans = splitSqlStatements(text);
  if (spans.length === 0) return null;
  let chosen = spans[0];
  for (const span of spans) {
    if (span.from <= offset) chosen = span;
    else break;
  }
  return chosen;
}

/**
 * Converts Postgres's 1-based error position (counted in characters, i.e. code points) into a
 * JavaScript string index into `text`.
 */
export function errorPositionToIndex(text: string, position: number): number {
  let index = 0;
  let codePoints = 1;
  while (index < text.length && codePoints < position) {
    const code = text.codePointAt(index) ?? 0;
    index += code > 0xffff ? 2 : 1;
    codePoints++;
  }
  return Math.min(index, text.length);
}
