// How often a provider without a change feed is walked in full, sized from the rate budget,
// and the worst-case delay that gives a change (README: "How fast changes arrive").
import type { ChangeLatency } from '../../../shared/types.js';
import type { RateBudget } from '../providers/provider.js';

/** Full scans use at most this share of the engine's request budget, on average. */
const SCAN_BUDGET_SHARE = 0.5;

export interface ScanPlan {
  /** From the start of one full scan to the start of the next. */
  intervalMs: number;
  /** One full scan at the budget's pace. */
  scanMs: number;
}

export function planFullScans(users: number, pageSize: number, budget: RateBudget, minIntervalMs: number): ScanPlan {
  // One more user than known: the last page is the one that proves the end.
  const pages = Math.max(1, Math.ceil((users + 1) / pageSize));
  const scanMs = Math.ceil((pages * budget.windowMs) / Math.max(1, budget.limit));
  return { intervalMs: Math.max(minIntervalMs, Math.ceil(scanMs / SCAN_BUDGET_SHARE)), scanMs };
}

/** A change made just after a scan passed its user shows at the end of the next scan. */
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
