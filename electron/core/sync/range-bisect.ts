// Finding deleted users with a few range counts instead of a full walk. When the provider counts
// fewer users than the table holds, the creation-time range is split in two at the table's
// median row; the provider counts the left half (the right half's difference follows from its
// parent's), and only halves with more rows than provider users are split again, until a half
// is small enough to list in one page. Only those are listed; rows they do not contain are
// the deleted users. One deletion among 100k users costs about log2(100k / 500) ≈ 8 counts and
// one page.
//
// Races are safe: a user created meanwhile makes a half look short of rows (skipped: the poll
// picks it up, and the next mismatch re-checks), an inferred difference that turned stale only
// costs a listing that finds nothing, and a row counts as deleted only if the table held it
// before the listing of its half began and the listing did not contain it.
import { inRange, splitRange, type CreatedRange, type CreatedRangeSource } from './created-range.js';
import type { LocalRanges } from './local-ranges.js';
import type { MappedUser } from '../providers/provider.js';

export interface RangeBisectOptions {
  source: CreatedRangeSource;
  local: LocalRanges;
  mapUser(raw: unknown): MappedUser;
  /** The provider's page size: a half with at most this many rows is listed, not split. */
  pageSize: number;
  /** Halves examined at once (their counts are independent requests). */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface RangeBisectResult {
  /** Active rows the provider no longer has. */
  missing: string[];
  /** The users read while listing (fresh versions of rows, and users the table lacks). */
  listed: MappedUser[];
  /** Requests sent to the provider: counts and list pages. */
  requests: number;
  /** Ranges listed, for the log. */
  listedRanges: CreatedRange[];
}

interface Slice {
  range: CreatedRange;
  /** Table rows minus provider users in the range. */
  excess: number;
  /** Active table rows in the range. */
  rows: number;
}

/**
 * Locates the rows in excess of the provider's users. `rows` and `providerCount` are the two
 * totals that disagreed (table active rows, provider count), measured together.
 */
export async function findMissingByRanges(rows: number, providerCount: number, options: RangeBisectOptions): Promise<RangeBisectResult> {
  const result: RangeBisectResult = { missing: [], listed: [], requests: 0, listedRanges: [] };
  let level: Slice[] = [{ range: { from: null, to: null }, excess: rows - providerCount, rows }];
  const concurrency = Math.max(1, options.concurrency ?? 8);
  while (level.length > 0) {
    const next: Slice[] = [];
    for (let i = 0; i < level.length; i += concurrency) {
      const batch = level.slice(i, i + concurrency).filter((slice) => slice.excess > 0);
      const children = await Promise.all(batch.map((slice) => examine(slice, options, result)));
      for (const pair of children) next.push(...pair.filter((child) => child.excess > 0));
    }
    level = next;
  }
  return result;
}

/** Splits a slice (one count) or, when small enough or indivisible, lists it (no children). */
async function examine(slice: Slice, options: RangeBisectOptions, result: RangeBisectResult): Promise<Slice[]> {
  const at = slice.rows > options.pageSize ? await splitPoint(slice.range, options.local) : null;
  if (at === null) {
    await listSlice(slice.range, options, result);
    return [];
  }
  const [left, right] = splitRange(slice.range, at);
  options.signal?.throwIfAborted();
  const [providerLeft, rowsLeft] = await Promise.all([
    options.source.count(left, options.signal),
    options.local.countActive(left),
  ]);
  result.requests++;
  const excessLeft = rowsLeft - providerLeft;
  return [
    { range: left, excess: excessLeft, rows: rowsLeft },
    { range: right, excess: slice.excess - excessLeft, rows: slice.rows - rowsLeft },
  ];
}

/**
 * Where to split a range so each half holds about half its rows: the median row's millisecond,
 * or the one after it when the median shares the oldest row's millisecond. Null when every
 * row sits on one millisecond (a range cannot be split finer: it is listed with the cursor).
 */
async function splitPoint(range: CreatedRange, local: LocalRanges): Promise<number | null> {
  const { medianMs, minMs, maxMs } = await local.profile(range);
  if (medianMs === null || minMs === null || maxMs === null || minMs === maxMs) return null;
  const at = medianMs > minMs ? medianMs : medianMs + 1;
  return inRange(range, at) && (range.from === null || at > range.from) ? at : null;
}

/** Lists a range completely and records the rows it lacks. */
async function listSlice(range: CreatedRange, options: RangeBisectOptions, result: RangeBisectResult): Promise<void> {
  // Taken before the listing: a row written meanwhile (a new user the poll found) is never suspected.
  const before = await options.local.activeIds(range);
  const present = new Set<string>();
  let cursor: string | null = null;
  do {
    options.signal?.throwIfAborted();
    const page = await options.source.walk(range, cursor, options.pageSize, options.signal);
    result.requests++;
    for (const raw of page.users) {
      const user = options.mapUser(raw);
      present.add(user.id);
      result.listed.push(user);
    }
    cursor = page.next;
  } while (cursor !== null);
  result.listedRanges.push(range);
  for (const id of before) if (!present.has(id)) result.missing.push(id);
}
