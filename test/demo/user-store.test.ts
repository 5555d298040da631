// The demo users: every awkward shape present, deterministic, and updates/churn that a sync can see.
import { afterEach, describe, expect, it } from 'vitest';
import { Churn, USER_KEY_ORDER, UserStore, startClerkServer, type ClerkServer, type ClerkUserJSON } from '../../electron/core/demo/index.js';

const primaryEmail = (u: ClerkUserJSON) => u.email_addresses.find((e) => e.id === u.primary_email_address_id);
const RTL = /[\u0590-\u05FF\u0600-\u06FF]/;

describe('generated users', () => {
  const users = new UserStore({ users: 400, seed: 21 }).listAll();

  it('cover every shape a sync has to handle', () => {
    const oauth = users.filter((u) => u.external_accounts.length > 0);
    expect(oauth.length).toBeGreaterThan(0);
    for (const u of oauth) {
      const account = u.external_accounts[0];
      expect(primaryEmail(u)?.linked_to).toEqual([{ type: account.provider, id: account.identification_id }]);
      expect(account.id).toMatch(/^eac_/);
    }
    expect(users.some((u) => u.email_addresses.length > 1 && u.email_addresses[0].id !== u.primary_email_address_id)).toBe(true);
    expect(users.some((u) => u.email_addresses.length === 0 && u.primary_email_address_id === null && u.primary_phone_number_id !== null)).toBe(true);
    expect(users.some((u) => u.username !== null && u.first_name === null && u.last_name === null)).toBe(true);
    expect(users.some((u) => RTL.test(`${u.first_name}`) && RTL.test(`${u.last_name}`))).toBe(true);
    expect(users.some((u) => JSON.stringify(u.public_metadata).length + JSON.stringify(u.private_metadata).length > 4000)).toBe(true);
    expect(users.some((u) => u.banned)).toBe(true);
    expect(users.some((u) => !u.banned)).toBe(true);
    const perMs = new Map<number, number>();
    for (const u of users) perMs.set(u.created_at, (perMs.get(u.created_at) ?? 0) + 1);
    expect(Math.max(...perMs.values())).toBeGreaterThanOrEqual(3);
  });

  it('are valid: unique ids, ms timestamps, updated_at >= created_at, primary ids that resolve', () => {
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    for (const u of users) {
      expect(u.object).toBe('user');
      expect(u.updated_at).toBeGreaterThanOrEqual(u.created_at);
      expect(u.created_at).toBeLessThan(Date.now());
      if (u.primary_email_address_id) expect(primaryEmail(u)).toBeDefined();
      for (const e of u.email_addresses) expect(e.linked_to).toBeInstanceOf(Array);
      for (const p of u.phone_numbers) expect(p.linked_to).toBeInstanceOf(Array);
    }
  });

  it('are the same for the same seed and differ for another seed', () => {
    expect(new UserStore({ users: 400, seed: 21 }).listAll()).toEqual(users);
    expect(new UserStore({ users: 5, seed: 22 }).listAll()[0].id).not.toBe(users[0].id);
  });

  it('scale to 100,000 users', () => {
    const big = new UserStore({ users: 100_000, seed: 1 });
    expect(big.count).toBe(100_000);
    const newest = big.inOrder('created_at').at(-1)!;
    expect(newest.json().id).toBe(newest.id);
  });
});

describe('store changes', () => {
  it('create, update and delete are visible; updated_at = max(now, previous + 1)', () => {
    let now = 1_800_000_000_000;
    const store = new UserStore({ users: 10, seed: 2, now: () => now });
    const created = store.createUser({ first_name: 'Zed' });
    expect(created).toMatchObject({ first_name: 'Zed', created_at: now, updated_at: now });
    expect(store.count).toBe(11);

    const before = store.getUser(created.id)!;
    const renamed = store.updateUser(created.id); // clock did not move
    expect(renamed.updated_at).toBe(before.updated_at + 1);
    expect(renamed.first_name).not.toBe(before.first_name);

    now += 5000;
    const patched = store.updateUser(created.id, { public_metadata: { plan: 'pro' } });
    expect(patched.updated_at).toBe(now);
    expect(patched.public_metadata).toEqual({ plan: 'pro' });
    expect(Object.keys(patched)).toEqual(Object.keys(before)); // key order unchanged

    const back = store.createUser({ id: 'user_restored', created_at: 1_700_000_000_000, updated_at: now + 1 });
    expect(back).toMatchObject({ id: 'user_restored', created_at: 1_700_000_000_000, updated_at: now + 1 });
    expect(store.listAll()[0].id).toBe('user_restored'); // placed by its created_at, not at the end
    expect(() => store.createUser({ id: 'user_restored' })).toThrow(/exists/);
    // A patch that adds a key the generated user lacked still yields the wire key order.
    const withPassword = store.updateUser(back.id, { password_enabled: true, password_last_updated_at: now });
    expect(Object.keys(withPassword)).toEqual(USER_KEY_ORDER);

    const version = store.version;
    expect(store.deleteUser(created.id)).toBe(true);
    expect(store.getUser(created.id)).toBeUndefined();
    expect(store.deleteUser(created.id)).toBe(false);
    expect(store.version).toBe(version + 1);
  });

  it('churn steps create, update and delete users', () => {
    const store = new UserStore({ users: 50, seed: 3 });
    const before = new Map(store.listAll().map((u) => [u.id, u.updated_at]));
    const churn = new Churn(store, { perSecond: 10 });
    churn.step(60);
    expect(churn.stats.created + churn.stats.updated + churn.stats.deleted).toBe(60);
    expect(churn.stats.created).toBeGreaterThan(0);
    expect(churn.stats.deleted).toBeGreaterThan(0);
    expect(churn.stats.updated).toBeGreaterThan(0);
    expect(store.count).toBe(50 + churn.stats.created - churn.stats.deleted);
    expect(store.listAll().some((u) => before.has(u.id) && u.updated_at > before.get(u.id)!)).toBe(true);
  });
});

describe('churn on a running server', () => {
  let server: ClerkServer;
  afterEach(() => server?.close());

  it('changes the users over time on its own timers', async () => {
    server = await startClerkServer({ users: 40, churnPerSecond: 50, rateLimit: false });
    const version = server.store.version;
    const deadline = Date.now() + 10_000;
    while (server.churn.stats.created + server.churn.stats.deleted + server.churn.stats.updated < 10 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(server.store.version).toBeGreaterThanOrEqual(version + 10);
    await server.close();
    expect(server.churn.running).toBe(false);
  });
});
