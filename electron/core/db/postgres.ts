// A Database over node-postgres: a Pool for queries, one dedicated client for LISTEN, and a
// dedicated client per SQL console session. pg's default type parsing already matches the
// contract (int8/numeric as strings, timestamptz as Date, jsonb parsed).
import os from 'node:os';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { channelName, quoteIdent, quotedChannel } from './channel-name.js';
import { toDatabaseError } from './database-errors.js';
import {
  type ConsoleSession,
  type Database,
  DatabaseOpenError,
  type DbResult,
  type QueryOptions,
  type RowChunk,
  type Statement,
} from './database.js';
import { openPostgresConsole, streamPostgresQuery } from './postgres-console.js';
import { maskDatabaseUrl } from './target.js';
import { Backoff } from '../backoff.js';

/** Shown in pg_stat_activity, so another engine can say who holds a lock. */
export function applicationName(): string {
  return `seren-auth (pid ${process.pid}@${os.hostname()})`.slice(0, 63);
}

export async function openPostgres(url: string): Promise<Database> {
  const label = maskDatabaseUrl(url);
  let config = clientConfig(url, label);
  try {
    await verifyConnection(config);
  } catch (error) {
    // libpq's sslmode=prefer/allow fall back to plain text; pg has no fallback, so do it here.
    if (!isNoSslServer(error) || !['prefer', 'allow'].includes(sslModeOf(url))) throw openError(label, error);
    config = clientConfig(withSslMode(url, 'disable'), label);
    await verifyConnection(config).catch((retryError) => {
      throw openError(label, retryError);
    });
  }
  return new PostgresDatabase(config, label);
}

function clientConfig(url: string, label: string): pg.ClientConfig {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseOpenError(`${label} is not a valid postgres:// URL.`, 'invalid');
  }
  // Give sslmode its libpq meaning (require = encrypted, certificate not verified;
  // verify-full = verified) instead of pg's "every mode means verify-full".
  if (parsed.searchParams.has('sslmode') && !parsed.searchParams.has('uselibpqcompat')) {
    parsed.searchParams.set('uselibpqcompat', 'true');
  }
  return {
    connectionString: parsed.toString(),
    application_name: applicationName(),
    connectionTimeoutMillis: 10_000,
    keepAlive: true,
  };
}

async function verifyConnection(config: pg.ClientConfig): Promise<void> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => {});
  }
}

function sslModeOf(url: string): string {
  try {
    return new URL(url).searchParams.get('sslmode') ?? '';
  } catch {
    return '';
  }
}

function withSslMode(url: string, mode: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('sslmode', mode);
  return parsed.toString();
}

function isNoSslServer(error: unknown): boolean {
  return /does not support SSL/i.test(String((error as Error)?.message));
}

const UNREACHABLE_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running and listening on that port?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset by the server',
};

