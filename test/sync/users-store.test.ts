// The page write paths (one jsonb array, or COPY into a temporary table plus a merge; on the jsonb
// path, users from a provider's page body are written from those bytes) on both targets: each must
// keep the same guarantees, whichever is the default for the target.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import type { MappedUser } from '../../electron/core/providers/provider.js';
import { UsersStore, type Checkpoint, type WritePath } from '../../electron/core/sync/users-store.js';
import { mapWalkPage } from '../../electron/core/sync/page-source.js';
import { clearSerenAuth, testTargets } from '../support/targets.js';

interface Row {
  id: string; name: string | null; email: string | null; created_at: Date | null; updated_at: Date | null;
  deleted_at: Date | null; raw_json: unknown; v: string;
}

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

function user(id: string, updatedAt: number | null, extra: Record<string, unknown> = {}): MappedUser {
  const raw = { id, object: 'user', updated_at: updatedAt, ...extra };
  return { id, name: (extra.name as string) ?? `Name ${id}`, email: `${id}@example.com`, created_at: T0, updated_at: updatedAt, raw };
}

const checkpoint = (cursor: string): Checkpoint => ({
  provider: 'clerk', instanceLabel: 'ins_1',
  instanceId: 'ins_1', environment: 'development', backfillCursor: cursor, backfillDone: false, highWaterMs: T0, lastReconciledAt: null,
});

/** As a provider's page brings them: the users linked to the page's body (page-source.ts). */
function fromPageBody(users: MappedUser[]): MappedUser[] {
  const raws = users.map((u) => u.raw);
  return mapWalkPage({ users: raws, next: null, body: Buffer.from(JSON.stringify(raws)) }, (raw) => users[raws.indexOf(raw)]);
}

class PageBodyStore extends UsersStore {
  override writePage(page: MappedUser[], checkpoint: Checkpoint | null) {
    return super.writePage(fromPageBody(page), checkpoint);
  }
}

const ways: { name: string; path: WritePath; pageBody?: true }[] = [
  { name: 'jsonb', path: 'jsonb' }, { name: 'copy', path: 'copy' }, { name: 'jsonb from the page body', path: 'jsonb', pageBody: true },
];

