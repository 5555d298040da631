// The sync engine against the Clerk-compatible server, on PGlite and on real Postgres.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/sync/engine.js';
import { InstanceMismatchError, MassDeletionGuardError } from '../../electron/core/sync/errors.js';
import { USERS_CHANGED_CHANNEL } from '../../electron/core/sync/users-store.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { applicationName } from '../../electron/core/db/postgres.js';
import { clearSerenAuth, testTargets } from '../support/targets.js';
import { waitFor } from '../support/wait.js';

/** The engine's advisory lock class (engine-lock.ts), as pg_locks shows it (unsigned). */
const ENGINE_LOCK_CLASSID = 0x5e4e_a075;

interface Row {
  id: string; name: string | null; email: string | null; created_at: Date; updated_at: Date; deleted_at: Date | null; raw_json: unknown;
}

async function rows(db: OpenedDatabase): Promise<Row[]> {
  return (await db.query<Row>('SELECT * FROM seren_auth.users_sync ORDER BY id')).rows;
}

function engineFor(db: OpenedDatabase, server: ClerkServer, extra: Partial<SyncEngineOptions> = {}) {
  const provider = new ClerkProvider({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url, timeoutMs: 1000, maxAttempts: 6 });
  return new SyncEngine({ db, provider, pollIntervalMs: 50, ...extra });
}

/** The table holds exactly the server's users, with the contract's columns. */
async function expectMirrors(db: OpenedDatabase, server: ClerkServer) {
  const users = server.store.listAll();
  const active = (await rows(db)).filter((r) => r.deleted_at === null);
  expect(active.map((r) => r.id).sort()).toEqual(users.map((u) => u.id).sort());
  const byId = new Map(active.map((r) => [r.id, r]));
  for (const u of users) {
    const row = byId.get(u.id)!;
    expect(row.raw_json).toEqual(JSON.parse(JSON.stringify(u)));
    expect(row.created_at.getTime()).toBe(u.created_at);
    expect(row.updated_at.getTime()).toBe(u.updated_at);
  }
}

