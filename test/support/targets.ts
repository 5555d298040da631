// Both database targets every sync behaviour is tested on: a PGlite folder and a real Postgres.
import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { createTestDatabase, postgresReachable } from './postgres.js';
import { makeTempDir } from './temp.js';

export interface TestTarget {
  name: 'pglite' | 'postgres';
  skip: boolean;
  /** Opens (and migrates) a fresh database of this kind. */
  open(): Promise<{ db: OpenedDatabase; target: string; cleanup(): Promise<void> }>;
}

export const testTargets: TestTarget[] = [
  {
    name: 'pglite',
    skip: false,
    async open() {
      const tmp = await makeTempDir();
      const dir = path.join(tmp.dir, 'db');
      const db = await openDatabase(parseTarget(dir, dir));
      return { db, target: dir, cleanup: async () => { await db.close().catch(() => {}); await tmp.remove(); } };
    },
  },
  {
    name: 'postgres',
    skip: !(await postgresReachable()),
    async open() {
      const created = await createTestDatabase();
      const db = await openDatabase(parseTarget(created.url, ''));
      return { db, target: created.url, cleanup: async () => { await db.close().catch(() => {}); await created.drop(); } };
    },
  },
];

/** Empties seren_auth between tests that share one database. */
export async function clearSerenAuth(db: OpenedDatabase): Promise<void> {
  await db.transaction([
    { sql: 'DELETE FROM seren_auth.users_sync' },
    { sql: 'DELETE FROM seren_auth.sync_state' },
    { sql: 'DELETE FROM seren_auth.sync_runs' },
    { sql: 'DELETE FROM seren_auth.quarantine' },
    { sql: 'DELETE FROM seren_auth.backfill_partitions' },
  ]);
}
