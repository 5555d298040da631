// How hard a long walk may push the provider: requests in flight sized from the rate budget and
// the measured time per page, and a reserve of the budget it never touches, so the polls that
// run meanwhile always find room in the same budget.
import { sleep } from '../sleep.js';
import type { RateBudget } from '../providers/provider.js';

export interface RequestPacingOptions {
  /** The budget shared by every request of this provider (the limiter's view). */
  budget: () => RateBudget;
  /** Share of the budget left to polls and counts (default 0.2). */
  reserve?: number;
  /** Upper bound on workers (memory: each holds a page). */
  maxWorkers?: number;
}

/** Weight of the newest sample in the moving average of page times. */
const SMOOTHING = 0.3;
/** Time per page assumed before any was measured: a production round trip plus the write. */
const ASSUMED_PAGE_MS = 400;

export class RequestPacing {
  private pageMs: number | null = null;
  private readonly reserve: number;
  private readonly maxWorkers: number;

  constructor(private readonly options: RequestPacingOptions) {
    this.reserve = options.reserve ?? 0.2;
    this.maxWorkers = options.maxWorkers ?? 16;
  }

  /** Requests per window the walk may use. */
  private allowance(budget: RateBudget): number {
    return Math.max(1, Math.floor(budget.limit * (1 - this.reserve)));
  }

  /** Resolves when the walk may send one more request without eating into the reserve. */
  async room(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const budget = this.options.budget();
      if (budget.used < this.allowance(budget)) return;
      // A request leaves the window about every windowMs / limit.
      await sleep(Math.max(5, Math.ceil(budget.windowMs / budget.limit)), signal);
    }
  }

  /** Records how long one page's request took. */
  observe(ms: number): void {
    this.pageMs = this.pageMs === null ? ms : this.pageMs + SMOOTHING * (ms - this.pageMs);
  }

  /** The smoothed time of one page's request; null before any was timed. */
  requestMs(): number | null {
    return this.pageMs;
  }

  /** Workers the allowance would keep busy at a typical page time: what a first plan is sized for. */
  plannedWorkers(): number {
    return this.workersFor(ASSUMED_PAGE_MS);
  }

  private workersFor(pageMs: number): number {
    const budget = this.options.budget();
    const perMs = this.allowance(budget) / budget.windowMs;
    return Math.max(1, Math.min(this.maxWorkers, Math.ceil(perMs * pageMs)));
  }

  /**
   * Workers that keep the walk at its allowance: rate × time per page (Little's law). Before any
   * page was timed, two.
   */
  workers(): number {
    if (this.pageMs === null) return Math.min(2, this.maxWorkers);
    return this.workersFor(this.pageMs);
  }
}
