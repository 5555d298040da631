// What the latency-style measured runs share: the server's control endpoints
// (provider-server-process.ts), a bounded wait for a condition, and reading the mirrored table.
import type { Database } from '../../electron/core/db/database.js';

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
