// The range paths against the Clerk-compatible server, on PGlite and on real Postgres: the
// parallel backfill (partition edges on a millisecond shared by hundreds of users, faults,
// churn while it walks) and deletions found by range counts (edges, sign-ups racing the
// counts, the mass-deletion guard), with the requests they cost counted by the server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { SyncEngine } from '../../electron/core/sync/engine.js';
import { MassDeletionGuardError } from '../../electron/core/sync/errors.js';
import { PartitionStore } from '../../electron/core/sync/partition-store.js';
import { planPartitions, plannedPartitionCount } from '../../electron/core/sync/partitioned-backfill.js';
import { backfillByRanges } from '../../electron/core/sync/range-backfill.js';
import { RequestPacing } from '../../electron/core/sync/request-pacing.js';
import { UsersStore } from '../../electron/core/sync/users-store.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { clearSerenAuth, testTargets } from '../support/targets.js';
import { waitFor } from '../support/wait.js';

const PAGE = 500;

function clerkFor(server: ClerkServer, timeoutMs = 2000) {
  return new ClerkProvider({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url, timeoutMs, maxAttempts: 6 });
}

function engineFor(db: OpenedDatabase, server: ClerkServer, timeoutMs = 2000) {
  return new SyncEngine({ db, provider: clerkFor(server, timeoutMs), pollIntervalMs: 50 });
}

async function activeRows(db: OpenedDatabase): Promise<{ id: string; updated_at: Date }[]> {
  return (await db.query<{ id: string; updated_at: Date }>('SELECT id, updated_at FROM seren_auth.users_sync WHERE deleted_at IS NULL ORDER BY id')).rows;
}

/** The table's active rows are exactly the server's users, each at its current version. */
async function expectMirrors(db: OpenedDatabase, server: ClerkServer) {
  const users = server.store.listAll();
  const rows = await activeRows(db);
  expect(rows.map((r) => r.id)).toEqual(users.map((u) => u.id).sort());
  const updated = new Map(users.map((u) => [u.id, u.updated_at]));
  for (const r of rows) expect(r.updated_at.getTime()).toBe(updated.get(r.id));
}

const listRequests = (server: ClerkServer, from: number) =>
  server.requestLog.slice(from).filter((e) => e.path === '/v1/users').map((e) => new URLSearchParams(e.query));

