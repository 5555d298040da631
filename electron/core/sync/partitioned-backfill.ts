// Parallel backfill: the creation-time range is cut into partitions, walked at once by as many
// workers as the rate budget and the measured page time call for. Each page is committed with
// its partition's cursor, so a crash resumes every partition where it stopped. A worker that
// runs out of partitions splits the one with the most time left ahead of its cursor (at a
// millisecond after the cursor's, so users sharing a millisecond stay in one partition).
import { setMaxListeners } from 'node:events';
import { mapWalkPage } from './page-source.js';
import { WHOLE_RANGE, type CreatedRangeSource, type RangeWalkPage } from './created-range.js';
import type { Partition } from './partition-store.js';
import type { MappedUser } from '../providers/provider.js';
import type { RequestPacing } from './request-pacing.js';
import { loopTurns } from './loop-turns.js';
import { HeldPages } from './held-pages.js';

export interface PartitionLedger {
  load(): Promise<Partition[]>;
  replace(partitions: Partition[]): Promise<void>;
  split(shrunk: Partition, added: Partition): Promise<void>;
  /** Writes the users and the partition's new cursor in one transaction; returns rows inserted. */
  commitPage(users: MappedUser[], partition: Pick<Partition, 'id' | 'cursor' | 'done'>): Promise<{ inserted: number; updated: number }>;
}

export interface PartitionedBackfillOptions {
  source: CreatedRangeSource;
  ledger: PartitionLedger;
  pacing: RequestPacing;
  mapUser(raw: unknown): MappedUser;
  pageSize: number;
  /** The provider's user count when the backfill starts: sizes the first plan. */
  expectedUsers: number;
  /** Called after every committed page. */
  onPage?(page: { users: number; inserted: number; updated: number }): void;
  now?: () => number;
  /**
   * Where the first plan's partitions end (the last one stays open): no user was created after
   * it, as far as the caller knows (e.g. the newest update time). Default: now.
   */
  planEndMs?: number;
  signal?: AbortSignal;
}

/**
 * Pages a split must hand over at least: each partition costs a short last page, but at the end
 * of a walk a partition with a few pages left is a chain of round trips only splitting shortens.
 */
const SPLIT_MIN_PAGES = 3;
/** Pages a partition of the first plan holds at least (each partition ends with a short page: overhead). */
const MIN_PAGES_PER_PARTITION = 4;

/**
 * Edges for `count` partitions between the oldest user's millisecond and `end`: the first
 * partition starts at the beginning and the last is open, so nobody outside [oldest, end) is lost.
 */
export function planPartitions(oldestMs: number | null, end: number, count: number): Partition[] {
  const edges: number[] = [];
  if (oldestMs !== null && end > oldestMs + 1) {
    const step = (end - oldestMs) / count;
    for (let i = 1; i < count; i++) {
      const edge = Math.floor(oldestMs + i * step);
      if (edge > oldestMs && edge > (edges.at(-1) ?? -Infinity)) edges.push(edge);
    }
  }
  const bounds = [null, ...edges, null];
  return bounds.slice(0, -1).map((from, i) => ({ id: i + 1, from, to: bounds[i + 1], cursor: null, done: false }));
}

/** A partition being walked, and what its walk has shown of the users ahead. */
interface Running {
  partition: Partition;
  /** Creation times of the first and newest users read this run: a split must fall after the newest. */
  firstMs: number | null;
  positionMs: number | null;
  read: number;
  /** A split of this partition being saved: its pages wait for it, or a crash could lose the split-off part. */
  splitting: Promise<void> | null;
  /** Between a page's arrival and its commit: its users were already cut at the end, so no split now. */
  committing: boolean;
}

/** A page as it waits for its write. */
interface ArrivedPage {
  users: MappedUser[];
  next: RangeWalkPage['next'];
}

const running = (partition: Partition): Running =>
  ({ partition, firstMs: null, positionMs: null, read: 0, splitting: null, committing: false });

/**
 * Where to split a partition, and how many users that hands over (estimated from the density of
 * what it has read so far); null when too little is left to be worth a partition of its own.
 */
function splitOffer(run: Running, horizonMs: number, pageSize: number): { at: number; users: number } | null {
  const { partition, firstMs, positionMs, read } = run;
  if (run.committing || firstMs === null || positionMs === null || read < pageSize) return null;
  const end = partition.to ?? Math.max(horizonMs, positionMs + 2);
  const at = positionMs + 1 + Math.floor((end - positionMs - 1) / 2);
  if (at <= positionMs || at >= end) return null;
  const density = read / Math.max(1, positionMs - firstMs);
  const users = Math.round(density * (end - at));
  return users >= SPLIT_MIN_PAGES * pageSize ? { at, users } : null;
}

