// Paging semantics of GET /v1/users: the starting_after cursor, its 422s, offsets and filters.
import { createClerkClient } from '@clerk/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';

interface WireUser {
  id: string;
  created_at: number;
  updated_at: number;
}

let server: ClerkServer;
afterEach(() => server?.close());

async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${DEMO_SECRET_KEY}` } });
  return { status: res.status, body: await res.json() };
}

/** Walks every page with starting_after, as a sync would. */
async function walk(orderBy: string, limit: number): Promise<WireUser[]> {
  const seen: WireUser[] = [];
  let after = '';
  for (;;) {
    const { status, body } = await get(`/v1/users?limit=${limit}&order_by=${encodeURIComponent(orderBy)}${after && `&starting_after=${after}`}`);
    expect(status).toBe(200);
    seen.push(...body);
    if (body.length < limit) return seen;
    after = body.at(-1).id;
  }
}

describe('starting_after cursor', () => {
  it('walks every user exactly once in +created_at order, across equal created_at milliseconds', async () => {
    server = await startClerkServer({ users: 600, seed: 3, rateLimit: false });
    const sameMs = new Map<number, number>();
    for (const u of server.store.listAll()) sameMs.set(u.created_at, (sameMs.get(u.created_at) ?? 0) + 1);
    expect(Math.max(...sameMs.values())).toBeGreaterThanOrEqual(3);

    // A page size of 7 makes page boundaries fall inside the same-millisecond bursts.
    const users = await walk('+created_at', 7);
    expect(users).toHaveLength(600);
    expect(new Set(users.map((u) => u.id)).size).toBe(600);
    for (let i = 1; i < users.length; i++) {
      const [a, b] = [users[i - 1], users[i]];
      expect(a.created_at < b.created_at || (a.created_at === b.created_at && a.id < b.id)).toBe(true);
    }
  });

  it('walks newest first with -created_at and treats a bare or space-signed field as ascending', async () => {
    server = await startClerkServer({ users: 55, seed: 4, rateLimit: false });
    const desc = await walk('-created_at', 10);
    expect(desc.map((u) => u.id)).toEqual(server.store.listAll().map((u) => u.id).reverse());
    const bare = await walk('created_at', 10);
    expect(bare.map((u) => u.id)).toEqual(server.store.listAll().map((u) => u.id));
    // '+' in a query string decodes to a space.
    const spaced = await get('/v1/users?limit=5&order_by=+created_at');
    expect(spaced.body.map((u: WireUser) => u.id)).toEqual(bare.slice(0, 5).map((u) => u.id));
  });

  it('passes through the SDK as an untyped starting_after param', async () => {
    server = await startClerkServer({ users: 30, seed: 5, rateLimit: false });
    const clerk = createClerkClient({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url, telemetry: { disabled: true } });
    const first = await clerk.users.getUserList({ limit: 10, orderBy: '+created_at' });
    const second = await clerk.users.getUserList({ limit: 10, orderBy: '+created_at', startingAfter: first.data[9].id } as never);
    expect(second.data.map((u) => u.id)).toEqual(server.store.listAll().slice(10, 20).map((u) => u.id));
    expect(second.totalCount).toBe(30);
  });

  it('rejects starting_after with another ordering or a non-zero offset (422 form_param_value_invalid)', async () => {
    server = await startClerkServer({ users: 5, rateLimit: false });
    const id = server.store.listAll()[0].id;
    for (const query of [`order_by=-updated_at&starting_after=${id}`, `order_by=email_address&starting_after=${id}`, `offset=2&starting_after=${id}`]) {
      const { status, body } = await get(`/v1/users?${query}`);
      expect(status).toBe(422);
      expect(body.errors[0].code).toBe('form_param_value_invalid');
      expect(body.errors[0].meta.param_name).toBe('starting_after');
    }
    expect((await get(`/v1/users?offset=0&starting_after=${id}`)).status).toBe(200);
    expect((await get('/v1/users?order_by=shoe_size')).status).toBe(422);
  });

  it('keeps paging from a cursor user that was deleted meanwhile', async () => {
    server = await startClerkServer({ users: 40, seed: 6, rateLimit: false });
    const all = server.store.listAll();
    const page = (await get('/v1/users?limit=10&order_by=%2Bcreated_at')).body as WireUser[];
    const cursor = page[9].id;
    server.store.deleteUser(cursor);
    const next = (await get(`/v1/users?limit=10&order_by=%2Bcreated_at&starting_after=${cursor}`)).body as WireUser[];
    expect(next.map((u) => u.id)).toEqual(all.slice(10, 20).map((u) => u.id));
  });
});

describe('orderings, offsets and filters', () => {
  it('orders by -updated_at with id tie-breaks, and offset pages do not overlap', async () => {
    server = await startClerkServer({ users: 80, seed: 8, rateLimit: false });
    const a = (await get('/v1/users?limit=40&order_by=-updated_at')).body as WireUser[];
    const b = (await get('/v1/users?limit=40&offset=40&order_by=-updated_at')).body as WireUser[];
    const both = [...a, ...b];
    expect(new Set(both.map((u) => u.id)).size).toBe(80);
    for (let i = 1; i < both.length; i++) {
      const [x, y] = [both[i - 1], both[i]];
      expect(x.updated_at > y.updated_at || (x.updated_at === y.updated_at && x.id > y.id)).toBe(true);
    }
  });

  it('filters by repeated user_id keys (with - to exclude) and by created_at bounds, in list and count', async () => {
    server = await startClerkServer({ users: 50, seed: 9, rateLimit: false });
    const all = server.store.listAll();
    const ids = [all[3].id, all[7].id, all[20].id];
    const picked = await get(`/v1/users?${ids.map((id) => `user_id=${id}`).join('&')}&order_by=%2Bcreated_at`);
    expect(picked.body.map((u: WireUser) => u.id)).toEqual(ids);
    expect((await get(`/v1/users/count?user_id=${ids[0]}&user_id=${ids[1]}`)).body.total_count).toBe(2);
    expect((await get(`/v1/users/count?user_id=-${ids[0]}`)).body.total_count).toBe(49);

    const after = all[9].created_at;
    const before = all[30].created_at;
    const expected = all.filter((u) => u.created_at > after && u.created_at < before);
    const ranged = await get(`/v1/users?limit=500&order_by=created_at&created_at_after=${after}&created_at_before=${before}`);
    expect(ranged.body.map((u: WireUser) => u.id)).toEqual(expected.map((u) => u.id));
    expect((await get(`/v1/users/count?created_at_after=${after}&created_at_before=${before}`)).body.total_count).toBe(expected.length);
    expect((await get('/v1/users?created_at_after=yesterday')).body.errors[0].code).toBe('form_param_invalid_date');
  });

  it('returns an empty array past the end', async () => {
    server = await startClerkServer({ users: 3, rateLimit: false });
    expect(await get('/v1/users?offset=3')).toEqual({ status: 200, body: [] });
  });
});
