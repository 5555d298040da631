// Writing one page of users with its checkpoint, and quarantining the users the database
// rejects so that one bad record never blocks the others.
import type { Database, Statement } from '../db/database.js';
import type { MappedUser } from '../providers/provider.js';
import { countsOf, PAGE_BODY_PARAM, upsertStatements, type WriteCounts, type WritePath } from './upsert-statements.js';

export interface QuarantinedUser {
  id: string;
  raw: unknown;
  error: string;
}

/** SQLSTATE classes that mean "this data cannot be stored" rather than "the database is unwell". */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export class PageWriter {
  constructor(
    private readonly db: Database,
    private readonly path: WritePath,
  ) {}

  /**
   * Writes `page` and then `tail` (the checkpoint) in one transaction. A page the database
   * rejects for its data is split until the bad users are isolated: they go to quarantine and
   * the rest are written. (Then the halves commit first and the tail after them; redoing a page
   * after a crash is harmless.)
   */
  async write(page: MappedUser[], tail: Statement[]): Promise<WriteCounts & { quarantined: QuarantinedUser[] }> {
    const users = newestPerId(page);
    let cause: unknown;
    try {
      return { ...(await this.writeBatch(users, tail)), quarantined: [] };
    } catch (error) {
      if (!isDataError(error) || users.length === 0) throw error;
      cause = error;
    }
    const quarantined: QuarantinedUser[] = [];
    const counts = await this.writeIsolatingBadRows(users, quarantined, cause);
    await this.db.transaction([...(quarantined.length > 0 ? [quarantineStatement(quarantined)] : []), ...tail]);
    return { ...counts, quarantined };
  }

  /** `fromPageBody`: from the provider's page body when the users share one; off while isolating bad users, whose body may be what fails. */
  private async writeBatch(users: MappedUser[], tail: Statement[], fromPageBody = true): Promise<WriteCounts> {
    if (users.length === 0) {
      if (tail.length > 0) await this.db.transaction(tail);
      return noWrites();
    }
    const upsert = upsertStatements(users, this.path, fromPageBody ? PAGE_BODY_PARAM[this.db.kind] : null);
    const results = await this.db.transaction([...upsert, releaseQuarantineStatement(users), ...tail]);
    return countsOf(results[upsert.length - 1]);
  }

  /** `users` failed as a whole: bisect until each bad user stands alone, then quarantine it. */
  private async writeIsolatingBadRows(users: MappedUser[], quarantined: QuarantinedUser[], cause: unknown): Promise<WriteCounts> {
    if (users.length === 1) {
      quarantined.push({ id: users[0].id, raw: users[0].raw, error: (cause as Error).message });
      return noWrites();
    }
    const half = Math.ceil(users.length / 2);
    const totals = noWrites();
    for (const part of [users.slice(0, half), users.slice(half)]) {
      let counts: WriteCounts;
      try {
        counts = await this.writeBatch(part, [], false);
      } catch (error) {
        if (!isDataError(error)) throw error;
        counts = await this.writeIsolatingBadRows(part, quarantined, error);
      }
      totals.inserted += counts.inserted;
      totals.updated += counts.updated;
      totals.changedIds.push(...counts.changedIds);
    }
    return totals;
  }
}

function releaseQuarantineStatement(users: MappedUser[]): Statement {
  return { sql: 'DELETE FROM seren_auth.quarantine WHERE user_id = ANY($1::text[])', params: [users.map((u) => u.id)] };
}

function quarantineStatement(users: QuarantinedUser[]): Statement {
  return {
    sql: `INSERT INTO seren_auth.quarantine (user_id, raw_text, error)
          SELECT q->>'id', q->>'raw_text', q->>'error' FROM json_array_elements($1::json) AS q
          ON CONFLICT (user_id) DO UPDATE SET raw_text = EXCLUDED.raw_text, error = EXCLUDED.error, last_seen_at = now()`,
    // json (not jsonb) keeps escapes such as \\u0000 as text, which jsonb would refuse.
    params: [JSON.stringify(users.map((u) => ({ id: u.id, raw_text: JSON.stringify(u.raw), error: u.error })))],
  };
}

/**
 * One entry per user, the newest version (the later one on a tie): offset pages read while users
 * change can repeat a user, and one INSERT … ON CONFLICT cannot touch the same row twice.
 */
function newestPerId(users: MappedUser[]): MappedUser[] {
  const byId = new Map<string, MappedUser>();
  for (const user of users) {
    const seen = byId.get(user.id);
    if (!seen || (user.updated_at ?? -Infinity) >= (seen.updated_at ?? -Infinity)) byId.set(user.id, user);
  }
  return byId.size === users.length ? users : [...byId.values()];
}

const noWrites = (): WriteCounts => ({ inserted: 0, updated: 0, changedIds: [] });
