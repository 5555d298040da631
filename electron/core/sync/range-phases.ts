// The engine's phases for a provider that counts and walks created-at ranges: the parallel
// backfill and the deletion check by range counts, on the engine's context (its store, status
// board and change events).
import type { Database } from '../db/database.js';
import type { CreatedRangeAccess } from '../providers/provider.js';
import { addRows, noRows, type CycleSummary } from './cycle-counts.js';
import { UsersTableRanges } from './local-ranges.js';
import { PartitionStore } from './partition-store.js';
import { backfillByRanges } from './range-backfill.js';
import { runPartitionedBackfill } from './partitioned-backfill.js';
import { RequestPacing } from './request-pacing.js';
import { DeletionFinder, type ScanWalk } from './full-scan.js';
import type { Partition } from './partition-store.js';
import { deleteByRangeCounts, type RangeDeletionResult } from './range-deletions.js';
import { CHANGE_EVENT_IDS, type SyncContext } from './sync-context.js';

/** The tables the range phases keep beside users_sync. */
export class RangeTables {
  readonly partitions: PartitionStore;
  readonly local: UsersTableRanges;

  constructor(db: Database, provider: string) {
    this.partitions = new PartitionStore(db, provider);
    this.local = new UsersTableRanges(db);
  }
}

/** The backfill, partitioned by creation time and walked in parallel; ends with the backfill marked done. */
export function backfillInParallel(ctx: SyncContext, ranges: CreatedRangeAccess, tables: RangeTables, signal?: AbortSignal): Promise<CycleSummary> {
  const { provider, board, store } = ctx;
  return ctx.recordedRun('backfill', signal, async (totals) => {
    const total = provider.count ? await provider.count(signal) : await ranges.count({ from: null, to: null }, signal);
    board.setMode('backfilling', { message: null, progress: { done: (await store.counts()).active, total, usersPerSecond: null } });
    addRows(totals, await backfillByRanges({
      source: ranges,
      mapUser: (raw) => provider.mapUser(raw),
      pageSize: ctx.pageSize,
      budget: () => provider.rateBudget(),
      partitions: tables.partitions,
      commit: (users, also) => ctx.write(users, null, also),
      total,
      alreadyDone: (await store.counts()).active,
      // The newest update time bounds every creation time: partitions spread over the users' span.
      planEndMs: ctx.checkpoint.highWaterMs ? ctx.checkpoint.highWaterMs + 1 : undefined,
      // A page went through: any "retrying" shown while it was fetched is over. `done` counts the
      // active rows, so the status never says "0 active" beside a filling grid.
      onProgress: (progress) => board.setMode('backfilling', { message: null, progress, counts: { ...board.status.counts, active: progress.done } }),
    }, signal));
    // Every partition walked to its end: that counts as a full scan.
    await ctx.saveCheckpoint({ backfillDone: true, lastReconciledAt: new Date() });
    await ctx.vacuum();
  });
}

/** Deletions for a provider with created-at ranges: range counts behind a mismatch, full scans walked in parallel. */
export function rangeDeletionFinder(ranges: CreatedRangeAccess, tables: RangeTables): DeletionFinder {
  return new DeletionFinder(
    (ctx, counts, allow, signal) => deletionsByRangeCounts(ctx, ranges, tables, counts, allow, signal),
    walkRangesInParallel(ranges),
  );
}

/**
 * Looks for the users behind a count mismatch with range counts, marking them deleted. `walk`
 * when a full scan is the cheaper way (the caller scans then).
 */
async function deletionsByRangeCounts(
  ctx: SyncContext,
  ranges: CreatedRangeAccess,
  tables: RangeTables,
  counts: { rows: number; providerCount: number },
  allowMassDelete: boolean,
  signal?: AbortSignal,
): Promise<{ result: RangeDeletionResult; written: CycleSummary }> {
  const written = noRows();
  const result = await deleteByRangeCounts({
    source: ranges,
    local: tables.local,
    mapUser: (raw) => ctx.provider.mapUser(raw),
    pageSize: ctx.pageSize,
    write: async (users) => addRows(written, await ctx.write(users, null)),
    markDeleted: async (ids) => {
      const deleted = await ctx.store.markDeleted(ids, ctx.deletionMode());
      if (deleted > 0) ctx.noteChange({ inserted: 0, updated: 0, deleted, ids: ids.slice(0, CHANGE_EVENT_IDS) });
      written.deleted += deleted;
      return deleted;
    },
  }, counts.rows, counts.providerCount, allowMassDelete, signal);
  await ctx.vacuumAfter({ inserted: 0, updated: 0, deleted: written.deleted, quarantined: 0 });
  return { result, written };
}

/**
 * A full scan's walk, in creation-time partitions walked at once like the backfill. Its plan is
 * kept in memory only (a scan cut short starts again), and it resolves only when every partition,
 * the open last one included, reached its end.
 */
export function walkRangesInParallel(ranges: CreatedRangeAccess): ScanWalk {
  return async (ctx, onPage, signal) => {
    let plan: Partition[] = [];
    await runPartitionedBackfill({
      source: ranges,
      mapUser: (raw) => ctx.provider.mapUser(raw),
      pageSize: ctx.pageSize,
      pacing: new RequestPacing({ budget: () => ctx.provider.rateBudget() }),
      expectedUsers: (await ctx.store.counts()).active,
      planEndMs: ctx.checkpoint.highWaterMs ? ctx.checkpoint.highWaterMs + 1 : undefined,
      signal,
      ledger: {
        load: async () => plan.map((p) => ({ ...p })),
        replace: async (partitions) => {
          plan = partitions.map((p) => ({ ...p }));
        },
        split: async (shrunk, added) => {
          plan = [...plan.map((p) => (p.id === shrunk.id ? { ...shrunk } : p)), { ...added }];
        },
        commitPage: async (users) => {
          await onPage(users);
          // The counts only feed a backfill's progress; the scan counts its own rows.
          return { inserted: 0, updated: 0 };
        },
      },
    });
  };
}
