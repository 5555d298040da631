// One worker thread hosting one PGlite instance, and the request-id RPC to it. The worker runs
// one request at a time and publishes which in shared memory, so the host can stop a running
// console query knowing that nothing queued behind it had started.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { deserializeError } from './database-errors.js';
import { DatabaseError, DatabaseOpenError, type RowChunk } from './database.js';
import {
  type HostToWorker,
  isConsoleRequest,
  type PgliteRequest,
  type PgliteResponse,
  type PgliteWorkerData,
  RUNNING_STOPPED,
  type WorkerToHost,
} from './pglite-protocol.js';

export interface PendingRequest {
  request: PgliteRequest;
  resolve: (r: PgliteResponse) => void;
  reject: (e: Error) => void;
  /** A stream's chunks; the worker waits for each to resolve (true = go on). */
  onChunk?: (chunk: RowChunk) => Promise<boolean>;
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

export function cancelledError(): DatabaseError {
  return new DatabaseError('The query was cancelled (the embedded database was restarted to stop it).', '57014');
}

/** One worker thread hosting one PGlite instance. */
export class WorkerConnection {
  private readonly pending = new Map<number, PendingRequest>();
  private nextId = 1;
  private stoppedWith: Error | null = null;
  /** True when the thread ended without being asked to (a crash, an abort inside PGlite). */
  private died = false;

  private constructor(
    private readonly worker: Worker,
    readonly socketAddress: string | null,
    private readonly running: Int32Array,
  ) {}

  static start(
    options: Omit<PgliteWorkerData, 'running'>,
    onNotification: (channel: string, payload: string) => void,
  ): Promise<WorkerConnection> {
    const entry = workerEntry();
    const data: PgliteWorkerData = { ...options, running: new SharedArrayBuffer(4) };
    const worker = new Worker(entry.script, { workerData: data, eval: entry.eval });
    return new Promise((resolve, reject) => {
      let connection: WorkerConnection | null = null;
      worker.on('message', (message: WorkerToHost) => {
        switch (message.type) {
          case 'ready':
            connection = new WorkerConnection(worker, message.socketAddress, new Int32Array(data.running));
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

  call(request: PgliteRequest, onChunk?: PendingRequest['onChunk']): Promise<PgliteResponse> {
    return this.send(request, onChunk).result;
  }

  /** Posts a request; `id` is what stopIfRunning and drop take. */
  send(request: PgliteRequest, onChunk?: PendingRequest['onChunk']): { id: number; result: Promise<PgliteResponse> } {
    const id = this.nextId++;
    const result = new Promise<PgliteResponse>((resolve, reject) => {
      if (this.stoppedWith) return reject(this.stoppedWith);
      this.pending.set(id, { request, resolve, reject, onChunk });
      this.post({ id, request });
    });
    return { id, result };
  }

  private post(message: HostToWorker): void {
    this.worker.postMessage(message);
  }

  /** Sends a request taken from a stopped worker here, settling its original caller. */
  forward(entry: PendingRequest): void {
    this.call(entry.request, entry.onChunk).then(entry.resolve, entry.reject);
  }

  /** True, and nothing else will start on this worker, if request `id` is the one running now. */
  stopIfRunning(id: number): boolean {
    return Atomics.compareExchange(this.running, 0, id, RUNNING_STOPPED) === id;
  }

  /** A request that has not started (or has just finished) is forgotten and rejects with `error`. */
  drop(id: number, error: Error): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    this.post({ id, drop: true });
    waiter.reject(error);
  }

  /** Every pending request except `except`, in order, handed over (after stopIfRunning(except) none has started). */
  takeQueued(except: number): PendingRequest[] {
    const queued = [...this.pending].filter(([id]) => id !== except);
    for (const [id] of queued) this.pending.delete(id);
    return queued.map(([, entry]) => entry);
  }

  /** A console query runs and other requests wait behind it. */
  get waitingOnConsole(): boolean {
    const running = this.pending.get(Atomics.load(this.running, 0));
    return isConsoleRequest(running?.request) && [...this.pending.values()].some((p) => !isConsoleRequest(p.request));
  }

  get consolePending(): boolean {
    return [...this.pending.values()].some((p) => isConsoleRequest(p.request));
  }

  /** Hands a stream's chunk to its caller and tells the worker whether to go on once it is taken. */
  private takeChunk(id: number, chunk: RowChunk): void {
    const onChunk = this.pending.get(id)?.onChunk;
    const proceed = onChunk ? onChunk(chunk).catch(() => false) : Promise.resolve(false);
    void proceed.then((go) => {
      if (!this.stoppedWith) this.post({ ack: id, proceed: go });
    });
  }

  private settle(message: WorkerToHost): void {
    if (message.type === 'chunk') return this.takeChunk(message.id, message.chunk);
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

function openFailure(dir: string, cause: Error): DatabaseOpenError {
  // PGlite's file system errors can carry no message, only an errno code.
  const reason = cause.message && cause.message !== 'undefined' ? cause.message : (cause as { code?: string }).code ?? 'it could not be read';
  return new DatabaseOpenError(`Cannot open the database folder ${dir}: ${reason}`, 'other');
}