for (const target of testTargets) {
  describe.skipIf(target.skip)(`page writes on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
    });
    afterAll(async () => cleanup?.());

    for (const way of ways) {
      describe(`through ${way.name}`, () => {
        let store: UsersStore;

        beforeAll(() => {
          store = way.pageBody ? new PageBodyStore(db, way.path) : new UsersStore(db, way.path);
        });
        afterEach(async () => clearSerenAuth(db));

        const rows = async () =>
          (await db.query<Row>('SELECT *, xmin::text AS v FROM seren_auth.users_sync ORDER BY id')).rows;
        const byId = async () => new Map((await rows()).map((r) => [r.id, r]));

        it('stores every column exactly, text needing escapes and nulls included, with the checkpoint', async () => {
          const tricky: MappedUser = {
            id: 'user_tricky', name: 'Tab\there, back\\slash, new\nline, \\N, é ✓', email: null, created_at: null, updated_at: T0 + 1,
            raw: { id: 'user_tricky', bio: 'quote " backslash \\ tab \t newline \n', nested: { list: [1, null, 'x'] }, emoji: '🙂' },
          };
          const result = await store.writePage([user('user_a', T0), tricky], checkpoint('user_tricky'));
          expect(result).toMatchObject({ inserted: 2, updated: 0, quarantined: [] });
          expect(result.changedIds.sort()).toEqual(['user_a', 'user_tricky']);
          const stored = (await byId()).get('user_tricky')!;
          expect(stored).toMatchObject({ name: tricky.name, email: null, created_at: null, deleted_at: null, raw_json: tricky.raw });
          expect(stored.updated_at!.getTime()).toBe(T0 + 1);
          expect((await byId()).get('user_a')!.created_at!.getTime()).toBe(T0);
          expect((await store.readCheckpoint())?.backfillCursor).toBe('user_tricky');
        });

        it('lists for a full scan only the active users created before it began (and those with no creation time)', async () => {
          const createdAt = (u: MappedUser, ms: number | null): MappedUser => ({ ...u, created_at: ms });
          await store.writePage([
            createdAt(user('user_old', T0), T0), createdAt(user('user_new', T0), T0 + 60_000), createdAt(user('user_undated', T0), null),
          ], null);
          expect((await store.activeIds(new Date(T0 + 60_000))).sort()).toEqual(['user_old', 'user_undated']);
          expect((await store.activeIds()).sort()).toEqual(['user_new', 'user_old', 'user_undated']);
        });

        it('does not rewrite rows whose content did not change', async () => {
          await store.writePage([user('user_a', T0), user('user_b', T0), user('user_c', T0)], null);
          const before = await byId();
          const result = await store.writePage([user('user_a', T0), user('user_b', T0 + 5, { name: 'B2' }), user('user_c', T0)], null);
          expect(result).toMatchObject({ inserted: 0, updated: 1, changedIds: ['user_b'] });
          const after = await byId();
          const rewritten = [...after.values()].filter((r) => r.v !== before.get(r.id)!.v).map((r) => r.id);
          expect(rewritten).toEqual(['user_b']);
        });

        it('never replaces a row with an older version', async () => {
          await store.writePage([user('user_a', T0 + 10, { name: 'Newer' })], null);
          const result = await store.writePage([user('user_a', T0 + 9, { name: 'Older' })], null);
          expect(result.updated).toBe(0);
          const row = (await byId()).get('user_a')!;
          expect(row.name).toBe('Newer');
          expect(row.updated_at!.getTime()).toBe(T0 + 10);
        });

        it('takes a changed version with the same millisecond, in later pages and within one page', async () => {
          await store.writePage([user('user_a', T0, { name: 'First' })], null);
          const later = await store.writePage([user('user_a', T0, { name: 'Second' })], null);
          expect(later.updated).toBe(1);
          expect((await byId()).get('user_a')!.name).toBe('Second');
          // One page listing a user twice on one millisecond: the later entry is the one written.
          const twice = await store.writePage([user('user_b', T0, { name: 'Early' }), user('user_b', T0, { name: 'Late' })], null);
          expect(twice.inserted).toBe(1);
          expect((await byId()).get('user_b')!.name).toBe('Late');
        });

        it('revives a user marked deleted when it is listed again', async () => {
          await store.writePage([user('user_a', T0)], null);
          await store.markDeleted(['user_a'], 'soft');
          expect((await byId()).get('user_a')!.deleted_at).not.toBeNull();
          const result = await store.writePage([user('user_a', T0)], null);
          expect(result.updated).toBe(1);
          expect((await byId()).get('user_a')!.deleted_at).toBeNull();
        });

        it('quarantines the users the database rejects, writes the rest, and releases them once fixed', async () => {
          const page = Array.from({ length: 40 }, (_, i) => user(`user_${String(i).padStart(2, '0')}`, T0));
          page[7] = user('user_07', T0, { bio: 'nul \u0000 byte' });
          page[12] = user('user_12', T0, { name: 'Nul\u0000Name' }); // a NUL in a text column too
          page[30] = { ...user('user_30', T0), updated_at: 1.5 }; // not a whole millisecond: no timestamp
          const result = await store.writePage(page, checkpoint('user_39'));
          expect(result.inserted).toBe(37);
          expect(result.quarantined.map((q) => q.id).sort()).toEqual(['user_07', 'user_12', 'user_30']);
          const errors = new Map(result.quarantined.map((q) => [q.id, q.error]));
          expect(errors.get('user_07')).toMatch(/unicode|\\u0000/i);
          expect(errors.get('user_12')).toMatch(/unicode|\\u0000/i);
          expect((await rows()).map((r) => r.id)).not.toContain('user_07');
          expect((await store.readCheckpoint())?.backfillCursor).toBe('user_39');
          const q = await store.quarantined();
          expect(q.map((r) => r.user_id).sort()).toEqual(['user_07', 'user_12', 'user_30']);
          // The provider serves a clean version later: it is written and leaves quarantine.
          await store.writePage([user('user_07', T0 + 1)], null);
          expect((await store.quarantined()).map((r) => r.user_id).sort()).toEqual(['user_12', 'user_30']);
          expect((await byId()).has('user_07')).toBe(true);
        });

        it.runIf(way.pageBody)('stores raw_json as the page body has it, and only the users kept from the page', async () => {
          // 2^64 + 1 as the provider sent it: JSON.parse would round it to 18446744073709552000.
          const text = `[{"id":"user_a","big":18446744073709551617},{"id":"user_b"},{"id":"user_c"}]`;
          const page = mapWalkPage({ users: JSON.parse(text), next: null, body: Buffer.from(text) }, (raw) => user((raw as { id: string }).id, T0));
          const result = await new UsersStore(db, way.path).writePage([page[0], page[2]], null);
          expect(result.inserted).toBe(2);
          const stored = (await db.query<{ id: string; big: string | null }>(
            `SELECT id, raw_json->>'big' AS big FROM seren_auth.users_sync ORDER BY id`)).rows;
          expect(stored).toEqual([{ id: 'user_a', big: '18446744073709551617' }, { id: 'user_c', big: null }]);
        });

        it('rolls the page back with its checkpoint when the transaction fails for another reason', async () => {
          await store.saveCheckpoint(checkpoint('user_before'));
          await db.query(`CREATE OR REPLACE FUNCTION seren_auth.test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '57P01'; END $$`);
          await db.query('CREATE TRIGGER test_refuse BEFORE INSERT ON seren_auth.users_sync FOR EACH ROW EXECUTE FUNCTION seren_auth.test_refuse()');
          try {
            await expect(store.writePage([user('user_a', T0)], checkpoint('user_a'))).rejects.toThrow(/refused/);
          } finally {
            await db.query('DROP TRIGGER test_refuse ON seren_auth.users_sync');
            await db.query('DROP FUNCTION seren_auth.test_refuse()');
          }
          expect(await rows()).toEqual([]);
          expect((await store.readCheckpoint())?.backfillCursor).toBe('user_before');
        });
      });
    }
  });
}