for (const target of testTargets) {
  describe.skipIf(target.skip)(`sync engine on ${target.name}`, () => {
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

    it('backfills every user through 429s, 500s, HTML 502s, resets and stalls', async () => {
      server = await startClerkServer({ users: 1234, seed: 7, rateLimit: false });
      server.faults.rateLimit({ times: 1, retryAfter: 1 });
      server.faults.serverError({ times: 1 });
      server.faults.badGatewayHtml({ times: 1 });
      server.faults.resetMidBody({ times: 1, route: 'list_users' });
      server.faults.stall({ times: 1, route: 'list_users' });
      const engine = engineFor(db, server);
      const summary = await engine.syncOnce();
      expect(summary.inserted).toBe(1234);
      await expectMirrors(db, server);
      const faulted = server.requestLog.filter((r) => r.fault).map((r) => r.fault);
      expect(new Set(faulted)).toEqual(new Set(['rate_limit', 'server_error', 'bad_gateway_html', 'reset_mid_body', 'stall']));
    });

    it('converges when users are created, updated and deleted between the pages it reads', async () => {
      server = await startClerkServer({ users: 2200, seed: 14, rateLimit: false });
      let changes = 0;
      const stop = server.faults.beforeListPage(({ store, page }) => {
        if (page === 0 || changes >= 8) return;
        const all = store.listAll();
        store.createUser();
        store.updateUser(all[Math.floor(all.length / 3)].id);
        store.deleteUser(all[page * 7].id);
        changes++;
      });
      try {
        await engineFor(db, server).syncOnce();
      } finally {
        stop();
      }
      expect(changes).toBeGreaterThan(3);
      await expectMirrors(db, server);
    });

    it.skipIf(target.name !== 'pglite')('vacuums the table after a large write, since PGlite has no autovacuum', async () => {
      server = await startClerkServer({ users: 1200, seed: 19, rateLimit: false });
      await engineFor(db, server).syncOnce();
      // A vacuumed table's pages are all-visible: counts read the index, not the heap.
      const { rows: [vm] } = await db.query<{ all_visible: number; pages: number }>(
        `SELECT relallvisible AS all_visible, relpages AS pages FROM pg_class WHERE oid = 'seren_auth.users_sync'::regclass`);
      expect(vm.pages).toBeGreaterThan(0);
      expect(vm.all_visible).toBe(vm.pages);
    });

    it('maps name and primary email as the contract says', async () => {
      server = await startClerkServer({ users: 0, rateLimit: false });
      const both = server.store.createUser({ first_name: 'Ada', last_name: 'Lovelace', username: 'ada' });
      const lastOnly = server.store.createUser({ first_name: '', last_name: 'Hopper', username: 'grace' });
      const userOnly = server.store.createUser({ first_name: null, last_name: null, username: 'only_user' });
      const nobody = server.store.createUser({ first_name: null, last_name: null, username: null });
      await engineFor(db, server).syncOnce();
      const byId = new Map((await rows(db)).map((r) => [r.id, r]));
      expect(byId.get(both.id)!.name).toBe('Ada Lovelace');
      expect(byId.get(lastOnly.id)!.name).toBe('Hopper');
      expect(byId.get(userOnly.id)!.name).toBe('only_user');
      expect(byId.get(nobody.id)!.name).toBeNull();
      for (const u of server.store.listAll()) {
        const primary = u.email_addresses.find((e) => e.id === u.primary_email_address_id);
        expect(byId.get(u.id)!.email).toBe(primary ? primary.email_address : null);
      }
    });

    it('converges after creates, updates and deletes (soft), and revives a user that returns', async () => {
      server = await startClerkServer({ users: 300, seed: 3, rateLimit: false });
      const engine = engineFor(db, server);
      await engine.syncOnce();
      const all = server.store.listAll();
      const created = server.store.createUser();
      const updated = server.store.updateUser(all[10].id, { first_name: 'Renamed' });
      const removed = all[20];
      server.store.deleteUser(removed.id);
      const summary = await engine.syncOnce();
      expect(summary).toMatchObject({ inserted: 1, deleted: 1 });
      await expectMirrors(db, server);
      const gone = (await rows(db)).find((r) => r.id === removed.id)!;
      expect(gone.deleted_at).not.toBeNull();
      expect(gone.raw_json).toEqual(JSON.parse(JSON.stringify(removed)));
      expect((await rows(db)).find((r) => r.id === updated.id)!.name).toBe(`Renamed${updated.last_name ? ` ${updated.last_name}` : ''}`);
      expect((await rows(db)).some((r) => r.id === created.id)).toBe(true);

      // The user comes back at the provider (same id, a newer version).
      server.store.createUser({ ...removed } as never);
      server.store.updateUser(removed.id);
      await engine.syncOnce();
      expect((await rows(db)).find((r) => r.id === removed.id)!.deleted_at).toBeNull();
    });

    it('deletes rows in hard mode so ON DELETE CASCADE reaches app tables', async () => {
      server = await startClerkServer({ users: 40, seed: 4, rateLimit: false });
      const engine = engineFor(db, server, { deletionMode: 'hard' });
      await engine.syncOnce();
      await db.query('CREATE TABLE IF NOT EXISTS public.engine_posts (id serial primary key, author_id text REFERENCES seren_auth.users_sync(id) ON DELETE CASCADE)');
      const victim = server.store.listAll()[5];
      await db.query('INSERT INTO public.engine_posts (author_id) VALUES ($1)', [victim.id]);
      server.store.deleteUser(victim.id);
      await engine.syncOnce();
      expect((await rows(db)).some((r) => r.id === victim.id)).toBe(false);
      expect((await db.query('SELECT * FROM public.engine_posts WHERE author_id = $1', [victim.id])).rows).toHaveLength(0);
      await db.query('DROP TABLE public.engine_posts');
    });

    it('does not rewrite rows whose content did not change', async () => {
      server = await startClerkServer({ users: 120, seed: 15, rateLimit: false });
      await engineFor(db, server).syncOnce();
      const versions = async () => (await db.query<{ id: string; v: string }>('SELECT id, xmin::text AS v FROM seren_auth.users_sync ORDER BY id')).rows;
      const before = await versions();
      const changed = server.store.updateUser(server.store.listAll()[0].id);
      // A full reconciliation re-reads every user: only the one that changed is written.
      const summary = await engineFor(db, server, { reconcileIntervalMs: 0 }).syncOnce();
      expect(summary.updated).toBe(1);
      const after = await versions();
      const rewritten = after.filter((row, i) => row.v !== before[i].v).map((row) => row.id);
      expect(rewritten).toEqual([changed.id]);
    });

    it('never rolls a user back to an older version', async () => {
      server = await startClerkServer({ users: 5, seed: 5, rateLimit: false });
      const engine = engineFor(db, server);
      await engine.syncOnce();
      const user = server.store.listAll()[0];
      const newer = server.store.updateUser(user.id, { first_name: 'Newer' });
      await engine.syncOnce();
      // A stale page (the old version) arriving late must not overwrite the newer row.
      const { UsersStore } = await import('../../electron/core/sync/users-store.js');
      const store = new UsersStore(db);
      const stale = new ClerkProvider({ secretKey: DEMO_SECRET_KEY }).mapUser(user);
      const result = await store.writePage([stale], null);
      expect(result.updated).toBe(0);
      const row = (await rows(db)).find((r) => r.id === user.id)!;
      expect(row.updated_at.getTime()).toBe(newer.updated_at);
      expect((row.raw_json as { first_name: string }).first_name).toBe('Newer');
    });

    it('writes a page that lists the same user twice (offset pages while users change)', async () => {
      server = await startClerkServer({ users: 3, seed: 17, rateLimit: false });
      const provider = new ClerkProvider({ secretKey: DEMO_SECRET_KEY });
      const [a, b] = server.store.listAll();
      const newerA = server.store.updateUser(a.id, { first_name: 'Newest' });
      const { UsersStore } = await import('../../electron/core/sync/users-store.js');
      const result = await new UsersStore(db).writePage([a, b, newerA].map((u) => provider.mapUser(u)), null);
      expect(result.inserted).toBe(2);
      const row = (await rows(db)).find((r) => r.id === a.id)!;
      expect((row.raw_json as { first_name: string }).first_name).toBe('Newest');
    });

    it('quarantines a record the database rejects and writes the others', async () => {
      server = await startClerkServer({ users: 50, seed: 6, rateLimit: false });
      const bad = server.store.createUser({ first_name: 'Nul\u0000Byte' });
      await engineFor(db, server).syncOnce();
      const ids = (await rows(db)).map((r) => r.id);
      expect(ids).toHaveLength(50);
      expect(ids).not.toContain(bad.id);
      const q = await db.query<{ user_id: string; error: string }>('SELECT user_id, error FROM seren_auth.quarantine');
      expect(q.rows.map((r) => r.user_id)).toEqual([bad.id]);
      expect(q.rows[0].error).toMatch(/unicode|\\u0000|null/i);
      // Counted as present at the provider: a later sync does not loop on reconciliations.
      const before = server.requestLog.length;
      await engineFor(db, server).syncOnce();
      const listCalls = server.requestLog.slice(before).filter((r) => r.path === '/v1/users').length;
      expect(listCalls).toBeLessThanOrEqual(2);
    });

    it('refuses a reconciliation that would delete more than half the users', async () => {
      server = await startClerkServer({ users: 60, seed: 8, rateLimit: false });
      const engine = engineFor(db, server);
      await engine.syncOnce();
      for (const u of server.store.listAll().slice(0, 40)) server.store.deleteUser(u.id);
      await expect(engine.syncOnce()).rejects.toBeInstanceOf(MassDeletionGuardError);
      expect((await rows(db)).filter((r) => r.deleted_at !== null)).toHaveLength(0);
      await engineFor(db, server, { allowMassDelete: true }).syncOnce();
      expect((await rows(db)).filter((r) => r.deleted_at !== null)).toHaveLength(40);
    });

    it('in watch mode, waits after the guard stops it until the user allows the deletions', async () => {
      server = await startClerkServer({ users: 30, seed: 13, rateLimit: false });
      const engine = engineFor(db, server);
      const abort = new AbortController();
      const watching = engine.watch(abort.signal);
      try {
        await waitFor(() => engine.status.state === 'watching', 'the first sync');
        for (const u of server.store.listAll().slice(0, 20)) server.store.deleteUser(u.id);
        await waitFor(() => engine.status.state === 'guard_stopped', 'the guard to stop the engine');
        expect(engine.status.message).toMatch(/Nothing was deleted/);
        expect((await rows(db)).filter((r) => r.deleted_at !== null)).toHaveLength(0);
        engine.syncNow({ allowMassDelete: true });
        await waitFor(async () => (await rows(db)).filter((r) => r.deleted_at !== null).length === 20, 'the deletions to apply');
        await waitFor(() => engine.status.state === 'watching', 'the engine to watch again');
      } finally {
        abort.abort();
        await watching;
      }
    });

    it('pauses and resumes on request, and "sync now" runs a cycle at once', async () => {
      server = await startClerkServer({ users: 10, seed: 16, rateLimit: false });
      // A poll interval far beyond the test: only syncNow/resume can make it sync again.
      const engine = engineFor(db, server, { pollIntervalMs: 3_600_000 });
      const abort = new AbortController();
      const watching = engine.watch(abort.signal);
      try {
        await waitFor(() => engine.status.state === 'watching', 'the first sync');
        engine.pause();
        await waitFor(() => engine.status.state === 'paused', 'the pause');
        const fresh = server.store.createUser({ first_name: 'WhilePaused' });
        engine.resume();
        await waitFor(async () => (await rows(db)).some((r) => r.id === fresh.id), 'the resumed engine to sync the new user');
        const another = server.store.createUser({ first_name: 'SyncNow' });
        engine.syncNow();
        await waitFor(async () => (await rows(db)).some((r) => r.id === another.id), 'sync now to pick up the next user');
      } finally {
        abort.abort();
        await watching;
      }
    });

    it('refuses to sync another instance into the database unless reset', async () => {
      server = await startClerkServer({ users: 20, seed: 9, rateLimit: false });
      await engineFor(db, server).syncOnce();
      const other = await startClerkServer({ users: 5, seed: 10, instanceId: 'ins_other', rateLimit: false });
      try {
        await expect(engineFor(db, other).syncOnce()).rejects.toBeInstanceOf(InstanceMismatchError);
        await engineFor(db, other, { reset: true }).syncOnce();
        const active = (await rows(db)).filter((r) => r.deleted_at === null).map((r) => r.id).sort();
        expect(active).toEqual(other.store.listAll().map((u) => u.id).sort());
      } finally {
        await other.close();
      }
    });

    it.skipIf(target.name !== 'postgres')('lets one engine at a time sync a Postgres database; the second says who holds it', async () => {
      server = await startClerkServer({ users: 10, seed: 12, rateLimit: false });
      const first = engineFor(db, server);
      const abort = new AbortController();
      const watching = first.watch(abort.signal);
      await waitFor(() => first.status.state === 'watching', 'the first engine to watch');
      const second = engineFor(db, server);
      const messages: string[] = [];
      second.on('status', (s) => s.message && messages.push(s.message));
      const secondRun = second.syncOnce();
      await waitFor(() => messages.some((m) => /another engine is syncing this database \(seren-auth \(pid/.test(m)), 'the second engine to wait');
      abort.abort();
      await watching;
      await expect(secondRun).resolves.toMatchObject({ inserted: 0 });
    });

    it.skipIf(target.name !== 'postgres')('notices when the connection holding its lock drops, and takes the lock again', async () => {
      server = await startClerkServer({ users: 5, seed: 18, rateLimit: false });
      const engine = engineFor(db, server);
      const messages: string[] = [];
      engine.on('status', (s) => s.message && messages.push(s.message));
      const abort = new AbortController();
      const watching = engine.watch(abort.signal);
      try {
        await waitFor(() => engine.status.state === 'watching', 'the first sync');
        // Only this test's database and this process's engine lock: other test files share the server.
        const ours = `locktype = 'advisory' AND classid = ${ENGINE_LOCK_CLASSID} AND objid = 1 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND pid IN (SELECT pid FROM pg_stat_activity WHERE application_name = '${applicationName()}')`;
        const killed = await db.query<{ n: number }>(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_locks WHERE ${ours}`);
        expect(killed.rows[0].n).toBe(1);
        await waitFor(() => messages.some((m) => /engine lock dropped/.test(m)), 'the engine to notice');
        const held = async () => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE ${ours}`)).rows[0].n === 1;
        await waitFor(held, 'the lock to be taken again');
        const fresh = server.store.createUser();
        await waitFor(async () => (await rows(db)).some((r) => r.id === fresh.id), 'syncing to go on');
      } finally {
        abort.abort();
        await watching;
      }
    });

    it('notifies listeners after each committed batch and follows churn live', async () => {
      server = await startClerkServer({ users: 30, seed: 11, rateLimit: false });
      const payloads: { inserted: number; updated: number; deleted: number; ids: string[] }[] = [];
      const unlisten = await db.listen(USERS_CHANGED_CHANNEL, (p) => payloads.push(JSON.parse(p)));
      const engine = engineFor(db, server);
      const abort = new AbortController();
      const watching = engine.watch(abort.signal);
      try {
        // The backfill's pages, and the poll beside it (which may bring the newest user first).
        await waitFor(() => payloads.reduce((n, p) => n + p.inserted, 0) === 30, 'the backfill notifications');
        const fresh = server.store.createUser({ first_name: 'Live' });
        await waitFor(() => payloads.some((p) => p.ids.includes(fresh.id)), 'the live create');
        server.store.deleteUser(fresh.id);
        await waitFor(() => payloads.some((p) => p.deleted === 1 && p.ids.includes(fresh.id)), 'the live delete');
      } finally {
        abort.abort();
        await watching;
        await unlisten();
      }
      expect(engine.status.state).toBe('stopped');
    });
  });
}
