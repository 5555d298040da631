// The messages between pglite-host (main thread) and pglite-worker (the thread that owns PGlite).
import type { ConsoleResult, DbResult, QueryOptions, RowChunk, Statement } from './database.js';
import type { SerializedError } from './database-errors.js';

export interface PgliteWorkerData {
  dir: string;
  listen: { host: string; port: number } | null;
}

export type PgliteRequest =
  | { op: 'query'; sql: string; params?: unknown[]; rowMode?: QueryOptions['rowMode'] }
  | { op: 'transaction'; statements: Statement[] }
  | { op: 'consoleQuery'; sql: string; rowMode?: QueryOptions['rowMode']; readOnly: boolean }
  | { op: 'consoleRun'; sql: string; readOnly: boolean; maxRows: number }
  | { op: 'consoleCursor'; sql: string; readOnly: boolean; maxRows: number; skip: number }
  /** Answered with 'chunk' messages, each acknowledged by the host before the next, then a null result. */
  | { op: 'stream'; sql: string; chunkRows: number }
  /** channel: the folded name (channelName()), LISTENed as a quoted identifier. */
  | { op: 'listen'; channel: string }
  | { op: 'unlisten'; channel: string }
  | { op: 'close' };

export type PgliteResponse = DbResult | DbResult[] | ConsoleResult | null;

export type HostToWorker =
  | { id: number; request: PgliteRequest }
  /** After a 'chunk': proceed = false stops the stream. */
  | { ack: number; proceed: boolean };

export type WorkerToHost =
  | { type: 'ready'; socketAddress: string | null }
  | { type: 'startFailed'; error: SerializedError }
  | { type: 'result'; id: number; result: PgliteResponse }
  | { type: 'error'; id: number; error: SerializedError }
  | { type: 'chunk'; id: number; chunk: RowChunk }
  | { type: 'notification'; channel: string; payload: string };
