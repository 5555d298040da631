// The engine syncing Stack Auth's local server, on PGlite and Postgres: anonymous users are
// mirrored, full scans find updates (updated_at = when seen) and deletions, the deleted-cursor
// gotcha never deletes a live user, and a walk stopped midway resumes from its cursor.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StackProvider } from '../../electron/core/providers/stack/stack-provider.js';
import { STACK_DEMO_PROJECT_ID, STACK_DEMO_SECRET_SERVER_KEY, startStackServer, type StackServer } from '../../electron/core/demo/stack-server.js';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/sync/engine.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { clearSerenAuth, testTargets } from '../support/targets.js';

interface Row { id: string; name: string | null; email: string | null; created_at: Date; updated_at: Date | null; deleted_at: Date | null; raw_json: unknown }

const rows = async (db: OpenedDatabase) => (await db.query<Row>('SELECT * FROM seren_auth.users_sync ORDER BY id')).rows;

for (const target of testTargets) {
  describe.skipIf(target.skip)(`Stack Auth sync on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    let server: StackServer;

    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
    });
    afterAll(async () => cleanup?.());
    afterEach(async () => {
      await server?.close();
      await clearSerenAuth(db);
    });

    const engineFor = (extra: Partial<SyncEngineOptions> = {}) =>
      new SyncEngine({
        db,
        provider: new StackProvider({ projectId: STACK_DEMO_PROJECT_ID, secretServerKey: STACK_DEMO_SECRET_SERVER_KEY, apiUrl: server.url, rateShare: 1, timeoutMs: 2000,
          // A budget so large that the scan cadence it sizes is the minimum below.
          requestsPerWindow: 10_000_000 }),
        pageSize: 20,
        // Every sync --once below scans in full.
        minScanIntervalMs: 1,
        ...extra,
      });

    it('mirrors every user, anonymous and restricted ones too, exactly as sent', async () => {
      server = await startStackServer({ users: 90, seed: 4, rateLimit: 0 });
      const summary = await engineFor().syncOnce();
      expect(summary.inserted).toBe(90);
      const mirrored = await rows(db);
      const users = server.store.inOrder();
      expect(mirrored.map((r) => r.id).sort()).toEqual(users.map((u) => u.id).sort());
      expect(users.some((u) => u.is_anonymous) && users.some((u) => u.is_restricted)).toBe(true);
      const byId = new Map(mirrored.map((r) => [r.id, r]));
      for (const u of users) {
        const row = byId.get(u.id)!;
        expect(row.raw_json).toEqual(u);
        expect(row.name).toBe(u.display_name);
        expect(row.email).toBe(u.primary_email);
        expect(row.created_at.getTime()).toBe(u.signed_up_at_millis);
        // Stack keeps no update time: null until the sync sees a change.
        expect(row.updated_at).toBeNull();
      }
    });

    it('finds updates and deletions with a full scan; updated_at is when the change was seen', async () => {
      server = await startStackServer({ users: 50, seed: 5, rateLimit: 0 });
      await engineFor().syncOnce();
      const [renamed, gone] = server.store.inOrder();
      server.store.updateUser(renamed.id, { display_name: 'Renamed At Stack' });
      server.store.deleteUser(gone.id);
      const fresh = server.store.createUser();
      const before = Date.now();
      const summary = await engineFor().syncOnce();
      expect(summary).toMatchObject({ inserted: 1, updated: 1, deleted: 1 });
      const byId = new Map((await rows(db)).map((r) => [r.id, r]));
      expect(byId.get(renamed.id)!.name).toBe('Renamed At Stack');
      expect(byId.get(renamed.id)!.updated_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(byId.get(gone.id)!.deleted_at).not.toBeNull();
      expect(byId.get(fresh.id)!.updated_at).toBeNull();
      const untouched = [...byId.values()].filter((r) => r.id !== renamed.id && r.updated_at !== null);
      expect(untouched).toEqual([]);
      // Scans are spaced from start to start: the scan is recorded as of when it began, before
      // the deletions it found at its end.
      const { rows: [state] } = await db.query<{ last_reconciled_at: Date }>('SELECT last_reconciled_at FROM seren_auth.sync_state');
      expect(state.last_reconciled_at.getTime()).toBeLessThan(byId.get(gone.id)!.deleted_at!.getTime());
    });

    it('a user deleted at a page boundary between two page fetches marks no live user deleted', async () => {
      server = await startStackServer({ users: 100, seed: 6, rateLimit: 0 });
      await engineFor().syncOnce();
      let victim: string | null = null;
      server.faults.beforeListPage(({ params, store }) => {
        // The scan's second page: its cursor user goes away just before it is read.
        const cursor = params.get('cursor');
        if (victim || !cursor || params.get('desc') !== 'false') return;
        victim = cursor;
        store.deleteUser(cursor);
      });
      await engineFor().syncOnce();
      expect(victim).not.toBeNull();
      // The victim was read on the first page, so this scan deletes nobody; the walk did not end early.
      const active = async () => (await rows(db)).filter((r) => r.deleted_at === null).map((r) => r.id).sort();
      const others = server.store.inOrder().map((u) => u.id).sort();
      expect((await active()).filter((id) => id !== victim)).toEqual(others);
      // The next scan finds the victim gone, and only the victim.
      await engineFor().syncOnce();
      expect((await rows(db)).filter((r) => r.deleted_at !== null).map((r) => r.id)).toEqual([victim]);
      expect(await active()).toEqual(others);
    });

    it('a backfill stopped mid-walk resumes from its cursor', async () => {
      server = await startStackServer({ users: 100, seed: 7, rateLimit: 0 });
      const stop = new AbortController();
      let pages = 0;
      const unhook = server.faults.beforeListPage(({ params }) => {
        if (params.get('desc') === 'false' && ++pages === 3) stop.abort(new Error('killed'));
      });
      await expect(engineFor().syncOnce(stop.signal)).rejects.toThrow();
      unhook();
      const kept = (await rows(db)).length;
      expect(kept).toBeGreaterThan(0);
      expect(kept).toBeLessThan(100);
      const firstRequest = server.requestLog.length;
      await engineFor().syncOnce();
      const firstWalkPage = server.requestLog.slice(firstRequest).find((r) => r.path === '/api/v1/users' && r.query.includes('desc=false') && !r.query.includes('limit=1&'));
      expect(firstWalkPage?.query).toMatch(/cursor=/);
      const mirrored = (await rows(db)).map((r) => r.id).sort();
      expect(mirrored).toEqual(server.store.inOrder().map((u) => u.id).sort());
    });
  });
}
