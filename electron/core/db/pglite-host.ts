// A Database over PGlite hosted in a worker thread (see pglite-worker.ts for why), with a small
// request-id RPC. Cancel = terminate the worker and start a fresh one on the same folder: PGlite
// has no cancel and ignores statement_timeout; committed data survives a killed thread. The
// worker runs one request at a time, so the engine's requests queued behind a console query
// never started: a cancel replays them on the fresh worker, and the sync never sees it.
import path from 'node:path';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { channelName } from './channel-name.js';
import {
  type ConsoleResult, type ConsoleSession, type Database, DatabaseOpenError, type DbResult, type QueryOptions, type RowChunk, type Statement,
} from './database.js';
import { databaseFolderProblem } from './database-folder.js';
import { acquireFolderLock, type FolderLock, type FolderLockOptions, type LockControl } from './folder-lock.js';
import { PRIVATE_DIR_MODE, tightenTree } from '../private-files.js';
import { cancelledError, WorkerConnection } from './pglite-connection.js';
import type { PgliteRequest, PgliteResponse } from './pglite-protocol.js';
import { unpackTemplate, usableTemplate } from './pglite-template.js';

/** How often, while a console query runs, the host checks whether other queries wait behind it. */
const WAIT_CHECK_MS = 500;
const CONSOLE_WAIT = 'a console query is running';

export interface PgliteOpenOptions {
  /** Serve the database over the Postgres wire protocol on this loopback address (port 0 = any). */
  listen?: { host: string; port: number };
  /** Who takes the folder lock, and how a wait for a short-lived holder is reported. */
  lock?: FolderLockOptions;
  /**
   * How a fresh folder is created: from this data-folder template, or (null) by initdb. Default:
   * the template `npm run build` ships (pglite-template.ts), else initdb.
   */
  template?: string | null;
}

export type PgliteDatabase = Database & {
  /** "127.0.0.1:54321" when the listen option is on, else null. */
  readonly socketAddress: string | null;
  /** Records in the folder lock where this process answers API calls (for `query`/`status`). */
  setLockControl(control: LockControl): Promise<void>;
  /** Writes the whole data folder as a gzipped tarball (what loadDataDir takes). */
  dumpDataDir(file: string): Promise<void>;
};

export async function openPglite(dir: string, options: PgliteOpenOptions = {}): Promise<PgliteDatabase> {
  const absDir = path.resolve(dir);
  const problem = databaseFolderProblem(absDir);
  if (problem) throw new DatabaseOpenError(problem, 'other');
  // NodeFS creates the data folder with a non-recursive mkdir, so its parent must exist (the
  // folders made here are private; an existing parent is the user's and is left alone).
  await fs.mkdir(path.dirname(absDir), { recursive: true, mode: PRIVATE_DIR_MODE });
  const lock = await acquireFolderLock(absDir, options.lock);
  // A folder written by an older version (0755 folders, 0666 files) is made private first; the
  // worker creates every new file private (pglite-private-fs.ts).
  await tightenTree(absDir).catch(() => {});
  const db = new PgliteWorkerDatabase(absDir, options.listen ?? null, lock, options.template);
  try {
    await db.start();
  } catch (error) {
    await lock.release();
    throw error;
  }
  return db;
}

