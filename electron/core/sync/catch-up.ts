// Catch-up: the provider's recent feed, newest first, down to the high-water mark (inclusive,
// so users sharing its millisecond are seen again; the upsert skips unchanged rows).
import type { MappedUser } from '../providers/provider.js';
import { addRows, noRows, type CycleSummary } from './cycle-counts.js';
import type { SyncContext } from './sync-context.js';

/** A quiet poll costs one light request. */
const FIRST_POLL_LIMIT = 100;

export async function catchUp(ctx: SyncContext, signal?: AbortSignal): Promise<CycleSummary> {
  const feed = ctx.provider.recent;
  const totals = noRows();
  if (!feed) return totals;
  const hwm = ctx.checkpoint.highWaterMs ?? 0;
  let pending: MappedUser[] = [];
  let newest = hwm;
  let cursor: string | null = null;
  let limit = Math.min(FIRST_POLL_LIMIT, ctx.pageSize);
  for (;;) {
    signal?.throwIfAborted();
    const page = await feed.page(cursor, limit, signal);
    const users = ctx.mapPage(page);
    const fresh = users.filter((u) => (feed.position(u) ?? hwm) >= hwm);
    for (const u of fresh) newest = Math.max(newest, feed.position(u) ?? newest);
    pending.push(...fresh);
    if (fresh.length < users.length || page.next === null) break;
    cursor = page.next;
    limit = ctx.pageSize;
    if (pending.length >= ctx.pageSize) {
      // The high-water mark moves only with the last batch: a crash mid-walk loses nothing.
      addRows(totals, await ctx.write(pending, null));
      pending = [];
    }
  }
  return addRows(totals, await ctx.write(pending, { highWaterMs: newest }));
}
