// The worker thread that owns the PGlite instance. PGlite runs every query synchronously on its
// thread (a 300 ms query froze the main loop for 303 ms in-thread, 3 ms from a worker), and it has
// no cancel: the host cancels by terminating this thread and starting a fresh one.
import './pglite-private-fs.js';
import fs from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { quoteIdent } from './channel-name.js';
import { serializeError } from './database-errors.js';
import { consoleCursor, consoleRun, streamRows } from './pglite-console.js';
import type { DbResult } from './database.js';
import { type HostToWorker, type PgliteRequest, type PgliteResponse, type PgliteWorkerData, RUNNING_NONE, type WorkerToHost } from './pglite-protocol.js';

const port = parentPort!;
const data = workerData as PgliteWorkerData;
const send = (message: WorkerToHost) => port.postMessage(message);

type Results = Awaited<ReturnType<PGlite['query']>>;

function toResult(r: Results): DbResult {
  return {
    rows: r.rows as Record<string, unknown>[],
    fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
    rowCount: r.rowCount ?? r.affectedRows ?? null,
    command: r.command ?? null,
  };
}

async function start(): Promise<void> {
  const db = await PGlite.create({
    // A plain absolute path: a file:// URL breaks on Windows (research pglite.md §1.1).
    dataDir: data.dir,
    // Match node-postgres: int8 and numeric stay strings (no lossy number, no BigInt).
    parsers: { [types.INT8]: (v: string) => v, [types.NUMERIC]: (v: string) => v },
    // Keep pg_wal bounded; the default 1 GB max_wal_size lets it grow to hundreds of MB.
    // shared_buffers lives in the wasm heap, which never shrinks: the default 128 MB put a
    // 100k-user sync at ~460 MB peak RSS, 16 MB at ~370 MB (the OS page cache still caches the folder).
    postgresqlconf: ['shared_buffers = 16MB', 'max_wal_size = 64MB', 'min_wal_size = 32MB'],
  });

  let server: PGLiteSocketServer | null = null;
  let socketAddress: string | null = null;
  if (data.listen) {
    // pglite-socket serves one client at a time (maxConnections 1): PGlite is a single session,
    // and with more connections one client's open transaction blocks all the others anyway.
    server = new PGLiteSocketServer({ db, host: data.listen.host, port: data.listen.port, maxConnections: 1 });
    await server.start();
    socketAddress = server.getServerConn();
  }

  // One PGlite listener per channel, set synchronously so two concurrent requests share it.
  const unlisteners = new Map<string, Promise<() => Promise<void>>>();

  /** Streams waiting for the host to take their last chunk, by request id. */
  const acks = new Map<number, (proceed: boolean) => void>();

  async function handle(id: number, request: PgliteRequest): Promise<PgliteResponse> {
    switch (request.op) {
      case 'query':
        return toResult(await db.query(request.sql, request.params, { rowMode: request.rowMode }));
      case 'transaction':
        return db.transaction(async (tx) => {
          const results: DbResult[] = [];
          for (const s of request.statements) {
            // PGlite speaks no COPY protocol: the same rows are read from its /dev/blob device.
            const copy = s.copyFrom === undefined ? undefined : { blob: new Blob([s.copyFrom]) };
            const sql = copy ? s.sql.replace(/\bFROM\s+STDIN\b/i, "FROM '/dev/blob'") : s.sql;
            results.push(toResult(await tx.query(sql, s.params, copy)));
          }
          return results;
        });
      case 'consoleQuery':
        if (!request.readOnly) return toResult(await db.query(request.sql, [], { rowMode: request.rowMode }));
        return db.transaction(async (tx) => {
          await tx.query('SET TRANSACTION READ ONLY');
          const result = toResult(await tx.query(request.sql, [], { rowMode: request.rowMode }));
          await tx.rollback();
          return result;
        });
      case 'consoleRun':
        return consoleRun(db, request.sql, request.readOnly, request.maxRows);
      case 'consoleCursor':
        return consoleCursor(db, request.sql, request.readOnly, request.maxRows, request.skip);
      case 'stream':
        return streamRows(db, request.sql, request.chunkRows, (chunk) => {
          send({ type: 'chunk', id, chunk });
          return new Promise<boolean>((resolve) => acks.set(id, resolve));
        });
      case 'listen': {
        const channel = request.channel;
        if (!unlisteners.has(channel)) {
          const off = db.listen(quoteIdent(channel), (payload) => send({ type: 'notification', channel, payload }));
          unlisteners.set(channel, off);
          off.catch(() => unlisteners.delete(channel));
        }
        await unlisteners.get(channel);
        return null;
      }
      case 'unlisten': {
        const off = unlisteners.get(request.channel);
        unlisteners.delete(request.channel);
        await (await off)?.();
        return null;
      }
      case 'dumpDataDir': {
        const dump = await db.dumpDataDir('gzip');
        await fs.writeFile(request.file, new Uint8Array(await dump.arrayBuffer()));
        return null;
      }
      case 'close':
        await server?.stop();
        await db.close();
        return null;
    }
  }

  // One request at a time (PGlite runs one anyway), so `running` names the one in progress.
  const running = new Int32Array(data.running);
  const queue: { id: number; request: PgliteRequest }[] = [];
  const dropped = new Set<number>();
  let draining = false;
  async function drain(): Promise<void> {
    if (draining) return;
    draining = true;
    while (queue.length > 0) {
      // Take in messages that came meanwhile first: a drop for the next request must count.
      await new Promise(setImmediate);
      const { id, request } = queue.shift()!;
      if (dropped.delete(id)) continue;
      // The host stopped the running request: start nothing more, it terminates this thread.
      if (Atomics.compareExchange(running, 0, RUNNING_NONE, id) !== RUNNING_NONE) return;
      let reply: WorkerToHost;
      try {
        reply = { type: 'result', id, result: await handle(id, request) };
      } catch (error) {
        reply = { type: 'error', id, error: serializeError(error) };
      }
      if (Atomics.compareExchange(running, 0, id, RUNNING_NONE) !== id) return;
      send(reply);
    }
    draining = false;
  }
  port.on('message', (message: HostToWorker) => {
    // An export waits for this while it runs: take it at once, not in the queue.
    if ('ack' in message) {
      acks.get(message.ack)?.(message.proceed);
      acks.delete(message.ack);
      return;
    }
    if ('drop' in message) dropped.add(message.id);
    else queue.push(message);
    void drain();
  });
  send({ type: 'ready', socketAddress });
}

start().catch((error) => send({ type: 'startFailed', error: serializeError(error) }));
