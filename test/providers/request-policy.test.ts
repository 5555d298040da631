// The engine's manners toward Clerk: its share of the rate budget, Retry-After, backoff, and
// which failures are worth retrying.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../electron/core/providers/rate-limiter.js';
import { RequestPolicy } from '../../electron/core/providers/request-policy.js';
import { classifyClerkError, ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { ProviderAuthError, ProviderRequestError } from '../../electron/core/providers/provider.js';
import { DEMO_SECRET_KEY, startClerkServer } from '../../electron/core/demo/index.js';

describe('RateLimiter', () => {
  it('never lets more than its limit through in any window', async () => {
    let now = 0;
    const limiter = new RateLimiter(5, 10_000, () => now);
    for (let i = 0; i < 5; i++) await limiter.acquire();
    expect(limiter.used()).toBe(5);
    let sixth = false;
    const pending = limiter.acquire().then(() => (sixth = true));
    await Promise.resolve();
    expect(sixth).toBe(false);
    now = 10_001; // the first requests leave the window
    await pending;
    expect(sixth).toBe(true);
  });
});

describe('ClerkProvider rate share', () => {
  it('uses half of a development instance budget by default, and the share it is given', async () => {
    const server = await startClerkServer({ users: 1 });
    try {
      const half = new ClerkProvider({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url });
      await half.describeInstance();
      expect(half.rateBudget()).toMatchObject({ limit: 50, windowMs: 10_000, used: 1 });
      const production = await startClerkServer({ users: 1, environment: 'production', secretKeys: ['sk_live_x'] });
      try {
        const p = new ClerkProvider({ secretKey: 'sk_live_x', apiUrl: production.url, rateShare: 0.2 });
        await p.describeInstance();
        expect(p.rateBudget().limit).toBe(200);
      } finally {
        await production.close();
      }
    } finally {
      await server.close();
    }
  });
});

describe('RequestPolicy', () => {
  const policy = (onRetry: (n: { reason: string }) => void = () => {}) =>
    new RequestPolicy(
      { limiter: new RateLimiter(1000, 10_000), timeoutMs: 200, maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2, onRetry, random: () => 0.5 },
      classifyClerkError,
    );

  it('retries transient failures and reports each retry', async () => {
    const reasons: string[] = [];
    let calls = 0;
    const result = await policy((n) => reasons.push(n.reason)).run('Listing users', async () => {
      calls++;
      if (calls === 1) throw Object.assign(new Error('Bad Gateway'), { status: 502, errors: [] });
      if (calls === 2) throw new Error('never answers'); // network error: no status
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(reasons).toEqual(['Listing users: Clerk answered 502', 'Listing users: network error: never answers']);
  });

  it('gives up after its attempts with a retryable error', async () => {
    await expect(
      policy().run('Counting users', async () => {
        throw Object.assign(new Error(''), { status: 503, errors: [{ message: 'down' }] });
      }),
    ).rejects.toMatchObject({ name: 'ProviderRequestError', retryable: true, status: 503 });
  });

  it('times out a request that never answers', async () => {
    const reasons: string[] = [];
    await expect(policy((n) => reasons.push(n.reason)).run('Listing users', () => new Promise(() => {}))).rejects.toBeInstanceOf(ProviderRequestError);
    expect(reasons[0]).toMatch(/no answer within/);
  });

  it('does not retry a rejected key or a bad request', async () => {
    let calls = 0;
    await expect(
      policy().run('Reading the Clerk instance', async () => {
        calls++;
        throw Object.assign(new Error('Unauthorized'), { status: 401, errors: [{ code: 'clerk_key_invalid', message: 'Invalid key' }] });
      }),
    ).rejects.toBeInstanceOf(ProviderAuthError);
    await expect(
      policy().run('Listing users', async () => {
        calls++;
        throw Object.assign(new Error('Unprocessable'), { status: 422, errors: [{ code: 'form_param_value_invalid', message: 'bad' }] });
      }),
    ).rejects.toMatchObject({ retryable: false, status: 422 });
    expect(calls).toBe(2);
  });

  it('names the host it could not reach', async () => {
    // A port that was free a moment ago: nothing listens there.
    const server = await startClerkServer({ users: 0 });
    const url = server.url;
    await server.close();
    const provider = new ClerkProvider({ secretKey: DEMO_SECRET_KEY, apiUrl: url, maxAttempts: 1 });
    await expect(provider.describeInstance()).rejects.toThrow(`network error reaching ${new URL(url).host}`);
  });

  it('waits as long as Retry-After says on a 429', () => {
    expect(classifyClerkError(Object.assign(new Error(''), { status: 429, retryAfter: 7, errors: [] }))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });
  });
});

describe('live polling cost', () => {
  it('a quiet poll costs one list request and at most one count request', { timeout: 180_000 }, async () => {
    const { SyncEngine } = await import('../../electron/core/sync/engine.js');
    const { testTargets } = await import('../support/targets.js');
    const { waitFor } = await import('../support/wait.js');
    const server = await startClerkServer({ users: 20 });
    const { db, cleanup } = await testTargets[0].open();
    const engine = new SyncEngine({ db, provider: new ClerkProvider({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url }), pollIntervalMs: 20 });
    const abort = new AbortController();
    const watching = engine.watch(abort.signal);
    try {
      await waitFor(() => engine.status.state === 'watching', 'the first sync to finish', 60_000);
      const start = server.requestLog.length;
      await waitFor(() => server.requestLog.length >= start + 12, 'a few quiet polls');
      const requests = server.requestLog.slice(start, start + 12).map((r) => (r.path === '/v1/users/count' ? 'count' : r.path === '/v1/users' ? 'list' : r.path));
      // A quiet poll is one recent-updates page, plus at most one count (the deletion check runs
      // beside the polls, so some polls have none); nothing else (±1 at the window's edges).
      expect(requests.filter((r) => r !== 'list' && r !== 'count')).toEqual([]);
      const lists = requests.filter((r) => r === 'list').length;
      expect(requests.filter((r) => r === 'count').length).toBeLessThanOrEqual(lists + 1);
    } finally {
      abort.abort();
      await watching;
      await cleanup();
      await server.close();
    }
  });
});