for (const target of testTargets) {
  describe.skipIf(target.skip)(`range paths on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    let server: ClerkServer;

    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
    });
    afterAll(async () => cleanup?.());
    afterEach(async () => {
      await server?.close();
      await clearSerenAuth(db);
    });

    it('backfills partitions whose edge falls on a millisecond shared by 600 users, through faults', async () => {
      server = await startClerkServer({ users: 3000, seed: 21, rateLimit: false });
      const provider = clerkFor(server);
      const now = Date.now();
      const oldest = server.store.listAll()[0].created_at;
      const total = 3000 + 600 + 300;
      const workers = new RequestPacing({ budget: () => provider.rateBudget() }).plannedWorkers();
      const edge = planPartitions(oldest, now, plannedPartitionCount(total, PAGE, workers))[1].from!;
      // An import on the edge's millisecond, and another on the one before it (the previous partition's last).
      for (let i = 0; i < 600; i++) server.store.createUser({ created_at: edge });
      for (let i = 0; i < 300; i++) server.store.createUser({ created_at: edge - 1 });
      server.faults.rateLimit({ times: 1, retryAfter: 1, route: 'list_users' });
      server.faults.serverError({ times: 1, route: 'list_users' });
      server.faults.resetMidBody({ times: 1, route: 'list_users' });

      const store = new UsersStore(db);
      const partitions = new PartitionStore(db, 'clerk');
      const written = await backfillByRanges({
        source: provider.createdRange, mapUser: (raw) => provider.mapUser(raw), pageSize: PAGE,
        budget: () => provider.rateBudget(), partitions, total, alreadyDone: 0, onProgress: () => {}, now: () => now,
        commit: async (users, also) => {
          const result = await store.writePage(users, null, also);
          return { inserted: result.inserted, updated: result.updated, quarantined: result.quarantined.length };
        },
      });
      expect(written.inserted).toBe(total);
      await expectMirrors(db, server);
      // The edge really was a partition edge: one partition ended before it, the next began on it.
      const requests = listRequests(server, 0);
      expect(requests.some((q) => q.get('created_at_before') === String(edge))).toBe(true);
      expect(requests.some((q) => q.get('created_at_after') === String(edge - 1))).toBe(true);
      expect((await partitions.load()).every((p) => p.done)).toBe(true);
      expect(new Set(server.requestLog.map((e) => e.fault).filter(Boolean))).toEqual(new Set(['rate_limit', 'server_error', 'reset_mid_body']));
    });

    it('converges when users are created, updated and deleted while the partitions are walked', async () => {
      server = await startClerkServer({ users: 4000, seed: 22, rateLimit: false });
      let changes = 0;
      server.faults.beforeListPage(({ params, store }) => {
        if (!params.has('created_at_after') && !params.has('created_at_before')) return;
        if (changes++ >= 6) return;
        const all = store.listAll();
        store.createUser();
        store.updateUser(all[(changes * 613) % all.length].id);
        store.deleteUser(all[(changes * 977) % all.length].id);
      });
      const summary = await engineFor(db, server).syncOnce();
      expect(changes).toBeGreaterThan(1);
      expect(summary.inserted).toBeGreaterThanOrEqual(4000);
      await expectMirrors(db, server);
    });

    it('finds one deletion among 12,000 users in under 20 requests, where a full walk takes 25', async () => {
      server = await startClerkServer({ users: 12_000, seed: 23, rateLimit: false });
      await engineFor(db, server).syncOnce();
      const gone = server.store.listAll()[7777].id;
      server.store.deleteUser(gone);
      const before = server.requestsServed.total;
      const logStart = server.requestLog.length;
      const summary = await engineFor(db, server).syncOnce();
      expect(summary.deleted).toBe(1);
      const served = server.requestsServed.total - before;
      expect(served).toBeLessThan(20);
      // No full walk: every listing was of a created-at range.
      const walks = listRequests(server, logStart).filter((q) => q.get('order_by')?.trim().replace(/^\+/, '') === 'created_at');
      expect(walks.every((q) => q.has('created_at_after') || q.has('created_at_before'))).toBe(true);
      await expectMirrors(db, server);
    });

    it('finds deletions at the edges: the oldest, the newest, and one of 200 users on one millisecond', async () => {
      server = await startClerkServer({ users: 2500, seed: 24, rateLimit: false });
      const all = server.store.listAll();
      const sharedMs = all[1250].created_at;
      for (let i = 0; i < 200; i++) server.store.createUser({ created_at: sharedMs });
      await engineFor(db, server).syncOnce();
      const onShared = server.store.listAll().filter((u) => u.created_at === sharedMs);
      const gone = [all[0].id, all.at(-1)!.id, onShared[0].id, onShared.at(-1)!.id];
      for (const id of gone) server.store.deleteUser(id);
      const before = server.requestsServed.total;
      const summary = await engineFor(db, server).syncOnce();
      expect(summary.deleted).toBe(4);
      expect(server.requestsServed.total - before).toBeLessThan(2700 / PAGE + 1 + 20);
      await expectMirrors(db, server);
    });

    it('never marks a user deleted who was created while the ranges were counted and listed', async () => {
      server = await startClerkServer({ users: 3000, seed: 25, rateLimit: false });
      await engineFor(db, server).syncOnce();
      const all = server.store.listAll();
      server.store.deleteUser(all[100].id);
      // Sign-ups during the check, in the oldest range (where the deletion is) and at the newest end.
      let created = 0;
      server.faults.beforeListPage(({ params, store }) => {
        if (!params.has('created_at_before') || created >= 4) return;
        created++;
        store.createUser({ created_at: all[100].created_at });
        store.createUser();
      });
      const summary = await engineFor(db, server).syncOnce();
      expect(summary.deleted).toBe(1);
      const deleted = (await db.query<{ id: string }>('SELECT id FROM seren_auth.users_sync WHERE deleted_at IS NOT NULL')).rows.map((r) => r.id);
      expect(deleted).toEqual([all[100].id]);
      // The sign-ups come in with the next poll.
      await engineFor(db, server).syncOnce();
      await expectMirrors(db, server);
    });

    it('shows changes within a poll while the backfill and a bisection wait on the provider', async () => {
      server = await startClerkServer({ users: 3000, seed: 27, rateLimit: false });
      const rangedList = (params: URLSearchParams) => params.has('created_at_after') || params.has('created_at_before');
      let release!: () => void;
      let held = 0;
      let gate = new Promise<void>((resolve) => (release = resolve));
      const stop = server.faults.beforeListPage(async ({ params }) => {
        if (!rangedList(params)) return;
        held++;
        await gate;
      });
      // Held requests must not time out meanwhile.
      const engine = engineFor(db, server, 60_000);
      const abort = new AbortController();
      const watching = engine.watch(abort.signal);
      const hasRow = async (id: string, updatedAt?: number) => {
        const { rows } = await db.query<{ updated_at: Date }>('SELECT updated_at FROM seren_auth.users_sync WHERE id = $1 AND deleted_at IS NULL', [id]);
        return rows.length === 1 && (updatedAt === undefined || rows[0].updated_at.getTime() === updatedAt);
      };
      try {
        // The backfill's partition pages are held: a sign-up and an update still arrive.
        await waitFor(() => held > 0, 'the backfill to ask for a partition page');
        const signUp = server.store.createUser({ first_name: 'DuringBackfill' });
        const changed = server.store.updateUser(server.store.listAll()[10].id);
        await waitFor(() => hasRow(signUp.id), 'the sign-up during the backfill');
        await waitFor(() => hasRow(changed.id, changed.updated_at), 'the update during the backfill');
        expect(engine.status.state).toBe('backfilling');
        release();
        await waitFor(async () => (await activeRows(db)).length === 3001 && engine.status.state === 'watching', 'the backfill to finish');

        // A deletion: the bisection's listing is held, and another sign-up still arrives.
        gate = new Promise<void>((resolve) => (release = resolve));
        held = 0;
        const gone = server.store.listAll()[1500].id;
        server.store.deleteUser(gone);
        await waitFor(() => held > 0, 'the bisection to list a range');
        const second = server.store.createUser({ first_name: 'DuringBisection' });
        await waitFor(() => hasRow(second.id), 'the sign-up during the bisection');
        expect(await hasRow(gone)).toBe(true);
        release();
        await waitFor(async () => !(await hasRow(gone)), 'the deletion');
        await expectMirrors(db, server);
      } finally {
        release();
        stop();
        abort.abort();
        await watching;
      }
    });

    it('walks the periodic full scan in created-at partitions and finds a deletion the count hides', async () => {
      server = await startClerkServer({ users: 6000, seed: 27, rateLimit: false });
      await engineFor(db, server).syncOnce();
      // A deletion and a sign-up: the counts agree, only a full scan finds the deletion.
      const gone = server.store.listAll()[2222].id;
      server.store.deleteUser(gone);
      server.store.createUser();
      const logStart = server.requestLog.length;
      const summary = await new SyncEngine({ db, provider: clerkFor(server), pollIntervalMs: 50, reconcileIntervalMs: 0 }).syncOnce();
      expect(summary.deleted).toBe(1);
      // Several partitions, each a created-at range of its own (walked at once, as the backfill is).
      const scanRanges = new Set(listRequests(server, logStart).filter((q) => q.has('created_at_after') || q.has('created_at_before'))
        .map((q) => `${q.get('created_at_after')}..${q.get('created_at_before')}`));
      expect(scanRanges.size).toBeGreaterThan(1);
      await expectMirrors(db, server);
    });

    it('stops at the mass-deletion guard from the counts alone: nothing deleted, no walk', async () => {
      server = await startClerkServer({ users: 1500, seed: 26, rateLimit: false });
      await engineFor(db, server).syncOnce();
      for (const u of server.store.listAll().slice(0, 900)) server.store.deleteUser(u.id);
      const logStart = server.requestLog.length;
      await expect(engineFor(db, server).syncOnce()).rejects.toBeInstanceOf(MassDeletionGuardError);
      expect((await activeRows(db)).length).toBe(1500);
      const walks = listRequests(server, logStart).filter((q) => q.get('order_by')?.trim().replace(/^\+/, '') === 'created_at');
      expect(walks).toEqual([]);
    });
  });
}
