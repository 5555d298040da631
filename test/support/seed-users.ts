// Fills a target with a demo Clerk server's users exactly as a finished first sync leaves them
// (rows plus a checkpoint saying the backfill and a reconciliation just completed), so a
// `serve` linked to that server starts on N users at once instead of backfilling them.
import { mapClerkUser } from '../../electron/core/providers/clerk/clerk-user.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import type { ClerkServer } from '../../electron/core/demo/index.js';
import { UsersStore } from '../../electron/core/sync/users-store.js';

const BATCH = 2000;

export async function seedUsersFrom(server: ClerkServer, target: string): Promise<number> {
  const db = await openDatabase(parseTarget(target, target));
  try {
    const store = new UsersStore(db);
    const users = server.store.listAll().map(mapClerkUser);
    let newest = 0;
    for (const u of users) if (u.updated_at !== null && u.updated_at > newest) newest = u.updated_at;
    for (let i = 0; i < users.length; i += BATCH) {
      const last = i + BATCH >= users.length;
      await store.writePage(
        users.slice(i, i + BATCH),
        last
          ? {
              provider: 'clerk', instanceId: server.instanceId, instanceLabel: server.instanceId,
              environment: server.environment, backfillCursor: null,
              backfillDone: true, highWaterMs: newest, lastReconciledAt: new Date(),
            }
          : null,
      );
    }
    // Fresh statistics and visibility map, as autovacuum would leave them after a while.
    await db.query('VACUUM ANALYZE seren_auth.users_sync');
    return users.length;
  } finally {
    await db.close();
  }
}
