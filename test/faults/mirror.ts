// Whether users_sync holds exactly the provider's users: every user once, as the API returned it,
// the deleted ones marked deleted, and nothing else.
import { isDeepStrictEqual } from 'node:util';
import type { ClerkServer } from '../../electron/core/demo/index.js';

export interface MirrorRow {
  id: string;
  raw_json: unknown;
  deleted_at: Date | string | null;
}

export const MIRROR_SQL = 'SELECT id, raw_json, deleted_at FROM seren_auth.users_sync ORDER BY id';

/** What differs between the table and the server (empty when they agree), for a readable failure. */
export function mirrorDifferences(rows: MirrorRow[], server: ClerkServer, deletedIds: Iterable<string> = []): string[] {
  const users = new Map(server.store.listAll().map((u) => [u.id, JSON.parse(JSON.stringify(u)) as unknown]));
  const deleted = new Set(deletedIds);
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) problems.push(`${row.id} appears twice`);
    seen.add(row.id);
    const user = users.get(row.id);
    if (user === undefined) {
      if (row.deleted_at === null) problems.push(`${row.id} is active here but not at the provider`);
      else if (!deleted.has(row.id)) problems.push(`${row.id} is marked deleted but was never a deleted user`);
    } else if (row.deleted_at !== null) problems.push(`${row.id} is marked deleted but exists at the provider`);
    else if (!isDeepStrictEqual(row.raw_json, user)) problems.push(`${row.id} has stale raw_json`);
  }
  for (const id of users.keys()) if (!seen.has(id)) problems.push(`${id} is missing`);
  for (const id of deleted) if (!seen.has(id)) problems.push(`deleted user ${id} has no row`);
  return problems;
}
