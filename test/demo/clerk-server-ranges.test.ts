// created_at_after / created_at_before on GET /v1/users and /v1/users/count: strict bounds in
// milliseconds, the same on both routes, combined with the starting_after cursor, and the
// request counters tests use to show how many requests a sync made.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';

interface WireUser {
  id: string;
  created_at: number;
}

let server: ClerkServer;
afterEach(() => server?.close());

async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${DEMO_SECRET_KEY}` } });
  return { status: res.status, body: await res.json() };
}

async function count(query: string): Promise<number> {
  const { status, body } = await get(`/v1/users/count?${query}`);
  expect(status).toBe(200);
  return body.total_count;
}

/** Every user of a range, walked with starting_after, as a partition of a backfill does. */
async function walkRange(query: string, limit: number, order = '+created_at'): Promise<WireUser[]> {
  const seen: WireUser[] = [];
  let after = '';
  for (;;) {
    const { status, body } = await get(`/v1/users?limit=${limit}&order_by=${encodeURIComponent(order)}&${query}${after && `&starting_after=${after}`}`);
    expect(status).toBe(200);
    seen.push(...body);
    if (body.length < limit) return seen;
    after = body.at(-1).id;
  }
}

describe('created_at range filters', () => {
  it('exclude users created exactly at either bound, on the list and the count alike', async () => {
    server = await startClerkServer({ users: 0, rateLimit: false });
    const at = 1_750_000_000_000;
    for (const offset of [-1, 0, 0, 0, 1, 2, 3]) server.store.createUser({ created_at: at + offset });
    const all = server.store.listAll();
    const strictlyInside = all.filter((u) => u.created_at > at && u.created_at < at + 3).map((u) => u.id);
    expect(strictlyInside).toHaveLength(2);

    const query = `created_at_after=${at}&created_at_before=${at + 3}`;
    expect((await walkRange(query, 500)).map((u) => u.id)).toEqual(strictlyInside);
    expect(await count(query)).toBe(2);
    // The three users on `at` itself: after at-1 and before at+1.
    expect(await count(`created_at_after=${at - 1}&created_at_before=${at + 1}`)).toBe(3);
    expect(await count(`created_at_after=${at}`)).toBe(3);
    expect(await count(`created_at_before=${at}`)).toBe(1);
    // Bounds that leave nothing between them.
    expect(await count(`created_at_after=${at}&created_at_before=${at + 1}`)).toBe(0);
    expect(await walkRange(`created_at_after=${at + 5}&created_at_before=${at}`, 10)).toEqual([]);
  });

  it('walk a range with the cursor through an import of hundreds of users on one millisecond', async () => {
    server = await startClerkServer({ users: 300, seed: 5, rateLimit: false });
    const importMs = server.store.listAll()[150].created_at;
    for (let i = 0; i < 700; i++) server.store.createUser({ created_at: importMs });
    const all = server.store.listAll();
    const expected = all.filter((u) => u.created_at >= importMs && u.created_at <= importMs + 1000);
    expect(expected.length).toBeGreaterThan(700);

    const query = `created_at_after=${importMs - 1}&created_at_before=${importMs + 1001}`;
    const walked = await walkRange(query, 97);
    expect(walked.map((u) => u.id)).toEqual(expected.map((u) => u.id));
    expect(await count(query)).toBe(expected.length);
    const newestFirst = await walkRange(query, 97, '-created_at');
    expect(newestFirst.map((u) => u.id)).toEqual(expected.map((u) => u.id).reverse());
  });

  it('split at any millisecond, add up to the whole: no user lost or counted twice', async () => {
    server = await startClerkServer({ users: 2000, seed: 8, rateLimit: false });
    const all = server.store.listAll();
    const edges = [all[0].created_at, all[400].created_at, all[401].created_at, all[1500].created_at, all[1999].created_at + 1];
    let total = 0;
    const seen = new Set<string>();
    // Half-open [from, to) as strict bounds: after from-1, before to.
    for (let i = 0; i + 1 < edges.length; i++) {
      const query = `created_at_after=${edges[i] - 1}&created_at_before=${edges[i + 1]}`;
      total += await count(query);
      for (const u of await walkRange(query, 250)) seen.add(u.id);
    }
    expect(total).toBe(2000);
    expect(seen.size).toBe(2000);
  });

  it('reject a bound that is not a millisecond timestamp', async () => {
    server = await startClerkServer({ users: 3, rateLimit: false });
    const { status, body } = await get('/v1/users/count?created_at_after=2026-01-01');
    expect(status).toBe(422);
    expect(body.errors[0].code).toBe('form_param_invalid_date');
  });

  it('count the requests served by route', async () => {
    server = await startClerkServer({ users: 3, rateLimit: false });
    await count('created_at_after=0');
    await get('/v1/users?limit=1');
    await get('/v1/users?limit=1');
    expect(server.requestsServed.count_users).toBe(1);
    expect(server.requestsServed.list_users).toBe(2);
    expect(server.requestsServed.total).toBe(3);
  });
});
