// The users grid's keyset paging, on both backends: walking forwards (after a key), backwards
// (before a key), jumping to a row number and locating a row must all agree with the one
// ordering the grid promises (sort column, NULLs last, then id), whatever the column's NULLs and ties.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../electron/core/api/users-queries.js';
import { parseApiInput } from '../../shared/api.js';
import type { UserSortColumn, UserSortKey } from '../../shared/types.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { testTargets } from '../support/targets.js';

const USERS = 61;
const PAGE = 7;
const COLUMNS: UserSortColumn[] = ['id', 'name', 'email', 'created_at', 'updated_at', 'deleted_at'];

/** Users with NULLs in every nullable column, ties in the timestamps and names, some deleted. */
function seedSql(): string {
  const values: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const id = `user_${String((i * 37) % USERS).padStart(3, '0')}`;
    const name = i % 9 === 0 ? 'NULL' : `'${['Ada', 'ada', 'Émile', 'Zoë', 'bob'][i % 5]}'`;
    const email = i % 11 === 0 ? 'NULL' : `'u${i % 13}@example.com'`;
    // Microseconds on purpose: the key must carry the exact value, not a millisecond rounding.
    const created = i % 17 === 0 ? 'NULL' : `'2024-01-01T00:00:00Z'::timestamptz + interval '${(i % 6) * 1.000001} seconds'`;
    const updated = `'2024-02-01T00:00:00Z'::timestamptz + interval '${i % 4} hours'`;
    const deleted = i % 5 === 0 ? `'2024-03-0${1 + (i % 3)}T00:00:00Z'` : 'NULL';
    values.push(`('${id}', ${name}, ${email}, ${created}, ${updated}, ${deleted}, '{}')`);
  }
  return `INSERT INTO seren_auth.users_sync (id, name, email, created_at, updated_at, deleted_at, raw_json) VALUES ${values.join(',\n')}`;
}

for (const target of testTargets) {
  describe.skipIf(target.skip)(`users grid paging on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
      await db.query(seedSql());
    });
    afterAll(() => cleanup?.());

    const cases = COLUMNS.flatMap((column) =>
      (['asc', 'desc'] as const).flatMap((direction) =>
        (['all', 'active'] as const).map((filter) => ({ column, direction, filter })),
      ),
    );

    it.each(cases)('$column $direction ($filter): forwards, backwards, jumps and positions agree', async ({ column, direction, filter }) => {
      const query = { filter, search: '', sort: { column, direction } };
      const dir = direction.toUpperCase();
      const reference = await db.query<{ id: string }>(
        `SELECT id FROM seren_auth.users_sync ${filter === 'active' ? 'WHERE deleted_at IS NULL' : ''}
          ORDER BY ${column} ${dir} NULLS LAST, id ${dir}`,
      );
      const expected = reference.rows.map((r) => r.id);
      const list = (input: object) => listUsers(db, parseApiInput('listUsers', { ...query, limit: PAGE, ...input }));

      const first = await list({});
      expect(first.total).toBe(expected.length);

      // Forwards, each page starting after the previous page's last key.
      const forwards = [...first.rows.map((r) => r.id)];
      let last: UserSortKey = first.keys.at(-1)!;
      for (let guard = 0; guard < USERS; guard++) {
        const page = await list({ start: { after: last }, withTotal: false });
        expect(page.total).toBeNull();
        if (page.rows.length === 0) break;
        forwards.push(...page.rows.map((r) => r.id));
        last = page.keys.at(-1)!;
      }
      expect(forwards).toEqual(expected);

      // Backwards from the end.
      const tail = await list({ start: { at: expected.length - PAGE } });
      const backwards = [...tail.rows.map((r) => r.id)];
      let firstKey: UserSortKey = tail.keys[0];
      for (let guard = 0; guard < USERS; guard++) {
        const page = await list({ start: { before: firstKey } });
        if (page.rows.length === 0) break;
        backwards.unshift(...page.rows.map((r) => r.id));
        firstKey = page.keys[0];
      }
      expect(backwards).toEqual(expected);

      // Jumps land on the same rows, including inside and past the NULLs.
      for (const at of [0, 5, 23, expected.length - 3, expected.length + 4]) {
        const page = await list({ start: { at } });
        expect(page.rows.map((r) => r.id)).toEqual(expected.slice(at, at + PAGE));
      }

      // Counted from the end, the same rows.
      for (const fromEnd of [0, 4, 30, expected.length - 2]) {
        const page = await list({ start: { fromEnd } });
        const end = expected.length - fromEnd;
        expect(page.rows.map((r) => r.id)).toEqual(expected.slice(Math.max(0, end - PAGE), end));
      }

      // Every row's key locates it at its index.
      const everything = await listUsers(db, parseApiInput('listUsers', { ...query, limit: 1000 }));
      const positions = await Promise.all(
        everything.keys.map(async (key) => (await list({ limit: 0, withTotal: false, locate: key })).position),
      );
      expect(positions).toEqual(expected.map((_, i) => i));
    });

    it('finds rows by search and keeps paging within the matches', async () => {
      const query = { search: 'ada', filter: 'all', sort: { column: 'email', direction: 'asc' } } as const;
      const all = await listUsers(db, parseApiInput('listUsers', { ...query, limit: 1000 }));
      expect(all.rows.length).toBeGreaterThan(PAGE);
      expect(all.rows.every((r) => r.name?.toLowerCase() === 'ada')).toBe(true);
      const next = await listUsers(db, parseApiInput('listUsers', { ...query, limit: PAGE, start: { after: all.keys[2] } }));
      expect(next.rows.map((r) => r.id)).toEqual(all.rows.slice(3, 3 + PAGE).map((r) => r.id));
    });

    it('walks the sort indexes instead of sorting the table', async () => {
      // Planner statistics need a size where an index beats a sort; ANALYZE on the seeded rows.
      await db.query('ANALYZE seren_auth.users_sync');
      await db.query('SET enable_seqscan = off');
      try {
        const plan = await db.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN SELECT id FROM seren_auth.users_sync WHERE email IS NOT NULL AND deleted_at IS NULL
            ORDER BY email DESC, id DESC OFFSET 20 LIMIT 7`,
        );
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index Only Scan Backward using users_sync_email_id_idx/);
      } finally {
        await db.query('SET enable_seqscan = on');
      }
    });
  });
}
