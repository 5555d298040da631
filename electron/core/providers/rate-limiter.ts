// A sliding-window request budget. A provider waits in it to stay inside its share of the
// instance's budget (leaving the rest to the developer's app); the local provider servers answer
// 429 from one. `holdUntil` lets a 429's Retry-After pause every caller, not just the one that got it.
import { sleep } from '../sleep.js';

export class RateLimiter {
  private readonly sent: number[] = [];
  private heldUntil = 0;

  constructor(
    private maxRequests: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.resize(maxRequests);
  }

  get limit(): number {
    return this.maxRequests;
  }

  /** Changes the allowance, keeping the requests already counted in this window. */
  resize(limit: number): void {
    if (!(limit >= 1)) throw new Error('rate limit must allow at least one request per window');
    this.maxRequests = Math.floor(limit);
  }

  /** Requests sent in the current window. */
  used(): number {
    this.prune();
    return this.sent.length;
  }

  holdUntil(timestampMs: number): void {
    this.heldUntil = Math.max(this.heldUntil, timestampMs);
  }

  /** Counts one request and returns 0 when it may go now; otherwise the ms until one may (nothing counted). */
  tryTake(): number {
    const wait = this.waitMs();
    if (wait <= 0) this.sent.push(this.now());
    return Math.max(0, wait);
  }

  /** Resolves when one more request may be sent, and counts it as sent. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.tryTake();
      if (wait === 0) return;
      await sleep(wait, signal);
    }
  }

  private waitMs(): number {
    const t = this.now();
    if (this.heldUntil > t) return this.heldUntil - t;
    this.prune();
    if (this.sent.length < this.limit) return 0;
    // At sent[0] + windowMs that request leaves the window (prune drops times <= now - windowMs).
    return this.sent[0] + this.windowMs - t;
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    while (this.sent.length > 0 && this.sent[0] <= cutoff) this.sent.shift();
  }
}
