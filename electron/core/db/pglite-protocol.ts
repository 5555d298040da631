// The messages between pglite-host (main thread) and pglite-worker (the thread that owns PGlite).
import type { DbResult, QueryOptions, Statement } from './database.js';
import type { SerializedError } from './database-errors.js';

export interface PgliteWorkerData {
  dir: string;
  listen: { host: string; port: number } | null;
}

export type PgliteRequest =
  | { op: 'query'; sql: string; params?: unknown[]; rowMode?: QueryOptions['rowMode'] }
  | { op: 'transaction'; statements: Statement[] }
  | { op: 'consoleQuery'; sql: string; rowMode?: QueryOptions['rowMode']; readOnly: boolean }
  /** channel: the folded name (channelName()), LISTENed as a quoted identifier. */
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; channel: string }
  | { op: 'close' };

export type PgliteResponse = DbResult | DbResult[] | null;

export type HostToWorker = { id: number; request: PgliteRequest };

export type WorkerToHost =
  | { type: 'ready'; socketAddress: string | null }
  | { type: 'startFailed'; error: SerializedError }
  | { type: 'result'; id: number; result: PgliteResponse }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'notification'; channel: string; payload: string };
