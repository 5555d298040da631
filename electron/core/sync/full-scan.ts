// Deletions (and, for providers without a change feed, updates): a full scan walks every user,
// refreshing rows on the way, and marks the ones it did not see deleted — only when the walk
// provably reached the end, and never more than half of them unless allowed (the guard).
import { readAhead } from '../providers/pages.js';
import { addRows, noRows, type CycleSummary } from './cycle-counts.js';
import { MassDeletionGuardError } from './errors.js';
import { CHANGE_EVENT_IDS, type SyncContext } from './sync-context.js';
import { expectedProviderCount, type UserCounts } from './users-store.js';
import type { MappedUser } from '../providers/provider.js';

/** Scans one cycle runs while the counts keep disagreeing (users changing meanwhile). */
const MAX_SCAN_ROUNDS = 3;
/** After that many in vain, how long count mismatches wait before walking again. */
const MISMATCH_QUIET_MS = 60_000;
/** The guard lets small tables lose this many users at once whatever the share. */
const GUARD_MIN_MISSING = 10;
/** The guard stops a scan that would delete more than this share of the active users. */
const GUARD_MAX_SHARE = 0.5;

/** Marks the deleted users behind a count mismatch; `walk` when a full scan is cheaper. */
export type RangeDeletionCheck = (
  ctx: SyncContext,
  counts: { rows: number; providerCount: number },
  allowMassDelete: boolean,
  signal?: AbortSignal,
) => Promise<{ result: { kind: 'checked' | 'walk' }; written: CycleSummary }>;

/**
 * Walks every user of the provider, handing each page to `onPage` (mapped), and resolves only
 * once the walk provably reached the end; anything else throws.
 */
export type ScanWalk = (ctx: SyncContext, onPage: (users: MappedUser[]) => Promise<void>, signal?: AbortSignal) => Promise<void>;

/** The provider's full walk, one page after the other (the next one read ahead). */
export const walkInOrder: ScanWalk = async (ctx, onPage, signal) => {
  let reachedEnd = false;
  for await (const page of readAhead(ctx.walkPage, null, signal)) {
    await onPage(ctx.mapPage(page));
    reachedEnd = page.next === null;
  }
  // The walk ends only at a page the provider vouches is the last; anything else threw.
  if (!reachedEnd) throw new Error('The full scan stopped before the end of the users; nothing was marked deleted.');
};

export interface ScanPolicy {
  /** A scan is due this long after the last one. */
  intervalMs: number;
  /** Scan now whatever the interval (after the guard, when the user said go on). */
  force: boolean;
  allowMassDelete: boolean;
}

export interface DeletionCheck {
  written: CycleSummary;
  /** The last counts read, following every write of the check (null when none were read). */
  counts: UserCounts | null;
  scanned: boolean;
}

/**
 * Scans when due, then, for a provider with a count, whenever the count disagrees with the
 * table. A user deleted after the walk passed it is still counted, so the check repeats (a few
 * rounds at most; the next poll carries on) until the counts agree.
 */
export class DeletionFinder {
  private mismatchQuietUntil = 0;

  /**
   * @param byRanges finds a mismatch's deletions with range counts (providers that count ranges).
   * @param walk how a full scan walks the users (in parallel for providers with created-at ranges).
   */
  constructor(
    private readonly byRanges: RangeDeletionCheck | null = null,
    private readonly walk: ScanWalk = walkInOrder,
  ) {}

  async check(ctx: SyncContext, policy: ScanPolicy, signal?: AbortSignal): Promise<DeletionCheck> {
    const written = noRows();
    const last = ctx.checkpoint.lastReconciledAt;
    let scanned = false;
    if (policy.force || !last || Date.now() - last.getTime() >= policy.intervalMs) {
      addRows(written, await fullScan(ctx, this.walk, policy.allowMassDelete, signal));
      scanned = true;
    }
    const count = ctx.provider.count?.bind(ctx.provider);
    if (!count || Date.now() < this.mismatchQuietUntil) return { written, counts: null, scanned };
    for (let round = 0; ; round++) {
      const [providerCount, counts] = await Promise.all([count(signal), ctx.store.counts()]);
      if (providerCount === expectedProviderCount(counts)) return { written, counts, scanned };
      if (round === MAX_SCAN_ROUNDS) {
        // Something keeps the counts apart (a very busy instance?): don't walk on every poll.
        this.mismatchQuietUntil = Date.now() + MISMATCH_QUIET_MS;
        return { written, counts, scanned };
      }
      if (this.byRanges && round < MAX_SCAN_ROUNDS - 1) {
        // More users there than here: new ones the next poll brings, not deletions.
        if (providerCount > expectedProviderCount(counts)) return { written, counts, scanned };
        const found = await this.byRanges(ctx, { rows: counts.active, providerCount }, policy.allowMassDelete, signal);
        addRows(written, found.written);
        if (found.result.kind === 'checked') continue;
      }
      addRows(written, await fullScan(ctx, this.walk, policy.allowMassDelete, signal));
      scanned = true;
    }
  }
}

export async function fullScan(ctx: SyncContext, walk: ScanWalk, allowMassDelete: boolean, signal?: AbortSignal): Promise<CycleSummary> {
  const { provider, board, store } = ctx;
  return ctx.recordedRun('reconcile', signal, async (totals) => {
    const total = provider.count ? await provider.count(signal) : (await store.counts()).active;
    // Users created from here on may be missed by the walk without being gone.
    const startedAt = new Date();
    board.setMode('scanning', { message: null, progress: { done: 0, total, usersPerSecond: null } });
    const seen = new Set<string>();
    await walk(ctx, async (users) => {
      for (const u of users) seen.add(u.id);
      addRows(totals, await ctx.write(users, null));
      // Users created during the walk can take it past the count it started from.
      board.setMode('scanning', { message: null, progress: { done: seen.size, total: Math.max(total, seen.size), usersPerSecond: null } });
    }, signal);
    const active = await store.activeIds(startedAt);
    const missing = active.filter((id) => !seen.has(id));
    if (missing.length > GUARD_MIN_MISSING && missing.length > active.length * GUARD_MAX_SHARE && !allowMassDelete) {
      throw new MassDeletionGuardError(missing.length, active.length);
    }
    const deleted = await store.markDeleted(missing, ctx.deletionMode());
    await store.forgetQuarantinedExcept(seen);
    if (deleted > 0) ctx.noteChange({ inserted: 0, updated: 0, deleted, ids: missing.slice(0, CHANGE_EVENT_IDS) });
    totals.deleted += deleted;
    await ctx.vacuumAfter({ inserted: 0, updated: 0, deleted, quarantined: 0 });
    // Scans are spaced from start to start: the next one is due an interval after this one began.
    await ctx.saveCheckpoint({ lastReconciledAt: startedAt });
  });
}
