// Clerk's per-instance Backend API limit: 100 requests / 10 s in development, 1000 in production.
// A sliding window: a request is allowed when fewer than `limit` requests were allowed in the last window.

export interface RateLimiterOptions {
  limit: number;
  windowMs?: number;
  enabled?: boolean;
  now?: () => number;
}

export const RATE_LIMITS = { development: 100, production: 1000 } as const;
export const RATE_WINDOW_MS = 10_000;

export class RateLimiter {
  /** Switch off for bulk benchmarks; requests are then neither limited nor counted. */
  enabled: boolean;
  readonly limit: number;
  readonly windowMs: number;
  private readonly now: () => number;
  /** Times of the last `limit` allowed requests, as a ring buffer. */
  private readonly times: number[] = [];
  private head = 0;

  constructor(options: RateLimiterOptions) {
    this.limit = options.limit;
    this.windowMs = options.windowMs ?? RATE_WINDOW_MS;
    this.enabled = options.enabled ?? true;
    this.now = options.now ?? Date.now;
  }

  /** Counts a request. Returns 0 when it may proceed, else the whole seconds until it would. */
  take(): number {
    if (!this.enabled) return 0;
    const now = this.now();
    if (this.times.length < this.limit) {
      this.times.push(now);
      return 0;
    }
    const oldest = this.times[this.head];
    const waitMs = oldest + this.windowMs - now;
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    this.times[this.head] = now;
    this.head = (this.head + 1) % this.limit;
    return 0;
  }

  /** Requests allowed within the current window. */
  used(): number {
    const since = this.now() - this.windowMs;
    return this.times.filter((t) => t > since).length;
  }

  reset(): void {
    this.times.length = 0;
    this.head = 0;
  }
}
