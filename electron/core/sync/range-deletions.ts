// The deletion check by range counts, as the engine runs it when the provider's count is below
// the table's: bisect (range-bisect.ts), refresh the rows the listings read, and mark the
// missing users deleted — under the same mass-deletion guard as a full scan. When the
// difference is so large that bisecting would cost more requests than walking everyone, it
// says so and the caller walks (the full scan stays the safety net).
import type { CreatedRangeSource } from './created-range.js';
import { MassDeletionGuardError } from './errors.js';
import type { LocalRanges } from './local-ranges.js';
import type { MappedUser } from '../providers/provider.js';
import { findMissingByRanges } from './range-bisect.js';

/** The guard lets small tables lose this many users at once whatever the share. */
const GUARD_MIN_MISSING = 10;
/** The guard stops a check that would delete more than this share of the active users. */
const GUARD_MAX_SHARE = 0.5;

/** The mass-deletion guard's rule: more than a few users, and more than half of the active ones. */
export function exceedsDeletionGuard(missing: number, active: number): boolean {
  return missing > GUARD_MIN_MISSING && missing > active * GUARD_MAX_SHARE;
}

export interface RangeDeletionDeps {
  source: CreatedRangeSource;
  local: LocalRanges;
  mapUser(raw: unknown): MappedUser;
  pageSize: number;
  /** Upserts users the listings read (fresh versions; users the table lacks). */
  write(users: MappedUser[]): Promise<{ inserted: number; updated: number }>;
  /** Marks users deleted (in the engine's deletion mode); returns how many changed. */
  markDeleted(ids: string[]): Promise<number>;
}

export type RangeDeletionResult =
  | { kind: 'checked'; missing: string[]; deleted: number; inserted: number; updated: number; requests: number }
  /** Bisecting would cost more than a full walk: walk instead. */
  | { kind: 'walk' };

/** Requests a bisection is expected to need for `excess` deletions among `rows` (one count per halving each, one page each). */
export function bisectionCost(excess: number, rows: number, pageSize: number): number {
  const halvings = Math.max(1, Math.ceil(Math.log2(Math.max(2, rows / pageSize))));
  return excess * (halvings + 1);
}

/**
 * `rows` (active rows) and `providerCount` were read together and disagree. Throws the guard's
 * error, before any request, when the counts alone say more than half the users are gone.
 */
export async function deleteByRangeCounts(
  deps: RangeDeletionDeps,
  rows: number,
  providerCount: number,
  allowMassDelete: boolean,
  signal?: AbortSignal,
): Promise<RangeDeletionResult> {
  const excess = rows - providerCount;
  if (excess <= 0) return { kind: 'checked', missing: [], deleted: 0, inserted: 0, updated: 0, requests: 0 };
  if (exceedsDeletionGuard(excess, rows) && !allowMassDelete) throw new MassDeletionGuardError(excess, rows);
  const fullWalk = Math.ceil(providerCount / deps.pageSize) + 1;
  if (bisectionCost(excess, rows, deps.pageSize) >= fullWalk) return { kind: 'walk' };

  const found = await findMissingByRanges(rows, providerCount, { ...deps, signal });
  const written = await deps.write(found.listed);
  if (exceedsDeletionGuard(found.missing.length, rows) && !allowMassDelete) {
    throw new MassDeletionGuardError(found.missing.length, rows);
  }
  signal?.throwIfAborted();
  const deleted = found.missing.length > 0 ? await deps.markDeleted(found.missing) : 0;
  return { kind: 'checked', missing: found.missing, deleted, ...written, requests: found.requests };
}
