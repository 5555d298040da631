// Splits SQL console text into statements on top-level semicolons, the way psql does:
// quotes, quoted identifiers, dollar quotes and comments can hold a ';' without ending a statement.

export interface SqlStatementSpan {
  sql: string;
  /** 0-based index of the statement's first character in the original text. */
  offset: number;
}

const DOLLAR_TAG = /^\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

export function splitSqlStatements(text: string): SqlStatementSpan[] {
  const spans: SqlStatementSpan[] = [];
  let start = 0;
  let i = 0;

  const push = (end: number) => {
    const raw = text.slice(start, end);
    if (!isOnlyCommentsAndSpace(raw)) {
      const lead = raw.length - raw.trimStart().length;
      spans.push({ sql: raw.trim(), offset: start + lead });
    }
  };

  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(text, i, ch);
    } else if (ch === '-' && next === '-') {
      i = skipLineComment(text, i);
    } else if (ch === '/' && next === '*') {
      i = skipBlockComment(text, i);
    } else if (ch === '$' && !isIdentChar(text[i - 1])) {
      const tag = DOLLAR_TAG.exec(text.slice(i, i + 200))?.[0];
      if (tag) {
        const close = text.indexOf(tag, i + tag.length);
        i = close === -1 ? text.length : close + tag.length;
      } else {
        i++;
      }
    } else if (ch === ';') {
      push(i);
      start = i + 1;
      i++;
    } else {
      i++;
    }
  }
  push(text.length);
  return spans;
}

function isIdentChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_\u0080-\uffff]/.test(ch);
}

/** A doubled quote inside the quotes is an escaped quote; unterminated runs to the end. */
function skipQuoted(text: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < text.length) {
    if (text[j] === quote) {
      if (text[j + 1] === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    // E'...' strings allow backslash escapes; a backslash never ends a standard string anyway.
    if (text[j] === '\\' && quote === "'" && isEscapeString(text, i)) j++;
    j++;
  }
  return text.length;
}

function isEscapeString(text: string, quoteIndex: number): boolean {
  const prefix = text[quoteIndex - 1];
  return (prefix === 'E' || prefix === 'e') && !isIdentChar(text[quoteIndex - 2]);
}

function skipLineComment(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end + 1;
}

/** Block comments nest in PostgreSQL. */
function skipBlockComment(text: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text[j] === '/' && text[j + 1] === '*') {
      depth++;
      j += 2;
    } else if (text[j] === '*' && text[j + 1] === '/') {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else {
      j++;
    }
  }
  return text.length;
}

function isOnlyCommentsAndSpace(raw: string): boolean {
  let i = 0;
  while (i < raw.length) {
    if (/\s/.test(raw[i])) i++;
    else if (raw.startsWith('--', i)) i = skipLineComment(raw, i);
    else if (raw.startsWith('/*', i)) i = skipBlockComment(raw, i);
    else return false;
  }
  return true;
}
