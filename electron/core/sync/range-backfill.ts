// The parallel backfill as the engine runs it: partitions kept in seren_auth.backfill_partitions,
// each page written with its partition's cursor in one transaction, progress as users of the
// total, rate and ETA (the rate is what the status derives the ETA from).
import type { Statement } from '../db/database.js';
import type { CreatedRangeSource } from './created-range.js';
import { runPartitionedBackfill } from './partitioned-backfill.js';
import type { PartitionStore } from './partition-store.js';
import type { MappedUser, RateBudget } from '../providers/provider.js';
import { RequestPacing } from './request-pacing.js';

export interface PageCounts {
  inserted: number;
  updated: number;
  quarantined: number;
}

export interface BackfillProgress {
  done: number;
  total: number | null;
  usersPerSecond: number | null;
}

export interface RangeBackfillDeps {
  source: CreatedRangeSource;
  mapUser(raw: unknown): MappedUser;
  pageSize: number;
  /** The provider's rate budget, shared with the polls that run meanwhile. */
  budget: () => RateBudget;
  partitions: PartitionStore;
  /** Writes users and `also` (the partition's cursor) in one transaction. */
  commit(users: MappedUser[], also: Statement[]): Promise<PageCounts>;
  /** The provider's user count now (sizes the plan; the progress's total). */
  total: number;
  /** Rows already in the table (a resumed backfill counts them as done). */
  alreadyDone: number;
  onProgress(progress: BackfillProgress): void;
  /** Clock of the first plan (tests). */
  now?: () => number;
  /** No user was created after this, as far as the engine knows: where the first plan ends. */
  planEndMs?: number;
}

export async function backfillByRanges(deps: RangeBackfillDeps, signal?: AbortSignal): Promise<PageCounts> {
  const totals: PageCounts = { inserted: 0, updated: 0, quarantined: 0 };
  const started = Date.now();
  let done = deps.alreadyDone;
  let walked = 0;
  deps.onProgress({ done, total: deps.total, usersPerSecond: null });
  await runPartitionedBackfill({
    source: deps.source,
    mapUser: deps.mapUser,
    pageSize: deps.pageSize,
    expectedUsers: deps.total,
    pacing: new RequestPacing({ budget: deps.budget }),
    now: deps.now,
    planEndMs: deps.planEndMs,
    signal,
    ledger: {
      load: () => deps.partitions.load(),
      replace: (partitions) => deps.partitions.replace(partitions),
      split: (shrunk, added) => deps.partitions.split(shrunk, added),
      commitPage: async (users, checkpoint) => {
        const written = await deps.commit(users, [deps.partitions.checkpointStatement(checkpoint)]);
        totals.inserted += written.inserted;
        totals.updated += written.updated;
        totals.quarantined += written.quarantined;
        return written;
      },
    },
    onPage: (page) => {
      walked += page.users;
      done += page.inserted;
      const seconds = (Date.now() - started) / 1000;
      deps.onProgress({
        done,
        // Users created during the backfill can take it past the count it started from.
        total: Math.max(deps.total, done),
        usersPerSecond: seconds > 0 ? Math.round(walked / seconds) : null,
      });
    },
  });
  return totals;
}
