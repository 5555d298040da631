// The deletion check by range counts: marks exactly the missing users, refreshes what it read,
// stops at the mass-deletion guard before any request, and hands a huge difference to a walk.
import { describe, expect, it } from 'vitest';
import { MassDeletionGuardError } from '../../electron/core/sync/errors.js';
import { deleteByRangeCounts, exceedsDeletionGuard, type RangeDeletionDeps } from '../../electron/core/sync/range-deletions.js';
import type { MappedUser } from '../../electron/core/providers/provider.js';
import { FakeLocalRanges, FakeRangeProvider, makeUsers, mapFakeUser } from '../support/range-fake.js';

function setUp(count: number, pageSize = 500) {
  const users = makeUsers(count);
  const provider = new FakeRangeProvider(users);
  const local = new FakeLocalRanges(users);
  const written: MappedUser[] = [];
  const marked: string[] = [];
  const deps: RangeDeletionDeps = {
    source: provider, local, mapUser: mapFakeUser, pageSize,
    write: async (batch) => {
      written.push(...batch);
      return { inserted: 0, updated: 0 };
    },
    markDeleted: async (ids) => {
      marked.push(...ids);
      for (const id of ids) local.delete(id);
      return ids.length;
    },
  };
  return { users, provider, local, deps, written, marked };
}

describe('deleteByRangeCounts', () => {
  it('marks the deleted users and refreshes the rows its listings read', async () => {
    const { provider, local, deps, written, marked } = setUp(50_000);
    provider.delete('u00031337');
    const result = await deleteByRangeCounts(deps, local.size, provider.total, false);
    expect(result).toMatchObject({ kind: 'checked', missing: ['u00031337'], deleted: 1 });
    expect(marked).toEqual(['u00031337']);
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThanOrEqual(500);
  });

  it('stops at the guard before any request when the counts say more than half are gone', async () => {
    const { provider, local, deps, marked } = setUp(1000);
    for (const u of provider.all.slice(0, 600)) provider.delete(u.id);
    await expect(deleteByRangeCounts(deps, local.size, provider.total, false)).rejects.toBeInstanceOf(MassDeletionGuardError);
    expect(provider.requestCount).toBe(0);
    expect(marked).toEqual([]);
    // Allowed by the user: so many deletions are cheaper to find with a full walk.
    expect(await deleteByRangeCounts(deps, local.size, provider.total, true)).toEqual({ kind: 'walk' });
  });

  it('stops at the guard when the listings find more missing than the counts said', async () => {
    // Pages of 600: the newer half of 1000 rows is listed after one count.
    const { provider, local, deps, marked } = setUp(1000, 600);
    // The counts differ by one, but the provider loses everyone before the listing.
    provider.delete('u00000900');
    provider.beforeRequest = (kind) => {
      if (kind === 'walk') for (const u of [...provider.all]) provider.delete(u.id);
    };
    await expect(deleteByRangeCounts(deps, local.size, provider.total, false)).rejects.toBeInstanceOf(MassDeletionGuardError);
    expect(marked).toEqual([]);
  });

  it('hands a difference too large to bisect cheaply to a full walk', async () => {
    const { provider, local, deps } = setUp(5000);
    for (const u of provider.all.filter((_, i) => i % 50 === 0)) provider.delete(u.id);
    expect(await deleteByRangeCounts(deps, local.size, provider.total, false)).toEqual({ kind: 'walk' });
    expect(provider.requestCount).toBe(0);
  });

  it('does nothing when the provider has more users than the table (new users the poll will bring)', async () => {
    const { provider, local, deps } = setUp(100);
    provider.add({ id: 'zzz', created_at: 1_800_000_000_000, updated_at: 0 });
    expect(await deleteByRangeCounts(deps, local.size, provider.total, false)).toMatchObject({ kind: 'checked', missing: [] });
    expect(provider.requestCount).toBe(0);
  });
});

describe('exceedsDeletionGuard', () => {
  it('allows a few deletions in a small table and up to half of a large one', () => {
    expect(exceedsDeletionGuard(10, 12)).toBe(false);
    expect(exceedsDeletionGuard(11, 12)).toBe(true);
    expect(exceedsDeletionGuard(500, 1000)).toBe(false);
    expect(exceedsDeletionGuard(501, 1000)).toBe(true);
  });
});
