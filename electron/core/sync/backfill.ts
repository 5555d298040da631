// Backfill: the provider's full walk from the checkpointed cursor, one page per transaction
// together with the cursor after it, so a crash resumes where it stopped.
import { readAhead } from '../providers/pages.js';
import { addRows, type CycleSummary } from './cycle-counts.js';
import type { SyncContext } from './sync-context.js';

/** Before a backfill: everything the feed shows after this point is picked up by the catch-up. */
export async function seedHighWater(ctx: SyncContext, signal?: AbortSignal): Promise<void> {
  const { provider } = ctx;
  if (!provider.recent || ctx.checkpoint.highWaterMs !== null) return;
  const first = await provider.recent.page(null, 1, signal);
  const newest = first.users[0] === undefined ? null : provider.recent.position(provider.mapUser(first.users[0]));
  await ctx.saveCheckpoint({ highWaterMs: newest ?? 0 });
}

export async function backfill(ctx: SyncContext, signal?: AbortSignal): Promise<CycleSummary> {
  const { provider, board } = ctx;
  return ctx.recordedRun('backfill', signal, async (totals) => {
    await seedHighWater(ctx, signal);
    const total = provider.count ? await provider.count(signal) : null;
    let done = (await ctx.store.counts()).active;
    const started = Date.now();
    let walked = 0;
    board.setMode('backfilling', { message: null, progress: { done, total, usersPerSecond: null } });
    for await (const page of readAhead(ctx.walkPage, ctx.checkpoint.backfillCursor, signal)) {
      const complete = page.next === null;
      const written = await ctx.write(ctx.mapPage(page), {
        backfillCursor: page.next ?? ctx.checkpoint.backfillCursor,
        backfillDone: complete,
        // A completed backfill has walked every user: it counts as a full scan.
        ...(complete ? { lastReconciledAt: new Date() } : {}),
      });
      addRows(totals, written);
      walked += page.users.length;
      done += written.inserted;
      const seconds = (Date.now() - started) / 1000;
      // A page went through: any "retrying" shown while it was fetched is over. The counts follow
      // the rows written, so the status never says "0 active" beside a filling grid.
      const counts = board.status.counts;
      board.setMode('backfilling', {
        message: null,
        counts: { ...counts, active: counts.active + written.inserted },
        progress: { done, total: total === null ? null : Math.max(total, done), usersPerSecond: seconds > 0 ? Math.round(walked / seconds) : null },
      });
    }
    await ctx.vacuum();
  });
}
