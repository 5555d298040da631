// What the latency-style measured runs share: the run itself (an engine watching a fresh target
// while the run changes users through the server's control endpoints, provider-server-process.ts),
// a bounded wait for a condition, and reading the mirrored table.
import type { Database } from '../../electron/core/db/database.js';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { tuneHeapForSync } from '../../electron/core/heap-tuning.js';
import type { SyncEngine } from '../../electron/core/sync/engine.js';
import { readRunArgs, withLoopDelay, type RunArgs } from './measure.js';

export type Control = ReturnType<typeof controlClient>;

export interface WatchedRun {
  db: OpenedDatabase;
  engine: SyncEngine;
  /** Users the server holds when the run starts. */
  users: number;
  /** performance.now() before the target was opened: first-run set-up is inside the clock. */
  started: number;
  control: Control;
}

/**
 * A measured child (`name <target> <apiUrl> <secretKey> <controlUrl>`): the engine `makeEngine`
 * builds watches a fresh target, as the CLI runs it, while `measure` runs; prints measure's
 * report with the process's peak RSS and event-loop p99 as one JSON line. `measure` starts just
 * before the engine does, so listeners it adds at once see every status.
 */
export async function runWatched<R extends object>(
  name: string,
  makeEngine: (db: OpenedDatabase, args: RunArgs) => SyncEngine,
  measure: (run: WatchedRun) => Promise<R>,
): Promise<void> {
  tuneHeapForSync();
  const args = readRunArgs();
  const controlUrl = process.argv[5];
  if (!controlUrl) throw new Error(`usage: ${name} <target> <apiUrl> <secretKey> <controlUrl>`);
  const control = controlClient(controlUrl);
  const { result, p99Ms } = await withLoopDelay(async () => {
    const started = performance.now();
    const db = await openDatabase(parseTarget(args.target, args.target));
    const engine = makeEngine(db, args);
    const { users } = await control<{ users: number }>('GET', '/requests');
    const abort = new AbortController();
    const measuring = measure({ db, engine, users, started, control });
    const watching = engine.watch(abort.signal);
    try {
      return await measuring;
    } finally {
      abort.abort();
      await watching.catch(() => {});
      await db.close();
    }
  });
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb: process.resourceUsage().maxRSS / 1024, eventLoopP99Ms: p99Ms })}\n`);
}

/** Calls the server process's control server: POST /delete, /update (?id=), GET /requests. */
export function controlClient(controlUrl: string) {
  return async <T>(method: 'GET' | 'POST', path: string): Promise<T> => (await fetch(new URL(path, controlUrl), { method })).json() as Promise<T>;
}

export const secondsSince = (since: number) => (performance.now() - since) / 1000;

/** Polls `check` every 25 ms; false when `timeoutMs` passes first. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

export async function activeUsers(db: Database): Promise<number> {
  return Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM seren_auth.users_sync WHERE deleted_at IS NULL')).rows[0].n);
}

export async function mirroredRow(db: Database, id: string) {
  return (await db.query<{ name: string | null; deleted_at: Date | null; updated_at: Date | null }>(
    'SELECT name, deleted_at, updated_at FROM seren_auth.users_sync WHERE id = $1', [id])).rows[0];
}

/** Pages a walk of `users` needs ÷ the requests per second `budget` allows. */
export function floorSeconds(users: number, pageSize: number, budget: { limit: number; windowMs: number }): { pages: number; seconds: number } {
  const pages = Math.ceil(users / pageSize);
  return { pages, seconds: pages / (budget.limit / (budget.windowMs / 1000)) };
}
