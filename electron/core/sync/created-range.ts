// Slices of the users by creation time, as the range-based sync paths (parallel backfill,
// deletions found by range counts) see them. Ranges are half-open at the millisecond:
// [from, to), null meaning unbounded, so adjacent ranges share no user even when hundreds were
// created on the millisecond at their edge. The types are the provider seam's (its optional
// created-at range capability); the helpers are the engine's.
import type { CreatedRange, CreatedRangeAccess, WalkPage } from '../providers/provider.js';

export type { CreatedRange };
/** What a provider offers over a created-at range: a count, and a walk oldest first. */
export type CreatedRangeSource = CreatedRangeAccess;
export type RangeWalkPage = WalkPage;

export const WHOLE_RANGE: CreatedRange = { from: null, to: null };

export function inRange(range: CreatedRange, createdMs: number): boolean {
  return (range.from === null || createdMs >= range.from) && (range.to === null || createdMs < range.to);
}

/** Splits at `at` (which must lie strictly inside): [from, at) and [at, to). */
export function splitRange(range: CreatedRange, at: number): [CreatedRange, CreatedRange] {
  if ((range.from !== null && at <= range.from) || (range.to !== null && at >= range.to)) {
    throw new Error(`cannot split [${range.from}, ${range.to}) at ${at}`);
  }
  return [{ from: range.from, to: at }, { from: at, to: range.to }];
}

export function describeRange(range: CreatedRange): string {
  const end = (ms: number | null, open: string) => (ms === null ? open : new Date(ms).toISOString());
  return `[${end(range.from, 'start')}, ${end(range.to, 'now')})`;
}
