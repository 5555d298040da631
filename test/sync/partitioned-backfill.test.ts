// The parallel backfill against an in-memory provider and ledger: every user exactly once,
// across partition edges that fall on a millisecond shared by hundreds of users, with several
// requests in flight, and resumed after a crash from every partition's last commit.
import { describe, expect, it } from 'vitest';
import { planPartitions, plannedPartitionCount, runPartitionedBackfill, type PartitionLedger } from '../../electron/core/sync/partitioned-backfill.js';
import type { Partition } from '../../electron/core/sync/partition-store.js';
import type { MappedUser } from '../../electron/core/providers/provider.js';
import { RequestPacing } from '../../electron/core/sync/request-pacing.js';
import { FakeRangeProvider, makeUsers, mapFakeUser, type FakeUser } from '../support/range-fake.js';
import { waitFor } from '../support/wait.js';
import { MAX_PAGES_HELD, MIN_PAGES_HELD } from '../../electron/core/sync/held-pages.js';

class MemoryLedger implements PartitionLedger {
  partitions = new Map<number, Partition>();
  readonly rows = new Map<string, MappedUser>();
  /** Every user id in the order pages were committed (duplicates show here). */
  readonly commits: string[] = [];
  crashAfterCommits = Infinity;

  async load() {
    return [...this.partitions.values()].map((p) => ({ ...p }));
  }

  async replace(partitions: Partition[]) {
    this.partitions = new Map(partitions.map((p) => [p.id, { ...p }]));
  }

  async split(shrunk: Partition, added: Partition) {
    this.partitions.get(shrunk.id)!.to = shrunk.to;
    this.partitions.set(added.id, { ...added });
  }

  async commitPage(users: MappedUser[], checkpoint: Pick<Partition, 'id' | 'cursor' | 'done'>) {
    if (this.commits.length >= this.crashAfterCommits) throw new Error('killed');
    let inserted = 0;
    for (const u of users) {
      if (!this.rows.has(u.id)) inserted++;
      this.rows.set(u.id, u);
      this.commits.push(u.id);
    }
    Object.assign(this.partitions.get(checkpoint.id)!, { cursor: checkpoint.cursor, done: checkpoint.done });
    return { inserted, updated: users.length - inserted };
  }
}

/** A production-sized budget: with 10 ms per page it calls for several workers. */
const budget = () => ({ used: 0, limit: 5000, windowMs: 10_000 });

function run(provider: FakeRangeProvider, ledger: MemoryLedger, now: number, pageSize = 100) {
  return runPartitionedBackfill({
    source: provider, ledger, pacing: new RequestPacing({ budget }), mapUser: mapFakeUser, pageSize,
    expectedUsers: provider.total, now: () => now,
  });
}

describe('planPartitions', () => {
  it('covers everything from the beginning to an open end with integer millisecond edges', () => {
    const plan = planPartitions(1000, 2000, 4);
    expect(plan.map((p) => [p.from, p.to])).toEqual([[null, 1250], [1250, 1500], [1500, 1750], [1750, null]]);
    expect(planPartitions(null, 2000, 8).map((p) => [p.from, p.to])).toEqual([[null, null]]);
    // A span narrower than the partitions asked for: no empty or repeated edges.
    expect(planPartitions(1000, 1003, 8).map((p) => [p.from, p.to])).toEqual([[null, 1001], [1001, 1002], [1002, null]]);
  });
});

