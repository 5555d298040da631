// Rate limiting and injected faults, as the SDK and a plain fetch observe them.
import { createClerkClient } from '@clerk/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { sdkError } from '../support/clerk-errors.js';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer, type ClerkServerOptions } from '../../electron/core/demo/index.js';

let server: ClerkServer;
afterEach(() => server?.close());

async function start(options: ClerkServerOptions = {}) {
  server = await startClerkServer({ users: 30, seed: 11, ...options });
  return createClerkClient({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url, telemetry: { disabled: true } });
}
const auth = { Authorization: `Bearer ${DEMO_SECRET_KEY}` };
const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { headers: auth, ...init });


describe('rate limit', () => {
  it('answers 429 too_many_requests with Retry-After after 100 requests in 10 s (development)', async () => {
    let now = 1_800_000_000_000;
    const clerk = await start({ now: () => now });
    for (let i = 0; i < 100; i++) expect((await get('/v1/users/count')).status).toBe(200);

    const limited = await get('/v1/users?limit=1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(10);
    expect(((await limited.json()) as any).errors[0].code).toBe('too_many_requests');
    const error = await sdkError(clerk.users.getCount());
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(10);

    now += 10_000; // the window slides past the first requests
    expect((await get('/v1/users/count')).status).toBe(200);
  });

  it('can be switched off for bulk runs', async () => {
    await start({ rateLimit: false });
    for (let i = 0; i < 150; i++) expect((await get('/v1/users/count')).status).toBe(200);
  });
});

describe('injected faults', () => {
  it('429 with Retry-After reaches the SDK as retryAfter, only on the chosen route and only N times', async () => {
    const clerk = await start({ rateLimit: false });
    const handle = server.faults.rateLimit({ retryAfter: 7, times: 2, route: 'list_users' });
    expect(await clerk.users.getCount()).toBe(30); // another route is not hit
    for (let i = 0; i < 2; i++) {
      const error = await sdkError(clerk.users.getUserList({ limit: 5 }));
      expect(error.status).toBe(429);
      expect(error.retryAfter).toBe(7);
      expect(error.errors[0].code).toBe('too_many_requests');
    }
    expect(handle.remaining).toBe(0);
    expect((await clerk.users.getUserList({ limit: 5 })).data).toHaveLength(5);
    expect(server.requestLog.filter((r) => r.fault === 'rate_limit')).toHaveLength(2);
  });

  it('500 comes with a Clerk JSON error body', async () => {
    const clerk = await start({ rateLimit: false });
    server.faults.serverError({ route: 'get_user' });
    const error = await sdkError(clerk.users.getUser(server.store.listAll()[0].id));
    expect(error.status).toBe(500);
    expect(error.errors[0].code).toBe('internal_clerk_error');
  });

  it('502 with an HTML body gives an SDK error with status 502 and no parsed errors', async () => {
    const clerk = await start({ rateLimit: false });
    server.faults.badGatewayHtml();
    const error = await sdkError(clerk.users.getCount());
    expect(error.status).toBe(502);
    expect(error.errors).toEqual([]);

    server.faults.badGatewayHtml();
    const res = await get('/v1/users');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toContain('502 Bad Gateway');
  });

  it('a connection reset mid-body fails the fetch after the headers arrived', async () => {
    await start({ rateLimit: false });
    server.faults.resetMidBody({ route: 'list_users' });
    const res = await get('/v1/users?limit=20');
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(((await (await get('/v1/users?limit=20')).json()) as unknown[]).length).toBe(20);
  });

  it('a stall never answers until close() ends the connection', async () => {
    await start({ rateLimit: false });
    server.faults.stall({ route: 'count_users' });
    await expect(get('/v1/users/count', { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    expect(server.requestLog.at(-1)).toMatchObject({ path: '/v1/users/count', status: 0, fault: 'stall' });

    server.faults.stall();
    const pending = get('/v1/users');
    // Wait until the server has the stalled request, then close: the client must be released.
    const deadline = Date.now() + 5000;
    while (server.requestLog.filter((r) => r.fault === 'stall').length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    await server.close();
    await expect(pending).rejects.toThrow();
  });

  it('beforeListPage can change the data between the pages of a walk', async () => {
    const clerk = await start({ rateLimit: false });
    const created: string[] = [];
    const unsubscribe = server.faults.beforeListPage(({ store, page }) => {
      if (page === 1) created.push(store.createUser().id);
    });
    const first = await clerk.users.getUserList({ limit: 10, orderBy: '-created_at' });
    const second = await clerk.users.getUserList({ limit: 10, offset: 10, orderBy: '-created_at' });
    unsubscribe();
    // The newest user was inserted before page 2, so offset paging repeats the last user of page 1.
    expect(created).toHaveLength(1);
    expect(second.data[0].id).toBe(first.data[9].id);
    expect(second.totalCount).toBe(31);
  });
});
