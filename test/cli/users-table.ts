// Reads seren_auth.users_sync of a database the CLI wrote, and what it should hold.
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { mapClerkUser } from '../../electron/core/providers/clerk/clerk-user.js';
import type { ClerkServer } from '../../electron/core/demo/index.js';

export interface UserRowCheck {
  id: string;
  name: string | null;
  email: string | null;
  deleted: boolean;
  raw_json: unknown;
}

/** Every row, ordered by id. Opens the database (PGlite: the folder must not be held). */
export async function readUsersTable(target: string): Promise<UserRowCheck[]> {
  const db = await openDatabase(parseTarget(target, ''));
  try {
    const { rows } = await db.query<{ id: string; name: string | null; email: string | null; deleted_at: Date | null; raw_json: unknown }>(
      'SELECT id, name, email, deleted_at, raw_json FROM seren_auth.users_sync ORDER BY id');
    return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, deleted: r.deleted_at !== null, raw_json: r.raw_json }));
  } finally {
    await db.close();
  }
}

/** The active rows users_sync should hold for the server's current users, ordered by id. */
export function expectedRows(server: ClerkServer): UserRowCheck[] {
  return server.store
    .listAll()
    .map((json) => {
      const u = mapClerkUser(json);
      return { id: u.id, name: u.name, email: u.email, deleted: false, raw_json: json };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
