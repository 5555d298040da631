// How one provider request is sent: inside the rate budget, with a timeout (the Clerk SDK has
// none), and retried with exponential backoff and jitter on 429 / 5xx / resets / bad bodies.
// Errors that retrying cannot fix (bad key, bad request) surface at once.
import { RateLimiter } from './rate-limiter.js';
import { sleep } from '../sleep.js';
import { Backoff } from '../backoff.js';
import { ProviderAuthError, ProviderRequestError, type RetryNotice } from './provider.js';

export interface RequestPolicyOptions {
  limiter: RateLimiter;
  timeoutMs: number;
  /** Attempts per request before giving up (the watch loop retries the cycle after that). */
  maxAttempts: number;
  /** Give up on a request once it has been retried for this long (no retry starts later). */
  retryWindowMs?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (notice: RetryNotice) => void;
  random?: () => number;
}

/** A failure described for retry decisions. */
export interface ClassifiedFailure {
  kind: 'auth' | 'rate_limited' | 'transient' | 'fatal';
  message: string;
  status: number | null;
  retryAfterMs?: number;
}

export class RequestTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${Math.max(1, Math.round(ms / 1000))} s`);
    this.name = 'RequestTimeoutError';
  }
}

export class RequestPolicy {
  private readonly backoff: Backoff;

  constructor(
    private readonly options: RequestPolicyOptions,
    private readonly classify: (error: unknown) => ClassifiedFailure,
  ) {
    this.backoff = new Backoff({
      baseMs: options.baseDelayMs ?? 500,
      capMs: options.maxDelayMs ?? 30_000,
      // Spreads retries of many clients hitting the same outage.
      jitter: 'equal',
      random: options.random,
    });
  }

  /**
   * Sends with retries. send() gets the attempt's signal, aborted when the attempt times out or
   * the caller aborts: passing it to fetch closes the connection of a request that hangs.
   */
  async run<T>(what: string, send: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const { limiter, maxAttempts } = this.options;
    const deadline = Date.now() + (this.options.retryWindowMs ?? Infinity);
    for (let attempt = 1; ; attempt++) {
      await limiter.acquire(signal);
      let failure: ClassifiedFailure;
      // The last attempt ends with the window, so the whole request never outlasts it.
      const timeoutMs = Math.max(1, Math.min(this.options.timeoutMs, deadline - Date.now()));
      const timeout = AbortSignal.timeout(timeoutMs);
      const attemptSignal = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        return await this.withTimeout(send(attemptSignal), timeoutMs, signal);
      } catch (error) {
        signal?.throwIfAborted();
        failure = this.classify(timeout.aborted ? new RequestTimeoutError(timeoutMs) : error);
      }
      if (failure.kind === 'auth') throw new ProviderAuthError(failure.message);
      const delay = failure.kind === 'rate_limited' && failure.retryAfterMs !== undefined
        ? failure.retryAfterMs + this.jitter(250)
        : this.backoff.delay(attempt);
      if (failure.kind === 'fatal' || attempt >= maxAttempts || Date.now() + delay >= deadline) {
        throw new ProviderRequestError(`${what} failed: ${failure.message}`, failure.kind !== 'fatal', failure.status);
      }
      if (failure.kind === 'rate_limited') limiter.holdUntil(Date.now() + delay);
      this.options.onRetry?.({ reason: `${what}: ${failure.message}`, attempt, nextRetryAt: Date.now() + delay });
      await sleep(delay, signal);
    }
  }

  private jitter(maxMs: number): number {
    return (this.options.random ?? Math.random)() * maxMs;
  }

  /** A send that ignores its signal still gives up in time. */
  private withTimeout<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RequestTimeoutError(ms)), ms);
      const onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      promise.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      });
    });
  }
}
