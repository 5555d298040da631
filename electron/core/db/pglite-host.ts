// A Database over PGlite hosted in a worker thread (see pglite-worker.ts for why), with a small
// request-id RPC. Cancel = terminate the worker and start a fresh one on the same folder: PGlite
// has no cancel and ignores statement_timeout; committed data survives a killed thread.
import path from 'node:path';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { channelName } from './channel-name.js';
import { deserializeError } from './database-errors.js';
import {
  type ConsoleSession,
  type Database,
  DatabaseError,
  DatabaseOpenError,
  type DbResult,
  type QueryOptions,
  type Statement,
} from './database.js';
import { acquireFolderLock, type FolderLock, type FolderLockOptions, type LockControl } from './folder-lock.js';
import type { PgliteRequest, PgliteResponse, PgliteWorkerData, WorkerToHost } from './pglite-protocol.js';
import { usableTemplate } from './pglite-template.js';

export interface PgliteOpenOptions {
  /** Serve the database over the Postgres wire protocol on this loopback address (port 0 = any). */
  listen?: { host: string; port: number };
  /**
   * How a fresh folder is created: from this data-folder template, or (null) by initdb. Default:
   * the template `npm run build` ships (pglite-template.ts), else initdb.
   */
  template?: string | null;
  /** Who takes the folder lock, and how a wait for a short-lived holder is reported. */
  lock?: FolderLockOptions;
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
  // NodeFS creates the data folder with a non-recursive mkdir, so its parent must exist.
  await fs.mkdir(path.dirname(absDir), { recursive: true });
  const lock = await acquireFolderLock(absDir, options.lock);
  const db = new PgliteWorkerDatabase(absDir, options.listen ?? null, lock, options.template);
  try {
    await db.start();
  } catch (error) {
    await lock.release();
    throw error;
  }
  return db;
}

/**
 * How to start the worker: from compiled .js, pglite-worker.js next to this file. From a .ts
 * file (vitest, tsx) start pglite-worker.ts through tsx; Node 20 ignores `--import tsx` in a
 * worker's execArgv for the entry module, so a tiny bootstrap registers tsx first.
 */
function workerEntry(): { script: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./pglite-worker.js', import.meta.url), eval: false };
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const worker = new URL('./pglite-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })`;
  return { script: bootstrap, eval: true };
}

function cancelledError(): DatabaseError {
  return new DatabaseError('The query was cancelled (the embedded database was restarted to stop it).', '57014');
}

/** One worker thread hosting one PGlite instance. */
class WorkerConnection {
  private readonly pending = new Map<number, { resolve: (r: PgliteResponse) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private stoppedWith: Error | null = null;
  /** True when the thread ended without being asked to (a crash, an abort inside PGlite). */
  private died = false;

  private constructor(
    private readonly worker: Worker,
    readonly socketAddress: string | null,
  ) {}

  static start(data: PgliteWorkerData, onNotification: (channel: string, payload: string) => void): Promise<WorkerConnection> {
    const entry = workerEntry();
    const worker = new Worker(entry.script, { workerData: data, eval: entry.eval });
    return new Promise((resolve, reject) => {
      let connection: WorkerConnection | null = null;
      worker.on('message', (message: WorkerToHost) => {
        switch (message.type) {
          case 'ready':
            connection = new WorkerConnection(worker, message.socketAddress);
            resolve(connection);
            break;
          case 'startFailed':
            reject(openFailure(data.dir, deserializeError(message.error)));
            void worker.terminate();
            break;
          case 'notification':
            onNotification(message.channel, message.payload);
            break;
          default:
            connection?.settle(message);
        }
      });
      const stopped = (error: Error) => {
        if (connection) connection.fail(error);
        else reject(openFailure(data.dir, error));
      };
      worker.on('error', (error) => stopped(error));
      worker.on('exit', (code) => {
        if (connection && !connection.stoppedWith) connection.died = true;
        stopped(new Error(`The PGlite worker for ${data.dir} stopped (exit code ${code}).`));
      });
    });
  }

  get crashed(): boolean {
    return this.died;
  }

  call(request: PgliteRequest): Promise<PgliteResponse> {
    if (this.stoppedWith) return Promise.reject(this.stoppedWith);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, request });
    });
  }

  private settle(message: WorkerToHost): void {
    if (message.type !== 'result' && message.type !== 'error') return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.type === 'result') waiter.resolve(message.result);
    else waiter.reject(deserializeError(message.error));
  }

  /** Rejects everything in flight and refuses later calls with this error. */
  fail(error: Error): void {
    this.stoppedWith ??= error;
    for (const waiter of this.pending.values()) waiter.reject(this.stoppedWith);
    this.pending.clear();
  }

  async terminate(error: Error): Promise<void> {
    this.fail(error);
    await this.worker.terminate();
  }

  /** Closes PGlite cleanly (shutdown checkpoint) and ends the thread. */
  async close(): Promise<void> {
    try {
      await this.call({ op: 'close' });
    } finally {
      await this.terminate(new Error('The database is closed.'));
    }
  }
}

/** A folder that exists, holds files and is no database: never build a database over it. */
async function refuseForeignFolder(dir: string): Promise<void> {
  const entries = await fs.readdir(dir).catch(() => []);
  if (entries.length > 0) {
    throw new DatabaseOpenError(
      `The folder ${dir} is not empty and holds no database (no PG_VERSION). Choose a new or empty folder.`,
      'invalid',
    );
  }
}

function openFailure(dir: string, cause: Error): DatabaseOpenError {
  return new DatabaseOpenError(`Cannot open the database folder ${dir}: ${cause.message}`, 'other');
}

class PgliteWorkerDatabase implements PgliteDatabase {
  readonly kind = 'pglite' as const;
  readonly label: string;
  private connection!: Promise<WorkerConnection>;
  private address: string | null = null;
  private readonly listeners = new Map<string, Set<(payload: string) => void>>();
  private closed = false;

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
   * run killed halfway leaves nothing a later open trips on. It is made by a worker that ends at
   * once: even loading the template leaves heap behind, and initdb ~450 MB (a WASM heap never
   * shrinks; a reopened folder needs ~300 MB).
   */
  private async createFolder(): Promise<void> {
    await refuseForeignFolder(this.dir);
    const staging = `${this.dir}.creating`;
    await fs.rm(staging, { recursive: true, force: true });
    const template = this.template === null ? null : await usableTemplate(this.template);
    const maker = await WorkerConnection.start({ dir: staging, listen: null, loadDataDir: template }, () => {});
    await maker.close();
    await fs.rm(this.dir, { recursive: true, force: true }); // empty (checked above)
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
    return connection;
  }

  private async call(request: PgliteRequest): Promise<PgliteResponse> {
    if (this.closed) throw new Error('The database is closed.');
    const current = this.connection;
    const connection = await current;
    // A worker that died on its own (PGlite aborted) is replaced: the engine's next retry and the
    // window's next query find a working database, with everything committed before the crash.
    if (connection.crashed) {
      // Only the first caller to notice restarts it; the others wait for that restart.
      if (this.connection === current) await this.restart();
      return (await this.connection).call(request);
    }
    return connection.call(request);
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
    return {
      query: async (sql, options) =>
        (await this.call({ op: 'consoleQuery', sql, rowMode: options?.rowMode, readOnly: options?.readOnly ?? false })) as DbResult,
      cancel: () => this.restart(),
      close: async () => {},
    };
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
    try {
      const connection = await this.connection.catch(() => null);
      await connection?.close();
    } finally {
      await this.lock.release();
    }
  }
}
