// Finds SQL statement boundaries without a parser: enough lexing to skip ';' inside quotes,
// dollar quotes and comments. Pure, so the console's Ctrl/Cmd+Enter can be unit-tested.

export interface StatementRange {
  /** Index of the first non-blank character of the statement. */
  from: number;
  /** Index just past the statement's last character (its ';' included when present). */
  to: number;
  text: string;
}

const DOLLAR_TAG = /\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;

/** Index just past the quoted/commented span starting at `i`, or `i` when nothing special starts there. */
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
  if (c === "'") {
    // E'...' strings allow backslash escapes; plain strings only ''.
    const escapes = i > 0 && /[eE]/.test(sql[i - 1]) && (i < 2 || !/[A-Za-z0-9_]/.test(sql[i - 2]));
    let j = i + 1;
    while (j < sql.length) {
      if (escapes && sql[j] === '\\') j += 2;
      else if (sql[j] === "'") {
        if (sql[j + 1] === "'") j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (c === '"') {
    let j = i + 1;
    while (j < sql.length) {
      if (sql[j] === '"') {
        if (sql[j + 1] === '"') j += 2;
        else return j + 1;
      } else j++;
    }
    return sql.length;
  }
  if (c === '$' && (i === 0 || !/[A-Za-z0-9_]/.test(sql[i - 1]))) {
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
export function splitStatements(sql: string): StatementRange[] {
  const ranges: StatementRange[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = sql.slice(start, end);
    if (!isBlankSql(raw.replace(/;$/, ''))) {
      const lead = raw.length - raw.trimStart().length;
      const trail = raw.length - raw.trimEnd().length;
      ranges.push({ from: start + lead, to: end - trail, text: raw.trim() });
    }
  };
  let i = 0;
  while (i < sql.length) {
    const skipped = skipSpecial(sql, i);
    if (skipped !== i) {
      i = skipped;
      continue;
    }
    if (sql[i] === ';') {
      push(i + 1);
      start = i + 1;
    }
    i++;
  }
  push(sql.length);
  return ranges;
}

/**
 * The statement under the cursor: the one whose span contains `offset`; when the cursor sits in the blank
 * text between two statements, the one before it (the cursor usually rests just after a ';'); before the
 * first statement, the first one. Null when the text has no statement.
 */
export function statementAt(sql: string, offset: number): StatementRange | null {
  const ranges = splitStatements(sql);
  if (ranges.length === 0) return null;
  let chosen = ranges[0];
  for (const range of ranges) {
    if (range.from <= offset) chosen = range;
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