describe('runPartitionedBackfill', () => {
  it('reads every user once with several requests in flight', async () => {
    const users = makeUsers(5000, 1_700_000_000_000, 1000);
    const provider = new FakeRangeProvider(users);
    let inFlight = 0;
    let maxInFlight = 0;
    provider.beforeRequest = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
    };
    const ledger = new MemoryLedger();
    await run(provider, ledger, users.at(-1)!.created_at + 1);
    expect(ledger.rows.size).toBe(5000);
    expect(ledger.commits).toHaveLength(5000);
    expect(maxInFlight).toBeGreaterThan(1);
    expect([...ledger.partitions.values()].every((p) => p.done)).toBe(true);
  });

  it('keeps asking for pages while the database writes, and holds no more than its bound when the database stalls', async () => {
    const users = makeUsers(20_000, 1_700_000_000_000, 1000);
    const provider = new FakeRangeProvider(users);
    // The plan's first request (the oldest user) is not a page.
    let requested = -1;
    let committed = 0;
    let mostHeld = 0;
    provider.beforeRequest = async () => {
      requested++;
      mostHeld = Math.max(mostHeld, requested - committed);
      // A round trip long enough for the budget to call for more workers than the bound.
      await new Promise((r) => setTimeout(r, 30));
    };
    let release!: () => void;
    const stalled = new Promise<void>((r) => (release = r));
    const ledger = new MemoryLedger();
    const commitPage = ledger.commitPage.bind(ledger);
    ledger.commitPage = async (page, checkpoint) => {
      if (committed >= 20) await stalled;
      committed++;
      return commitPage(page, checkpoint);
    };
    const done = run(provider, ledger, users.at(-1)!.created_at + 1);
    // The database stalls: the walk keeps asking ahead — past the least it holds, since requests
    // take longer than the commits came — then waits at its bound.
    await waitFor(() => requested - committed > MIN_PAGES_HELD, `more than ${MIN_PAGES_HELD} pages held while the database stalls`);
    release();
    await done;
    expect(mostHeld).toBeLessThanOrEqual(MAX_PAGES_HELD);
    expect(ledger.rows.size).toBe(20_000);
  });

  it('loses and repeats nobody when an import of hundreds shares the millisecond of a partition edge', async () => {
    const start = 1_700_000_000_000;
    const end = start + 4_000_000;
    // Imports on an edge of the first plan and next to it.
    const count = plannedPartitionCount(4000, 100, new RequestPacing({ budget }).plannedWorkers());
    expect(count).toBeGreaterThan(3);
    const edge = planPartitions(start, end, count)[3].from!;
    const users: FakeUser[] = [
      ...makeUsers(3000, start, 1000),
      ...makeUsers(700, edge, 0, 'i'),
      ...makeUsers(300, edge - 1, 0, 'j'),
    ];
    const provider = new FakeRangeProvider(users);
    const ledger = new MemoryLedger();
    await run(provider, ledger, end);
    expect(ledger.rows.size).toBe(4000);
    expect(ledger.commits).toHaveLength(4000);
  });

  it('splits the partition with the most time ahead when one partition holds most users', async () => {
    const start = 1_700_000_000_000;
    // 90% of the users in the last tenth of the time span: the first plan is badly balanced.
    const users = [...makeUsers(500, start, 10_000, 'a'), ...makeUsers(4500, start + 5_000_000, 100, 'b')];
    const provider = new FakeRangeProvider(users);
    provider.beforeRequest = () => new Promise((r) => setTimeout(r, 2));
    const ledger = new MemoryLedger();
    await run(provider, ledger, start + 5_450_000);
    expect(ledger.rows.size).toBe(5000);
    expect(ledger.commits).toHaveLength(5000);
    // Partitions were added by splits, and together they still cover the whole range.
    const plan = [...ledger.partitions.values()].sort((a, b) => (a.from ?? -Infinity) - (b.from ?? -Infinity));
    expect(plan.length).toBeGreaterThan(plannedPartitionCount(5000, 100, new RequestPacing({ budget }).plannedWorkers()));
    for (let i = 1; i < plan.length; i++) expect(plan[i].from).toBe(plan[i - 1].to);
    expect(plan[0].from).toBeNull();
    expect(plan.at(-1)!.to).toBeNull();
  });

  it('resumes every partition after a crash, with fewer requests than a full walk and no user twice', async () => {
    const users = makeUsers(6000, 1_700_000_000_000, 1000);
    const provider = new FakeRangeProvider(users);
    provider.beforeRequest = () => new Promise((r) => setTimeout(r, 10));
    const ledger = new MemoryLedger();
    ledger.crashAfterCommits = 2500;
    const now = users.at(-1)!.created_at + 1;
    await expect(run(provider, ledger, now)).rejects.toThrow('killed');
    const committed = new Set(ledger.commits);
    const partly = [...ledger.partitions.values()].filter((p) => !p.done && p.cursor !== null);
    expect(partly.length).toBeGreaterThan(1);

    ledger.crashAfterCommits = Infinity;
    const before = provider.requestCount;
    ledger.commits.length = 0;
    await run(provider, ledger, now);
    expect(ledger.rows.size).toBe(6000);
    // The resumed run read only what was not committed (a page in flight at the crash at most per partition).
    const reread = ledger.commits.filter((id) => committed.has(id));
    expect(reread).toEqual([]);
    expect(provider.requestCount - before).toBeLessThan(6000 / 100);
  });

  it('follows users created, updated and deleted while it walks', async () => {
    const users = makeUsers(3000, 1_700_000_000_000, 1000);
    const provider = new FakeRangeProvider(users);
    let step = 0;
    provider.beforeRequest = (kind) => {
      if (kind !== 'walk' || step >= 20) return;
      step++;
      provider.add({ id: `new${step}`, created_at: users.at(-1)!.created_at + step, updated_at: 0 });
      provider.update(users[step * 100].id, 1_800_000_000_000 + step);
      provider.delete(users[2999 - step].id);
    };
    const ledger = new MemoryLedger();
    await run(provider, ledger, users.at(-1)!.created_at + 1);
    // Every user alive at the end is there (deleted ones may be too: the deletion check's job).
    for (const u of provider.all) expect(ledger.rows.has(u.id)).toBe(true);
    expect(new Set(ledger.commits).size).toBe(ledger.commits.length);
  });
});
