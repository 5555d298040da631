// The one exponential backoff every retry in the core uses (provider requests, engine cycles,
// LISTEN reconnects): delay for attempt n = min(cap, base * 2^(n-1)), then jittered.
export type Jitter =
  /** AWS "equal jitter": half the ceiling fixed, half random; never retries at once. */
  | 'equal'
  /** No randomness (one process retrying its own work: nothing to spread). */
  | 'none';

export interface BackoffOptions {
  baseMs: number;
  capMs: number;
  jitter: Jitter;
  random?: () => number;
}

export class Backoff {
  constructor(private readonly options: BackoffOptions) {}

  /** The wait before retry number `attempt` (1 = the first retry). */
  delay(attempt: number): number {
    const { baseMs, capMs, jitter } = this.options;
    // Past ~30 doublings the ceiling is the cap anyway; this keeps 2^n finite.
    const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
    if (jitter === 'none') return ceiling;
    return Math.round(ceiling / 2 + (this.options.random ?? Math.random)() * (ceiling / 2));
  }
}
