// How often a provider without a change feed is walked in full, sized from the rate budget,
// and the worst-case delay that gives a change (README: "How fast changes arrive").
import type { ChangeLatency } from '../../../shared/types.js';
import type { RateBudget, UserProvider } from '../providers/provider.js';

/** How often the engine polls for new users and changes, unless told otherwise. */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

/** Full scans use at most this share of the engine's request budget, on average. */
const SCAN_BUDGET_SHARE = 0.5;

export interface ScanPlan {
  /** From the start of one full scan to the start of the next. */
  intervalMs: number;
  /** One full scan at the budget's pace. */
  scanMs: number;
}

/**
 * Scans of `users` at what the budget leaves them: the polls, one request every
 * `pollIntervalMs`, run beside every scan and take their share first.
 */
export function planFullScans(users: number, pageSize: number, budget: RateBudget, minIntervalMs: number, pollIntervalMs: number): ScanPlan {
  // One more user than known: the last page is the one that proves the end.
  const pages = Math.max(1, Math.ceil((users + 1) / pageSize));
  const pollsPerWindow = Math.ceil(budget.windowMs / Math.max(1, pollIntervalMs));
  const scanRequestsPerWindow = Math.max(1, budget.limit - pollsPerWindow);
  const scanMs = Math.ceil((pages * budget.windowMs) / scanRequestsPerWindow);
  return { intervalMs: Math.max(minIntervalMs, Math.ceil(scanMs / SCAN_BUDGET_SHARE)), scanMs };
}

/** A change made just after a scan passed its user shows at the end of the next scan (scans start an interval apart). */
export function scanLatency(plan: ScanPlan, users: number): ChangeLatency {
  return {
    worstCaseMs: plan.intervalMs + plan.scanMs,
    fullScanMs: plan.scanMs,
    basis: `updates and deletions are found by full scans of ${users} users, one every ${seconds(plan.intervalMs)} taking about ${seconds(plan.scanMs)}`,
  };
}

/** With a change feed and a count, every change is seen on the next poll. */
export function feedLatency(pollIntervalMs: number): ChangeLatency {
  return {
    worstCaseMs: pollIntervalMs,
    fullScanMs: null,
    basis: `updates are read from the change feed and deletions found by the user count on every poll (${seconds(pollIntervalMs)})`,
  };
}

function seconds(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

export interface CadenceOptions {
  pollIntervalMs: number;
  /** Full scans for a provider with a change feed and a count (they only find what the count missed). */
  reconcileIntervalMs?: number;
  /** Least time between full scans for a provider without a change feed (the budget may ask for more). */
  minScanIntervalMs?: number;
}

/** How often the engine walks a provider in full, and the delay that gives a change, by table size. */
export class ChangeCadence {
  constructor(
    private readonly provider: Pick<UserProvider, 'recent' | 'count' | 'rateBudget'>,
    private readonly pageSize: number,
    private readonly options: CadenceOptions,
  ) {}

  /** Whether polling sees every change (a feed of changes and a count for deletions). */
  private hasChangeFeed(): boolean {
    return this.provider.recent?.covers === 'changes' && this.provider.count !== undefined;
  }

  private plan(users: number): ScanPlan {
    return planFullScans(users, this.pageSize, this.provider.rateBudget(), this.options.minScanIntervalMs ?? 60_000, this.options.pollIntervalMs);
  }

  scanIntervalMs(users: number): number {
    return this.hasChangeFeed() ? this.options.reconcileIntervalMs ?? 15 * 60_000 : this.plan(users).intervalMs;
  }

  latency(users: number): ChangeLatency {
    return this.hasChangeFeed() ? feedLatency(this.options.pollIntervalMs) : scanLatency(this.plan(users), users);
  }
}