/** Turns a failed connect into a plain sentence naming the database and the cause. */
export function openError(label: string, error: unknown): DatabaseOpenError {
  const e = firstError(error) as NodeJS.ErrnoException & { code?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = String(e?.message ?? error);
  if (UNREACHABLE_CODES[code] || /timeout expired|Connection terminated due to connection timeout/i.test(message)) {
    const cause = UNREACHABLE_CODES[code] ?? 'connection timed out';
    return new DatabaseOpenError(`Cannot reach the database ${label}: ${cause}.`, 'unreachable', code !== 'ENOTFOUND');
  }
  // cannot_connect_now (starting up, shutting down, in recovery), too_many_connections.
  if (code === '57P03' || code === '53300') {
    return new DatabaseOpenError(`The database ${label} does not accept connections now: ${message}.`, 'unreachable', true);
  }
  if (code === '3D000') {
    return new DatabaseOpenError(`The database ${label} does not exist (${message}).`, 'not_found');
  }
  if (code === '28P01' || code === '28000' || /SASL|password/i.test(message)) {
    return new DatabaseOpenError(`The database ${label} refused the login: ${message}.`, 'auth');
  }
  if (/SSL|TLS|certificate|CERT_|self[- ]signed/i.test(`${code} ${message}`)) {
    return new DatabaseOpenError(
      `Secure connection (TLS) to ${label} failed: ${message}. Check sslmode in the URL (disable, require or verify-full).`,
      'tls',
    );
  }
  return new DatabaseOpenError(`Cannot open the database ${label}: ${message}.`, 'other');
}

/** Node reports a refused dual-stack connect as an AggregateError holding the real errors. */
function firstError(error: unknown): unknown {
  if (error instanceof AggregateError && error.errors.length > 0) {
    const coded = error.errors.find((e) => (e as NodeJS.ErrnoException).code);
    return coded ?? error.errors[0];
  }
  return error;
}

function toResult<R>(result: pg.QueryResult | pg.QueryResult[]): DbResult<R> {
  const last = Array.isArray(result) ? result[result.length - 1] : result;
  return {
    rows: last.rows as R[],
    fields: (last.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rowCount: last.rowCount ?? null,
    command: last.command ?? null,
  };
}

function queryConfig(sql: string, params: unknown[] | undefined, options?: QueryOptions): pg.QueryArrayConfig | pg.QueryConfig {
  return options?.rowMode === 'array' ? { text: sql, values: params, rowMode: 'array' } : { text: sql, values: params };
}

/** Streams `rows` (COPY text format) into a `COPY … FROM STDIN` statement. */
async function copyIn(client: pg.PoolClient, sql: string, rows: string): Promise<DbResult> {
  const stream = client.query(copyFrom(sql));
  await pipeline(Readable.from([rows]), stream);
  return { rows: [], fields: [], rowCount: Number(stream.rowCount), command: 'COPY' };
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly listener: PostgresListener;

  constructor(
    private readonly config: pg.ClientConfig,
    readonly label: string,
  ) {
    this.pool = new pg.Pool({ ...config, max: 5, idleTimeoutMillis: 30_000 });
    // An idle client dropped by the server must not crash the process; the pool replaces it.
    this.pool.on('error', () => {});
    this.listener = new PostgresListener(config);
  }

  async query<R = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<DbResult<R>> {
    try {
      return toResult<R>(await this.pool.query(queryConfig(sql, params, options)));
    } catch (error) {
      throw toDatabaseError(error);
    }
  }

  async transaction(statements: Statement[]): Promise<DbResult[]> {
    const client = await this.pool.connect().catch((error) => {
      throw toDatabaseError(error);
    });
    let broken = false;
    // The pool listens for errors only on idle clients: without this, a connection dropped while
    // checked out (a server restart mid-transaction) is an unhandled 'error' that ends the process.
    const dropped = () => (broken = true);
    client.on('error', dropped);
    try {
      await client.query('BEGIN');
      const results: DbResult[] = [];
      for (const s of statements) results.push(s.copyFrom === undefined ? toResult(await client.query(s.sql, s.params)) : await copyIn(client, s.sql, s.copyFrom));
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw toDatabaseError(error);
    } finally {
      client.removeListener('error', dropped);
      client.release(broken);
    }
  }

  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    return this.listener.add(channel, onPayload);
  }

  openConsoleSession(): Promise<ConsoleSession> {
    return openPostgresConsole(this.config, this.pool);
  }

  streamQuery(sql: string, chunkRows: number, onChunk: (chunk: RowChunk) => Promise<void>, signal: AbortSignal): Promise<void> {
    return streamPostgresQuery(this.pool, sql, chunkRows, onChunk, signal);
  }

  async close(): Promise<void> {
    await this.listener.close();
    await this.pool.end();
  }
}

/** One connection holds every LISTEN; if it drops, reconnect with backoff and LISTEN again. */
class PostgresListener {
  private readonly callbacks = new Map<string, Set<(payload: string) => void>>();
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private readonly reconnectBackoff = new Backoff({ baseMs: 500, capMs: 30_000, jitter: 'none' });
  private failedReconnects = 0;
  private closed = false;

  constructor(private readonly config: pg.ClientConfig) {}

  async add(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const name = channelName(channel);
    let set = this.callbacks.get(name);
    const isNew = !set;
    if (!set) this.callbacks.set(name, (set = new Set()));
    set.add(onPayload);
    if (isNew) {
      try {
        const client = await this.connect();
        await client.query(`LISTEN ${quotedChannel(channel)}`);
      } catch (error) {
        set.delete(onPayload);
        if (set.size === 0) this.callbacks.delete(name);
        throw toDatabaseError(error);
      }
    }
    return async () => {
      const current = this.callbacks.get(name);
      if (!current?.delete(onPayload) || current.size > 0) return;
      this.callbacks.delete(name);
      await this.client?.query(`UNLISTEN ${quotedChannel(channel)}`).catch(() => {});
    };
  }

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client(this.config);
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      client.on('notification', (msg) => {
        for (const cb of this.callbacks.get(msg.channel) ?? []) cb(msg.payload ?? '');
      });
      try {
        await client.connect();
        for (const name of this.callbacks.keys()) await client.query(`LISTEN ${quoteIdent(name)}`);
      } catch (error) {
        await client.end().catch(() => {});
        throw error;
      } finally {
        this.connecting = null;
      }
      this.client = client;
      this.failedReconnects = 0;
      return client;
    })();
    return this.connecting;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer || this.callbacks.size === 0) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect().catch(() => {
        this.failedReconnects++;
        this.scheduleReconnect();
      });
    }, this.reconnectBackoff.delay(this.failedReconnects + 1));
    this.retryTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client ?? (await this.connecting?.catch(() => null)) ?? null;
    this.client = null;
    await client?.end().catch(() => {});
  }
}