class PgliteWorkerDatabase implements PgliteDatabase {
  readonly kind = 'pglite' as const;
  readonly label: string;
  private connection!: Promise<WorkerConnection>;
  private address: string | null = null;
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private closed = false;
  /** The worker in use, once started (this.connection resolved). */
  private live: WorkerConnection | null = null;
  private readonly waitListeners = new Set<(reason: string | null) => void>();
  private waitReason: string | null = null;
  private waitTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dir: string,
    private readonly listenOn: { host: string; port: number } | null,
    private readonly lock: FolderLock,
    private readonly template: string | null | undefined,
  ) {
    this.label = dir;
  }

  get socketAddress(): string | null {
    return this.address;
  }

  setLockControl(control: LockControl): Promise<void> {
    return this.lock.setControl(control);
  }

  async start(): Promise<void> {
    if (!existsSync(path.join(this.dir, 'PG_VERSION'))) await this.createFolder();
    this.connection = this.spawn();
    await this.connection;
  }

  /**
   * A first run: the data folder is made beside its place and moved in only when complete, so a
   * run killed halfway leaves nothing a later open trips on. From the template it is unpacked;
   * without one, initdb runs in a worker that ends at once (it peaks near 790 MB, and a WASM heap
   * never shrinks).
   */
  private async createFolder(): Promise<void> {
    const staging = `${this.dir}.creating`;
    await fs.rm(staging, { recursive: true, force: true });
    const template = this.template === null ? null : await usableTemplate(this.template);
    if (template) {
      await unpackTemplate(template, staging);
    } else {
      const maker = await WorkerConnection.start({ dir: staging, listen: null }, () => {});
      await maker.close();
    }
    // Absent, empty, or half made by an older version killed mid-initdb: an unrelated non-empty
    // folder was refused before the lock was taken (database-folder.ts).
    await fs.rm(this.dir, { recursive: true, force: true });
    await fs.rename(staging, this.dir);
  }

  async dumpDataDir(file: string): Promise<void> {
    await this.call({ op: 'dumpDataDir', file });
  }

  private async spawn(): Promise<WorkerConnection> {
    // After a restart, serve the socket on the port we already had, so clients can reconnect.
    const listen = this.listenOn && this.address ? { ...this.listenOn, port: Number(this.address.split(':').pop()) } : this.listenOn;
    const connection = await WorkerConnection.start({ dir: this.dir, listen }, (channel, payload) => {
      for (const cb of this.listeners.get(channel) ?? []) cb(payload);
    });
    this.address = connection.socketAddress;
    for (const channel of this.listeners.keys()) await connection.call({ op: 'listen', channel });
    this.live = connection;
    return connection;
  }

  private async call(request: PgliteRequest): Promise<PgliteResponse> {
    return (await this.working()).call(request);
  }

  private async working(): Promise<WorkerConnection> {
    if (this.closed) throw new Error('The database is closed.');
    const current = this.connection;
    const connection = await current;
    // A worker that died on its own (PGlite aborted) is replaced: the engine's next retry and the
    // window's next query find a working database, with everything committed before the crash.
    if (connection.crashed) {
      // Only the first caller to notice restarts it; the others wait for that restart.
      if (this.connection === current) await this.restart();
      return this.connection;
    }
    return connection;
  }

  onWait(listener: (reason: string | null) => void): () => void {
    this.waitListeners.add(listener);
    return () => void this.waitListeners.delete(listener);
  }

  /** While a console query is pending, tells the wait listeners whether other queries wait behind it. */
  private watchWaits(): void {
    if (this.waitTimer) return;
    this.waitTimer = setInterval(() => {
      const reason = this.live?.waitingOnConsole ? CONSOLE_WAIT : null;
      if (!this.live?.consolePending || this.closed) {
        clearInterval(this.waitTimer!);
        this.waitTimer = null;
      }
      if (reason === this.waitReason) return;
      this.waitReason = reason;
      for (const listener of this.waitListeners) listener(reason);
    }, WAIT_CHECK_MS);
    this.waitTimer.unref();
  }

  async query<R = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<DbResult<R>> {
    return (await this.call({ op: 'query', sql, params, rowMode: options?.rowMode })) as DbResult<R>;
  }

  async transaction(statements: Statement[]): Promise<DbResult[]> {
    return (await this.call({ op: 'transaction', statements })) as DbResult[];
  }

  async listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
    const name = channelName(channel);
    let set = this.listeners.get(name);
    if (!set) {
      await this.call({ op: 'listen', channel: name });
      set = this.listeners.get(name) ?? new Set();
      this.listeners.set(name, set);
    }
    set.add(onPayload);
    return async () => {
      const current = this.listeners.get(name);
      if (!current?.delete(onPayload) || current.size > 0) return;
      this.listeners.delete(name);
      if (!this.closed) await this.call({ op: 'unlisten', channel: name }).catch(() => {});
    };
  }

  /** PGlite is one session, so the console shares it (research pglite.md §7). */
  async openConsoleSession(): Promise<ConsoleSession> {
    // Set before the request is posted, so a cancel that comes first still stops it.
    let inFlight: { cancelled: boolean; sent: { connection: WorkerConnection; id: number } | null } | null = null;
    const consoleCall = async (request: PgliteRequest): Promise<PgliteResponse> => {
      const mine: NonNullable<typeof inFlight> = { cancelled: false, sent: null };
      inFlight = mine;
      try {
        const connection = await this.working();
        if (mine.cancelled) throw cancelledError();
        const sent = connection.send(request);
        mine.sent = { connection, id: sent.id };
        this.watchWaits();
        return await sent.result;
      } finally {
        if (inFlight === mine) inFlight = null;
      }
    };
    return {
      query: async (sql, options) =>
        (await consoleCall({ op: 'consoleQuery', sql, rowMode: options?.rowMode, readOnly: options?.readOnly ?? false })) as DbResult,
      run: async (sql, options) => (await consoleCall({ op: 'consoleRun', sql, ...options })) as ConsoleResult,
      readCursor: async (sql, options) => (await consoleCall({ op: 'consoleCursor', sql, ...options })) as ConsoleResult,
      cancel: async () => {
        if (!inFlight) return;
        inFlight.cancelled = true;
        if (inFlight.sent) await this.cancelConsoleQuery(inFlight.sent.connection, inFlight.sent.id);
      },
      close: async () => {},
    };
  }

  /** Export: one worker request, read-only, chunk by chunk; an aborted signal stops it between chunks. */
  async streamQuery(sql: string, chunkRows: number, onChunk: (chunk: RowChunk) => Promise<void>, signal: AbortSignal): Promise<void> {
    const sent = (await this.working()).send({ op: 'stream', sql, chunkRows }, async (chunk) => {
      if (signal.aborted) return false;
      await onChunk(chunk);
      return !signal.aborted;
    });
    this.watchWaits();
    await sent.result;
  }

  /**
   * A console query still queued is dropped (it never runs). A running one is stopped with its
   * worker; everything queued behind it never started and runs on the fresh worker, in order.
   */
  private async cancelConsoleQuery(connection: WorkerConnection, id: number): Promise<void> {
    if (this.closed || this.live !== connection) return; // its worker is gone already
    if (!connection.stopIfRunning(id)) return connection.drop(id, cancelledError());
    const queued = connection.takeQueued(id);
    this.connection = (async () => {
      await connection.terminate(cancelledError());
      try {
        const fresh = await this.spawn();
        for (const entry of queued) fresh.forward(entry);
        return fresh;
      } catch (error) {
        for (const entry of queued) entry.reject(error as Error);
        throw error;
      }
    })();
    await this.connection;
  }

  /** Stops whatever runs (every query in flight rejects as cancelled) and reopens the folder. */
  private async restart(): Promise<void> {
    if (this.closed) return;
    const previous = this.connection;
    this.connection = (async () => {
      const old = await previous.catch(() => null);
      await old?.terminate(cancelledError());
      return this.spawn();
    })();
    await this.connection;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.waitTimer) clearInterval(this.waitTimer);
    try {
      const connection = await this.connection.catch(() => null);
      await connection?.close();
    } finally {
      await this.lock.release();
    }
  }
}
