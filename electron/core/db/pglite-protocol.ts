// The messages between pglite-host (main thread) and pglite-worker (the thread that owns PGlite).
import type { DbResult, QueryOptions, Statement } from './database.js';
import type { SerializedError } from './database-errors.js';

export interface PgliteWorkerData {
  dir: string;
  listen: { host: string; port: number } | null;
  /** A fresh folder only: load this data-folder tarball (pglite-template.ts) instead of initdb. */
  loadDataDir?: string | null;
}

export type PgliteRequest =
  | { op: 'query'; sql: string; params?: unknown[]; rowMode?: QueryOptions['rowMode'] }
  | { op: 'transaction'; statements: Statement[] }
  | { op: 'consoleQuery'; sql: string; rowMode?: QueryOptions['rowMode']; readOnly: boolean }
  /** channel: the folded name (channelName()), LISTENed as a quoted identifier. */
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; channel: string }
  /** Writes the data folder as a gzipped tarball to `file` (the template build). */
  | { op: 'dumpDataDir'; file: string }
  | { op: 'close' };

export type PgliteResponse = DbResult | DbResult[] | null;

export type HostToWorker = { id: number; request: PgliteRequest };

export type WorkerToHost =
  | { type: 'ready'; socketAddress: string | null }
  | { type: 'startFailed'; error: SerializedError }
  | { type: 'result'; id: number; result: PgliteResponse }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'notification'; channel: string; payload: string };
