// The one interface the engine, the CLI and the API use for both targets: node-postgres for a
// URL, PGlite (hosted in a worker thread) for a folder. Values come back normalised so callers
// never care which one they got: int8 and numeric as strings, timestamptz as Date, jsonb parsed.

export interface DbField {
  name: string;
  dataTypeID: number;
}

export interface DbResult<R = Record<string, unknown>> {
  rows: R[];
  fields: DbField[];
  /** Rows inserted/updated/deleted (or returned by a SELECT), when the server says. */
  rowCount: number | null;
  /** The command tag's verb: SELECT, INSERT, UPDATE, CREATE, … */
  command: string | null;
}

export interface Statement {
  sql: string;
  params?: unknown[];
  /**
   * For a `COPY … FROM STDIN` statement: the rows, in COPY's text format. Postgres streams them
   * over the connection (pg-copy-streams); PGlite, which has no COPY protocol, reads them from
   * its /dev/blob device.
   */
  copyFrom?: string;
}

export interface QueryOptions {
  /** 'array' returns each row as an array of values in field order (for the SQL console). */
  rowMode?: 'object' | 'array';
}

/** A Postgres error, with the fields the SQL console shows. */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly detail: string | null = null,
    readonly hint: string | null = null,
    /** 1-based character position in the statement, as Postgres reports it. */
    readonly position: number | null = null,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

/** Thrown when the target cannot be opened: bad URL, host down, bad password, folder in use. */
export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'auth' | 'tls' | 'not_found' | 'in_use' | 'invalid' | 'other',
    /** The server is down or restarting (refused, timed out, starting up): trying again later may work. */
    readonly transient = false,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** The folder, or the URL with its password masked: safe to print. */
  readonly label: string;

  query<R = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<DbResult<R>>;

  /** Runs the statements in order in one transaction; rolls back and rethrows on any error. */
  transaction(statements: Statement[]): Promise<DbResult[]>;

  /** LISTEN on a channel; the callback gets each payload after the notifying transaction commits. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;

  /**
   * A separate session for the SQL console, so a long query can be cancelled without harming
   * the sync: on Postgres its own connection (cancel = pg_cancel_backend); on PGlite the shared
   * instance (cancel = stop and restart the worker that hosts it; committed data survives).
   */
  openConsoleSession(): Promise<ConsoleSession>;

  /**
   * Reads every row of a plain query (SELECT/VALUES/TABLE) in a read-only transaction, chunk by
   * chunk: each chunk is awaited before the next is fetched (back-pressure), and an aborted
   * signal stops the read between chunks. The first chunk comes even when empty (it carries the
   * columns). For export; never holds more than one chunk.
   */
  streamQuery(sql: string, chunkRows: number, onChunk: (chunk: RowChunk) => Promise<void>, signal: AbortSignal): Promise<void>;

  /**
   * PGlite only (one session): tells when this process's other queries wait behind a long
   * console query (the reason, for the status) and when they no longer do (null).
   */
  onWait?(listener: (reason: string | null) => void): () => void;

  close(): Promise<void>;
}

export interface RowChunk {
  fields: DbField[];
  /** Rows as arrays of values in field order. */
  rows: unknown[][];
}

export interface ConsoleRunOptions {
  /** Run inside a read-only transaction that is then rolled back (safe mode). */
  readOnly: boolean;
  /** Most rows to keep; the statement's other rows are counted, not kept. */
  maxRows: number;
}

/** One console statement's outcome: rows as arrays, at most the asked maximum. */
export interface ConsoleResult {
  fields: DbField[];
  rows: unknown[][];
  command: string | null;
  /** Rows the statement returned in all (kept or not) or affected, when known. */
  rowCount: number | null;
}

export interface ConsoleSession {
  /** Our own SQL on this session (the engine lock uses it), rows as objects. */
  query(sql: string, options?: QueryOptions & { readOnly?: boolean }): Promise<DbResult>;
  /** Runs any one statement through the extended query protocol, which refuses several commands in one message. */
  run(sql: string, options: ConsoleRunOptions): Promise<ConsoleResult>;
  /**
   * Reads a plain query through DECLARE … FETCH: skips `skip` rows, keeps `maxRows`, and counts
   * the rest with MOVE, so they are never transferred. rowCount is then the query's total.
   */
  readCursor(sql: string, options: ConsoleRunOptions & { skip: number }): Promise<ConsoleResult>;
  cancel(): Promise<void>;
  close(): Promise<void>;
}
