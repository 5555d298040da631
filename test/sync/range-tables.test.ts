// The database side of the range paths, on PGlite and Postgres: active rows of a created-at
// range exact to the millisecond at both edges, and the backfill partitions' checkpoints.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { UsersTableRanges } from '../../electron/core/sync/local-ranges.js';
import { PartitionStore } from '../../electron/core/sync/partition-store.js';
import { clearSerenAuth, testTargets } from '../support/targets.js';

const T = 1_700_000_000_123;

async function insertRows(db: OpenedDatabase, rows: { id: string; createdMs: number | null; deleted?: boolean }[]) {
  await db.query(
    `INSERT INTO seren_auth.users_sync (id, created_at, deleted_at, raw_json)
     SELECT r->>'id', CASE WHEN r->>'ms' IS NULL THEN NULL ELSE '1970-01-01T00:00:00Z'::timestamptz + (r->>'ms')::bigint * interval '1 millisecond' END,
            CASE WHEN (r->>'deleted')::boolean THEN now() END, '{}'::jsonb
       FROM jsonb_array_elements($1::jsonb) AS r`,
    [JSON.stringify(rows.map((r) => ({ id: r.id, ms: r.createdMs, deleted: r.deleted ?? false })))],
  );
}

for (const target of testTargets) {
  describe.skipIf(target.skip)(`range tables on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
    });
    afterAll(async () => cleanup?.());
    afterEach(async () => clearSerenAuth(db));

    it('count active rows in [from, to) exactly at the millisecond, rows without a creation time first', async () => {
      await insertRows(db, [
        { id: 'none', createdMs: null },
        { id: 'before', createdMs: T - 1 },
        { id: 'at-1', createdMs: T },
        { id: 'at-2', createdMs: T },
        { id: 'at-gone', createdMs: T, deleted: true },
        { id: 'after', createdMs: T + 1 },
      ]);
      const ranges = new UsersTableRanges(db);
      expect(await ranges.countActive({ from: T, to: T + 1 })).toBe(2);
      expect((await ranges.activeIds({ from: T, to: T + 1 })).sort()).toEqual(['at-1', 'at-2']);
      expect(await ranges.countActive({ from: null, to: T })).toBe(2);
      expect((await ranges.activeIds({ from: null, to: T })).sort()).toEqual(['before', 'none']);
      expect(await ranges.countActive({ from: T + 1, to: null })).toBe(1);
      expect(await ranges.countActive({ from: null, to: null })).toBe(5);
      expect(await ranges.countActive({ from: T + 2, to: null })).toBe(0);
    });

    it('profile a range: oldest, median and newest creation time to the millisecond', async () => {
      await insertRows(db, [1, 2, 2, 2, 9].map((d, i) => ({ id: `p${i}`, createdMs: T + d })));
      const profile = await new UsersTableRanges(db).profile({ from: T, to: null });
      expect(profile).toEqual({ active: 5, minMs: T + 1, medianMs: T + 2, maxMs: T + 9 });
      expect(await new UsersTableRanges(db).profile({ from: T + 10, to: null })).toEqual({ active: 0, minMs: null, medianMs: null, maxMs: null });
    });

    it('keep partitions, their splits and their cursors, committed with a page', async () => {
      const store = new PartitionStore(db, 'clerk');
      await store.replace([
        { id: 1, from: null, to: T, cursor: null, done: false },
        { id: 2, from: T, to: null, cursor: null, done: false },
      ]);
      await store.split({ id: 2, from: T, to: T + 500, cursor: null, done: false }, { id: 3, from: T + 500, to: null, cursor: null, done: false });
      await db.transaction([store.checkpointStatement({ id: 1, cursor: 'user_abc', done: false })]);
      await db.transaction([store.checkpointStatement({ id: 3, cursor: null, done: true })]);
      expect(await store.load()).toEqual([
        { id: 1, from: null, to: T, cursor: 'user_abc', done: false },
        { id: 2, from: T, to: T + 500, cursor: null, done: false },
        { id: 3, from: T + 500, to: null, cursor: null, done: true },
      ]);
      // Another provider's partitions are its own.
      expect(await new PartitionStore(db, 'stack').load()).toEqual([]);
      await store.replace([{ id: 1, from: null, to: null, cursor: null, done: false }]);
      expect(await store.load()).toHaveLength(1);
    });
  });
}
