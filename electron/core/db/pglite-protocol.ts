// The messages between pglite-host (main thread) and pglite-worker (the thread that owns PGlite).
import type { ConsoleResult, DbResult, QueryOptions, RowChunk, Statement } from './database.js';
import type { SerializedError } from './database-errors.js';

export interface PgliteWorkerData {
  dir: string;
  listen: { host: string; port: number } | null;
  /**
   * One Int32: the id of the request the worker runs, RUNNING_NONE between requests. The host
   * swaps a running console query's id for RUNNING_STOPPED before it kills the thread, so it
   * knows for sure that nothing queued behind that query had started (and replays it).
   */
  running: SharedArrayBuffer;
}

export const RUNNING_NONE = 0;
export const RUNNING_STOPPED = -1;

export type PgliteRequest =
  | { op: 'query'; sql: string; params?: unknown[]; rowMode?: QueryOptions['rowMode'] }
  | { op: 'transaction'; statements: Statement[] }
  | { op: 'consoleQuery'; sql: string; rowMode?: QueryOptions['rowMode']; readOnly: boolean }
  | { op: 'consoleRun'; sql: string; readOnly: boolean; maxRows: number }
  | { op: 'consoleCursor'; sql: string; readOnly: boolean; maxRows: number; skip: number }
  /** An export: answered with 'chunk' messages, each acknowledged by the host before the next, then a null result. */
  | { op: 'stream'; sql: string; chunkRows: number }
  /** channel: the folded name (channelName()), LISTENed as a quoted identifier. */
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; channel: string }
  /** Writes the data folder as a gzipped tarball to `file` (the template build). */
  | { op: 'dumpDataDir'; file: string }
  | { op: 'close' };

export type PgliteResponse = DbResult | DbResult[] | ConsoleResult | null;

/** The console's own requests (its exports too): what the sync's queries may wait behind, as the status says. */
export function isConsoleRequest(request: PgliteRequest | undefined): boolean {
  return request?.op === 'consoleQuery' || request?.op === 'consoleRun' || request?.op === 'consoleCursor' || request?.op === 'stream';
}

export type HostToWorker =
  | { id: number; request: PgliteRequest }
  /** Forget a request that has not started (its console query was cancelled while queued). */
  | { id: number; drop: true }
  /** After a 'chunk' of request `ack`: proceed = false stops the stream. */
  | { ack: number; proceed: boolean };

export type WorkerToHost =
  | { type: 'ready'; socketAddress: string | null }
  | { type: 'startFailed'; error: SerializedError }
  | { type: 'result'; id: number; result: PgliteResponse }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'chunk'; id: number; chunk: RowChunk }
  | { type: 'notification'; channel: string; payload: string };
