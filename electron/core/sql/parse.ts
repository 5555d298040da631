// Splits SQL text into statements with the real PostgreSQL parser (libpg_query, WASM), so the
// console, `seren-auth query` and the migrations see exactly the statements Postgres will see:
// no hand-written lexing of quotes, dollar quotes or identifiers like `a$$x$` to get wrong.
import { loadModule, parseSync } from 'libpg-query';

/** One parse-tree node: `{ SelectStmt: {…} }`, `{ FuncCall: {…} }`, … */
export type SqlNode = Record<string, unknown>;

export interface ParsedStatement {
  /** String index of the statement's first token in the whole text. */
  from: number;
  /** String index just past its last token (its ';' not included). */
  to: number;
  /** What to send to Postgres: `text.slice(from, to)`. */
  sql: string;
  /** The statement's node, e.g. `{ DeleteStmt: {…} }`. */
  node: SqlNode;
  /** The statement node's type name, e.g. "DeleteStmt". */
  type: string;
}

/** A text the parser refuses; nothing of it runs. */
export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based character position in the whole text, as Postgres reports positions. */
    readonly position: number | null,
  ) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

let loading: Promise<void> | null = null;

/** Loads the WASM parser once; every parse function below awaits it. */
export function loadSqlParser(): Promise<void> {
  loading ??= loadModule();
  return loading;
}

interface RawStatement {
  stmt: SqlNode;
  stmt_location?: number;
  stmt_len?: number;
}

/** Every statement in the text, in order (blank and comment-only statements are left out). Throws SqlSyntaxError. */
export async function parseSql(text: string): Promise<ParsedStatement[]> {
  await loadSqlParser();
  return parseSqlLoaded(text);
}

/** parseSql for callers that already awaited loadSqlParser(). */
export function parseSqlLoaded(text: string): ParsedStatement[] {
  if (text.trim() === '') return [];
  let raw: RawStatement[];
  try {
    raw = (parseSync(text) as unknown as { stmts: RawStatement[] }).stmts ?? [];
  } catch (error) {
    const e = error as Error & { sqlDetails?: { cursorPosition?: number } };
    const cursor = e.sqlDetails?.cursorPosition;
    // libpg_query gives a 0-based character offset; Postgres positions are 1-based.
    throw new SqlSyntaxError(e.message, typeof cursor === 'number' && cursor >= 0 ? cursor + 1 : null);
  }
  const bytes = new Utf8Offsets(text);
  return raw.map((r) => {
    // stmt_location/stmt_len are UTF-8 byte offsets; the first statement has no location, the last no length.
    const startByte = r.stmt_location ?? 0;
    const from = bytes.index(startByte);
    const to = r.stmt_len === undefined ? text.length : bytes.index(startByte + r.stmt_len);
    const sql = text.slice(from, to).trimEnd();
    const type = Object.keys(r.stmt)[0];
    return { from, to: from + sql.length, sql, node: r.stmt, type };
  });
}

/** The byte offsets of a parse tree's `location` fields, as string indexes into the text. */
export class Utf8Offsets {
  private readonly ascii: boolean;
  /** indexAtByte[b] for every byte offset that starts a character (others round up). */
  private table: Int32Array | null = null;

  constructor(private readonly text: string) {
    this.ascii = Buffer.byteLength(text, 'utf8') === text.length;
  }

  index(byteOffset: number): number {
    if (this.ascii) return Math.min(byteOffset, this.text.length);
    this.table ??= this.build();
    return this.table[Math.max(0, Math.min(byteOffset, this.table.length - 1))];
  }

  private build(): Int32Array {
    const table = new Int32Array(Buffer.byteLength(this.text, 'utf8') + 1);
    let byte = 0;
    let i = 0;
    while (i < this.text.length) {
      const code = this.text.codePointAt(i)!;
      const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      for (let k = 0; k < width; k++) table[byte + k] = k === 0 ? i : i + (code > 0xffff ? 2 : 1);
      byte += width;
      i += code > 0xffff ? 2 : 1;
    }
    table[byte] = this.text.length;
    return table;
  }
}

/** Postgres counts positions in characters; JS string indexes count UTF-16 units (an emoji is 2). */
export function charactersBefore(text: string, index: number): number {
  let count = 0;
  for (let i = 0; i < index; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdbff) count++;
  }
  return count;
}
