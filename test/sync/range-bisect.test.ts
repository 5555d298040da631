// Deletions found by range counts, against an in-memory provider: few requests, exact at the
// edges and on shared milliseconds, and never a false deletion while users are being created.
import { describe, expect, it } from 'vitest';
import { findMissingByRanges } from '../../electron/core/sync/range-bisect.js';
import { FakeLocalRanges, FakeRangeProvider, makeUsers, mapFakeUser, type FakeUser } from '../support/range-fake.js';

const PAGE = 500;

function setUp(users: FakeUser[]) {
  const provider = new FakeRangeProvider(users);
  const local = new FakeLocalRanges(users);
  const find = () =>
    findMissingByRanges(local.size, provider.total, { source: provider, local, mapUser: mapFakeUser, pageSize: PAGE });
  return { provider, local, find };
}

describe('findMissingByRanges', () => {
  it('finds one deletion among 100,000 users in at most 10 requests', async () => {
    const { provider, find } = setUp(makeUsers(100_000));
    provider.delete('u00061234');
    const result = await find();
    expect(result.missing).toEqual(['u00061234']);
    expect(result.requests).toBeLessThanOrEqual(10);
    expect(provider.requestCount).toBe(result.requests);
  });

  it('finds two deletions among 100,000 users in under 20 requests', async () => {
    const { provider, find } = setUp(makeUsers(100_000));
    for (const id of ['u00000007', 'u00077777']) provider.delete(id);
    const result = await find();
    expect(result.missing.sort()).toEqual(['u00000007', 'u00077777']);
    expect(result.requests).toBeLessThan(20);
  });

  it('finds a handful of deletions far fewer requests than the 200 pages of a full walk', async () => {
    const { provider, find } = setUp(makeUsers(100_000));
    const gone = ['u00001000', 'u00020000', 'u00040000', 'u00060000', 'u00099000'];
    for (const id of gone) provider.delete(id);
    const result = await find();
    expect(result.missing.sort()).toEqual(gone);
    expect(result.requests).toBeLessThan(45);
  });

  it('finds the oldest, the newest and users on a split millisecond shared by hundreds', async () => {
    // 6,000 users; 900 of them share one millisecond in the middle, where the median falls.
    const users = [...makeUsers(2500), ...makeUsers(900, 1_700_000_000_000 + 2500 * 1000, 0, 'm'), ...makeUsers(2600, 1_700_000_000_000 + 2501 * 1000, 1000, 'v')];
    const { provider, find } = setUp(users);
    const shared = users.filter((u) => u.id.startsWith('m'));
    const gone = [users[0].id, users.at(-1)!.id, shared[0].id, shared[450].id, shared.at(-1)!.id, 'u00002499', 'v00000000'];
    for (const id of gone) provider.delete(id);
    const result = await find();
    expect(result.missing.sort()).toEqual([...gone].sort());
    // Listed ranges never overlap: no user is read twice.
    const listedIds = result.listed.map((u) => u.id);
    expect(new Set(listedIds).size).toBe(listedIds.length);
  });

  it('never suspects users created while it counts, and still finds the deletion', async () => {
    const users = makeUsers(20_000);
    const { provider, find } = setUp(users);
    provider.delete('u00005000');
    let created = 0;
    const newest = users.at(-1)!.created_at;
    provider.beforeRequest = () => {
      // A sign-up on every request: at the newest end, or on an old user's millisecond.
      provider.add({ id: `n${created}`, created_at: created % 2 ? newest + 1 + created : users[15000].created_at, updated_at: 0 });
      created++;
    };
    const result = await find();
    expect(result.missing).toEqual(['u00005000']);
    expect(created).toBeGreaterThan(3);
  });

  it('leaves a deletion hidden by a sign-up in the same range to the re-check after the poll', async () => {
    const users = makeUsers(20_000);
    const { provider, local, find } = setUp(users);
    provider.delete('u00005000');
    provider.delete('u00012000');
    // Created while the counts run, on the deleted user's own millisecond: that range balances out.
    let added = false;
    provider.beforeRequest = () => {
      if (added) return;
      added = true;
      provider.add({ id: 'late', created_at: users[5000].created_at, updated_at: 0 });
    };
    const first = await find();
    expect(first.missing).toEqual(['u00012000']);
    // The poll writes the new user (here: the listing may already have read it), the counts
    // still differ by one, and the re-check finds the rest.
    local.set('late', users[5000].created_at);
    local.delete('u00012000');
    const second = await find();
    expect(second.missing).toEqual(['u00005000']);
  });

  it('reports nothing when the only difference is users the table has not seen yet', async () => {
    const users = makeUsers(10_000);
    const { provider, local, find } = setUp(users);
    // The provider has one more user (not polled yet) and one fewer (deleted): the counts agree...
    provider.add({ id: 'fresh', created_at: users.at(-1)!.created_at + 5, updated_at: 0 });
    provider.delete('u00000003');
    expect(provider.total).toBe(local.size);
    // ...so there is nothing to bisect until the poll has written the new user.
    expect((await find()).missing).toEqual([]);
    expect(provider.requestCount).toBe(0);
    local.set('fresh', users.at(-1)!.created_at + 5);
    expect((await find()).missing).toEqual(['u00000003']);
  });

  it('lists a single millisecond holding more than a page with the cursor', async () => {
    const users = makeUsers(1800, 1_700_000_000_000, 0);
    const { provider, find } = setUp(users);
    provider.delete('u00001234');
    const result = await find();
    expect(result.missing).toEqual(['u00001234']);
    expect(result.listed).toHaveLength(1799);
  });
});
