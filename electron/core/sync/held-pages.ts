// How many pages the parallel walk may hold: requested and not yet committed. Enough to cover one
// round trip at the rate pages are being committed, plus two waiting for the database. Fewer and
// the writes run dry between round trips; more and pages only queue: memory, and bursts of JSON
// work on the event loop. (100k users on the build machine: a fixed 4 took 24.7 s at 250 ms per
// request and 8 took 17.7 s, but without latency 8 held twice what the writes needed and pushed
// the engine's event-loop p99 from 35 ms to 80 ms. Since a held page is its bytes and mapped
// columns, not parsed users (page-source.ts), a bound of 12 took the same backfill on Postgres
// from 14.2 to 12.2 s at 158-167 MB; without latency the bound stays near its minimum.)

/** Held at least, and before anything was measured. */
export const MIN_PAGES_HELD = 4;
/** Held at most, whatever the measures say: what bounds memory. */
export const MAX_PAGES_HELD = 12;
/** Weight of the newest gap in the moving average. */
const SMOOTHING = 0.3;

export class HeldPages {
  private gapMs: number | null = null;
  private lastCommitAt: number | null = null;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A page was committed: measures the time since the previous one. */
  committed(): void {
    const at = this.now();
    if (this.lastCommitAt !== null) {
      const gap = at - this.lastCommitAt;
      this.gapMs = this.gapMs === null ? gap : this.gapMs + SMOOTHING * (gap - this.gapMs);
    }
    this.lastCommitAt = at;
  }

  /** Pages that may be held now, for a round trip of `requestMs` (null: not measured yet). */
  bound(requestMs: number | null): number {
    if (requestMs === null || this.gapMs === null) return MIN_PAGES_HELD;
    const covering = Math.ceil(requestMs / Math.max(1, this.gapMs)) + 2;
    return Math.min(MAX_PAGES_HELD, Math.max(MIN_PAGES_HELD, covering));
  }
}
