// Client-side rate limiter: at most `limit` requests in any sliding `windowMs`, so the engine
// stays inside its share of the instance's budget and leaves the rest to the developer's app.
// `holdUntil` lets a 429's Retry-After pause every caller, not just the one that got it.
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

  /** Resolves when one more request may be sent, and counts it as sent. */
  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const wait = this.waitMs();
      if (wait <= 0) {
        this.sent.push(this.now());
        return;
      }
      await sleep(wait, signal);
    }
  }

  private waitMs(): number {
    const t = this.now();
    if (this.heldUntil > t) return this.heldUntil - t;
    this.prune();
    if (this.sent.length < this.limit) return 0;
    return this.sent[0] + this.windowMs - t + 1;
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    while (this.sent.length > 0 && this.sent[0] <= cutoff) this.sent.shift();
  }
}
