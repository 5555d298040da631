// Which tables a statement reads or writes, with their aliases, so completion can offer their
// columns unqualified (`... from users_sync where em` → email). A light lexer, not a parser: the
// statement is usually half-typed, which no real parser accepts.
import type { SchemaInfo } from '../../../shared/types.js';

export interface TableReference {
  schema: string | null;
  name: string;
  alias: string | null;
}

type Token = { kind: 'word'; text: string; quoted: boolean } | { kind: 'punct'; text: string };

/** Words that end a table reference, so `from users where` does not read `where` as an alias. */
const NOT_AN_ALIAS = new Set([
  'where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'outer', 'natural', 'on', 'using', 'group', 'order',
  'limit', 'offset', 'having', 'union', 'except', 'intersect', 'set', 'returning', 'window', 'for', 'values',
  'select', 'fetch', 'lateral', 'default', 'do', 'as', 'tablesample', 'only', 'from', 'into', 'update', 'delete',
]);
/** Words after which a table name comes. */
const TABLE_INTRODUCERS = new Set(['from', 'join', 'update', 'into', 'table']);

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (/\s/.test(c)) i++;
    else if (c === '-' && sql[i + 1] === '-') i = sql.indexOf('\n', i) === -1 ? sql.length : sql.indexOf('\n', i);
    else if (c === '/' && sql[i + 1] === '*') i = sql.indexOf('*/', i + 2) === -1 ? sql.length : sql.indexOf('*/', i + 2) + 2;
    else if (c === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < sql.length && !(sql[j] === '"' && sql[j + 1] !== '"')) {
        text += sql[j];
        j += sql[j] === '"' ? 2 : 1;
      }
      tokens.push({ kind: 'word', text, quoted: true });
      i = j + 1;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const match = /^[A-Za-z0-9_$\u0080-\uffff]+/.exec(sql.slice(i, i + 200))!;
      tokens.push({ kind: 'word', text: match[0].toLowerCase(), quoted: false });
      i += match[0].length;
    } else {
      tokens.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return tokens;
}

const isWord = (t: Token | undefined, text?: string): t is Extract<Token, { kind: 'word' }> =>
  t?.kind === 'word' && (text === undefined || (!t.quoted && t.text === text));

export function tableReferences(sql: string): TableReference[] {
  const tokens = tokenize(sql);
  const found: TableReference[] = [];
  let i = 0;
  const readReference = (): boolean => {
    if (isWord(tokens[i], 'only') || isWord(tokens[i], 'lateral')) i++;
    const first = tokens[i];
    if (!isWord(first) || (!first.quoted && NOT_AN_ALIAS.has(first.text))) return false;
    i++;
    let schema: string | null = null;
    let name = first.text;
    if (tokens[i]?.text === '.' && isWord(tokens[i + 1])) {
      schema = name;
      name = (tokens[i + 1] as Extract<Token, { kind: 'word' }>).text;
      i += 2;
    }
    if (isWord(tokens[i], 'as')) i++;
    let alias: string | null = null;
    const next = tokens[i];
    if (isWord(next) && (next.quoted || !NOT_AN_ALIAS.has(next.text))) {
      alias = next.text;
      i++;
    }
    found.push({ schema, name, alias });
    return true;
  };
  while (i < tokens.length) {
    const token = tokens[i++];
    if (!isWord(token) || token.quoted || !TABLE_INTRODUCERS.has(token.text)) continue;
    // `from a, b c, d` lists several tables; `into` may be followed by a column list, which ends the walk here.
    while (readReference() && tokens[i]?.text === ',' && token.text === 'from') i++;
  }
  return found;
}

export interface ColumnChoice {
  column: string;
  /** The tables (by alias when given) that have it, for the completion's detail. */
  tables: string[];
}

/** Columns of the statement's tables, each once, in the order the tables appear. */
export function columnsInScope(sql: string, info: SchemaInfo | null, defaultSchema = 'public'): ColumnChoice[] {
  const byColumn = new Map<string, ColumnChoice>();
  for (const ref of tableReferences(sql)) {
    const table = findTable(info, ref.schema, ref.name, defaultSchema);
    if (!table) continue;
    const label = ref.alias ?? ref.name;
    for (const column of table.columns) {
      const choice = byColumn.get(column) ?? { column, tables: [] };
      if (!choice.tables.includes(label)) choice.tables.push(label);
      byColumn.set(column, choice);
    }
  }
  return [...byColumn.values()];
}

function findTable(info: SchemaInfo | null, schema: string | null, name: string, defaultSchema: string) {
  const schemas = info?.schemas ?? [];
  const tableIn = (s: string) => schemas.find((x) => x.name === s)?.tables.find((t) => t.name === name);
  if (schema) return tableIn(schema);
  // Unqualified: the search path's schema first, else a table of that name wherever it is unique.
  const inDefault = tableIn(defaultSchema);
  if (inDefault) return inDefault;
  const elsewhere = schemas.flatMap((s) => s.tables.filter((t) => t.name === name));
  return elsewhere.length === 1 ? elsewhere[0] : undefined;
}