export async function runPartitionedBackfill(options: PartitionedBackfillOptions): Promise<void> {
  const { source, ledger, pacing, signal, pageSize } = options;
  // Every worker waits on the same signal (rate room, requests): more than Node's default of 10.
  if (signal) setMaxListeners(100, signal);
  const now = options.now ?? Date.now;
  // Partitions all done: the backfill finished (its end may not have been recorded yet). A new
  // backfill (after a reset) starts from an empty ledger.
  let partitions = await ledger.load();
  if (partitions.length === 0) {
    partitions = await plan(options, options.planEndMs ?? now());
    await ledger.replace(partitions);
  }
  const queue = partitions.filter((p) => !p.done);
  let nextId = Math.max(0, ...partitions.map((p) => p.id)) + 1;
  const active = new Set<Running>();
  const workers = new Set<Promise<void>>();
  let failure: unknown = null;

  /** The next partition to walk: a waiting one, or the later half of the one with the most users ahead. */
  async function take(): Promise<Running | null> {
    const waiting = queue.shift();
    if (waiting) return running(waiting);
    let best: { run: Running; at: number; users: number } | null = null;
    for (const run of active) {
      const offer = splitOffer(run, now(), pageSize);
      if (offer && (!best || offer.users > best.users)) best = { run, ...offer };
    }
    if (!best) return null;
    const added: Partition = { id: nextId++, from: best.at, to: best.run.partition.to, cursor: null, done: false };
    // Shrunk in memory at once, so no other worker splits the same stretch again.
    best.run.partition.to = best.at;
    const saved = ledger.split({ ...best.run.partition }, added);
    best.run.splitting = saved;
    await saved;
    return running(added);
  }

  /** Commits one page with the partition's new cursor, cut at the partition's end if a split moved it. */
  async function commit(run: Running, page: ArrivedPage): Promise<void> {
    const { partition } = run;
    const { users } = page;
    run.committing = true;
    try {
      await run.splitting; // a failed split fails this page too: its end must not be committed alone
      const kept = users.filter((u) => partition.to === null || u.created_at === null || u.created_at < partition.to);
      const cut = kept.length < users.length;
      const next = { id: partition.id, cursor: cut ? partition.cursor : page.next, done: cut || page.next === null };
      const written = await ledger.commitPage(kept, next);
      partition.cursor = next.cursor;
      partition.done = next.done;
      for (const u of kept) {
        if (u.created_at === null) continue;
        run.firstMs ??= u.created_at;
        run.positionMs = Math.max(run.positionMs ?? u.created_at, u.created_at);
      }
      run.read += kept.length;
      options.onPage?.({ users: kept.length, ...written });
    } finally {
      run.committing = false;
    }
  }

  /** Pages requested and not yet committed (held-pages.ts sizes how many). */
  let held = 0;
  const heldPages = new HeldPages();
  const ownTurn = loopTurns();
  const heldWaiters: (() => void)[] = [];

  /**
   * The partition's next page, mapped on arrival: the provider's parsed users are garbage before
   * the page waits for its write (page-source.ts).
   */
  async function fetchPage(partition: Partition): Promise<ArrivedPage> {
    await pacing.room(signal);
    const started = Date.now();
    const page = await source.walk({ from: partition.from, to: partition.to }, partition.cursor, pageSize, signal);
    // Only the request's time sizes the workers: overlapping round trips is what they are for.
    pacing.observe(Date.now() - started);
    return { users: mapWalkPage(page, options.mapUser), next: page.next };
  }

  async function walk(run: Running): Promise<void> {
    const { partition } = run;
    while (!partition.done && failure === null) {
      signal?.throwIfAborted();
      while (held >= heldPages.bound(pacing.requestMs())) await new Promise<void>((r) => heldWaiters.push(r));
      held++;
      try {
        const page = await fetchPage(partition);
        await ownTurn(() => commit(run, page));
        heldPages.committed();
      } finally {
        held--;
        // All of them: the bound may have grown since they started waiting (each checks again).
        for (const wake of heldWaiters.splice(0)) wake();
      }
      grow();
    }
  }

  /** Workers not yet retiring (a retiring one leaves `workers` only a tick later). */
  let live = 0;

  async function worker(): Promise<void> {
    try {
      for (;;) {
        if (failure !== null || signal?.aborted) return;
        // More workers than the budget calls for (pages turned out quick): this one stops.
        if (live > pacing.workers()) return;
        const run = await take();
        if (!run) return;
        active.add(run);
        try {
          await walk(run);
        } finally {
          active.delete(run);
        }
      }
    } finally {
      live--; // at once, so a worker checking next sees it gone
    }
  }

  /** Starts workers up to what the pacing asks for, while there is work to hand out. */
  function grow(): void {
    const wanted = pacing.workers();
    while (live < wanted && failure === null && (queue.length > 0 || active.size > 0)) {
      live++;
      const w: Promise<void> = worker()
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => workers.delete(w));
      workers.add(w);
      if (queue.length === 0) break; // one splitter at a time: it picks the widest partition
    }
  }

  grow();
  while (workers.size > 0) await Promise.race(workers);
  if (failure !== null) throw failure;
  signal?.throwIfAborted();
}

/**
 * How many partitions the first plan has: one per worker the budget keeps busy, fewer when the
 * users fill fewer (every partition costs a short last page; splits rebalance later).
 */
export function plannedPartitionCount(expectedUsers: number, pageSize: number, workers: number): number {
  const pages = Math.ceil(expectedUsers / pageSize);
  return Math.max(1, Math.min(workers, Math.ceil(pages / MIN_PAGES_PER_PARTITION)));
}

/** The first plan: sized from the expected users, spread from the oldest user to now. */
async function plan(options: PartitionedBackfillOptions, end: number): Promise<Partition[]> {
  const count = plannedPartitionCount(options.expectedUsers, options.pageSize, options.pacing.plannedWorkers());
  if (count === 1) return planPartitions(null, end, 1);
  await options.pacing.room(options.signal);
  const first = await options.source.walk(WHOLE_RANGE, null, 1, options.signal);
  const oldest = first.users.length > 0 ? options.mapUser(first.users[0]).created_at : null;
  return planPartitions(oldest, end, count);
}
