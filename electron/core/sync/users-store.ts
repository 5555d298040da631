// The engine's writes to seren_auth: one set-based upsert per page, deletions, the checkpoint
// and quarantine. Every write that changes users_sync notifies `seren_auth_users_sync` in the
// same transaction, so listeners hear about it exactly when it commits.
import type { Database, DbResult, Statement } from '../db/database.js';
import type { DeletionMode, UsersChangedEvent } from '../../../shared/types.js';
import type { MappedUser } from '../providers/provider.js';

export const USERS_CHANGED_CHANNEL = 'seren_auth_users_sync';

/** A users-changed payload, or null when another writer sent something else on the channel. */
export function parseChange(payload: string): UsersChangedEvent | null {
  try {
    const change = JSON.parse(payload) as UsersChangedEvent;
    return typeof change === 'object' && change !== null && Array.isArray(change.ids) ? change : null;
  } catch {
    return null;
  }
}

/** Active, deleted and quarantined users: one row (also read by `seren-auth status`). */
export const USER_COUNTS_SQL = `SELECT (SELECT count(*) FROM seren_auth.users_sync WHERE deleted_at IS NULL) AS active,
       (SELECT count(*) FROM seren_auth.users_sync WHERE deleted_at IS NOT NULL) AS deleted,
       (SELECT count(*) FROM seren_auth.quarantine) AS quarantined`;

export interface UserCounts {
  active: number;
  deleted: number;
  quarantined: number;
  /** Quarantined users with no active row: present at the provider, absent here. */
  quarantinedAbsent: number;
}

/** What the provider's user count should be when the table is in step with it. */
export const expectedProviderCount = (c: UserCounts) => c.active + c.quarantinedAbsent;

/** Ids carried in a notification: enough to highlight rows, well under NOTIFY's 8000 bytes. */
const NOTIFY_IDS = 50;

// ms since the epoch → timestamptz, exact to the millisecond (no float rounding).
const msToTimestamp = (expr: string) => `('1970-01-01T00:00:00Z'::timestamptz + (${expr})::bigint * interval '1 millisecond')`;

/**
 * Upserts a JSON array of {id, name, email, created_at, updated_at, raw}. A row is rewritten
 * only when its content changed (or it was marked deleted), and never by an older provider
 * version: out-of-order pages cannot roll a user back.
 */
const UPSERT_SQL = `
WITH incoming AS (
  SELECT u->>'id' AS id, u->>'name' AS name, u->>'email' AS email,
         ${msToTimestamp("u->>'created_at'")} AS created_at,
         ${msToTimestamp("u->>'updated_at'")} AS updated_at,
         u->'raw' AS raw_json
  FROM jsonb_array_elements($1::jsonb) AS u
), written AS (
  INSERT INTO seren_auth.users_sync AS t (id, name, email, created_at, updated_at, deleted_at, raw_json)
  SELECT id, name, email, created_at, updated_at, NULL, raw_json FROM incoming
  ON CONFLICT (id) DO UPDATE SET
    name = EXCLUDED.name, email = EXCLUDED.email, created_at = EXCLUDED.created_at,
    -- A provider without an update time: when this sync saw the user change.
    updated_at = coalesce(EXCLUDED.updated_at, CASE WHEN t.raw_json IS DISTINCT FROM EXCLUDED.raw_json THEN now() ELSE t.updated_at END),
    deleted_at = NULL, raw_json = EXCLUDED.raw_json
  WHERE (t.updated_at IS NULL OR EXCLUDED.updated_at IS NULL OR EXCLUDED.updated_at >= t.updated_at)
    AND (t.deleted_at IS NOT NULL OR t.raw_json IS DISTINCT FROM EXCLUDED.raw_json)
  RETURNING t.id, (t.xmax = 0) AS inserted
), counted AS (
  SELECT count(*) FILTER (WHERE inserted)::int AS inserted,
         count(*) FILTER (WHERE NOT inserted)::int AS updated,
         (array_agg(id))[1:${NOTIFY_IDS}] AS ids
  FROM written
)
SELECT inserted, updated, ids,
       (SELECT 1 FROM (SELECT pg_notify('${USERS_CHANGED_CHANNEL}',
          json_build_object('inserted', inserted, 'updated', updated, 'deleted', 0, 'ids', ids)::text)) AS n
        WHERE inserted + updated > 0) AS notified
FROM counted`;

/** Deletes (one write statement, RETURNING id) and notifies how many rows it changed. */
const deletionSql = (write: string) => `
WITH gone AS (${write} RETURNING id),
counted AS (SELECT count(*)::int AS deleted, (array_agg(id))[1:${NOTIFY_IDS}] AS ids FROM gone)
SELECT deleted, (SELECT 1 FROM (SELECT pg_notify('${USERS_CHANGED_CHANNEL}',
  json_build_object('inserted', 0, 'updated', 0, 'deleted', deleted, 'ids', ids)::text)) AS n WHERE deleted > 0) AS notified
FROM counted`;

const SOFT_DELETE_SQL = deletionSql(
  'UPDATE seren_auth.users_sync SET deleted_at = now() WHERE id = ANY($1::text[]) AND deleted_at IS NULL',
);
const HARD_DELETE_SQL = deletionSql('DELETE FROM seren_auth.users_sync WHERE id = ANY($1::text[])');

export interface Checkpoint {
  /** The provider and instance this database mirrors (one per database). */
  provider: string;
  instanceId: string;
  instanceLabel: string;
  environment: string | null;
  /** The provider's own walk cursor after the last committed backfill page. */
  backfillCursor: string | null;
  backfillDone: boolean;
  highWaterMs: number | null;
  lastReconciledAt: Date | null;
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  /** Some of the ids written (capped like the notification's). */
  changedIds: string[];
}

function checkpointStatement(c: Checkpoint): Statement {
  return {
    sql: `INSERT INTO seren_auth.sync_state AS s
            (provider, instance_id, instance_label, environment, backfill_cursor, backfill_done, high_water_ms, last_reconciled_at, updated_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
          ON CONFLICT (provider) DO UPDATE SET instance_id = EXCLUDED.instance_id, instance_label = EXCLUDED.instance_label,
            environment = EXCLUDED.environment, backfill_cursor = EXCLUDED.backfill_cursor, backfill_done = EXCLUDED.backfill_done,
            high_water_ms = EXCLUDED.high_water_ms, last_reconciled_at = EXCLUDED.last_reconciled_at, updated_at = now()`,
    params: [c.provider, c.instanceId, c.instanceLabel, c.environment, c.backfillCursor, c.backfillDone,
      c.highWaterMs === null ? null : String(c.highWaterMs), c.lastReconciledAt],
  };
}

/** SQLSTATE classes that mean "this data cannot be stored" rather than "the database is unwell". */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

export interface QuarantinedUser {
  id: string;
  raw: unknown;
  error: string;
}

export class UsersStore {
  constructor(private readonly db: Database) {}

  /** The database's binding and progress: one row, whichever provider wrote it. */
  async readCheckpoint(): Promise<Checkpoint | null> {
    const { rows } = await this.db.query<{
      provider: string; instance_id: string; instance_label: string | null; environment: string | null;
      backfill_cursor: string | null; backfill_done: boolean; high_water_ms: string | null; last_reconciled_at: Date | null;
    }>('SELECT * FROM seren_auth.sync_state ORDER BY updated_at DESC LIMIT 1');
    const r = rows[0];
    if (!r) return null;
    return {
      provider: r.provider,
      instanceId: r.instance_id,
      instanceLabel: r.instance_label ?? r.instance_id,
      environment: r.environment,
      backfillCursor: r.backfill_cursor,
      backfillDone: r.backfill_done,
      highWaterMs: r.high_water_ms === null ? null : Number(r.high_water_ms),
      lastReconciledAt: r.last_reconciled_at,
    };
  }

  saveCheckpoint(checkpoint: Checkpoint): Promise<unknown> {
    return this.db.transaction([checkpointStatement(checkpoint)]);
  }

  /**
   * Writes one page and the checkpoint that follows it in one transaction. A page the database
   * rejects for its data is split until the bad users are isolated: they go to quarantine and
   * the rest are written, so one bad record never blocks the others. (Then the halves commit
   * first and the checkpoint after them; redoing a page after a crash is harmless.)
   */
  async writePage(page: MappedUser[], checkpoint: Checkpoint | null, also: Statement[] = []): Promise<WriteCounts & { quarantined: QuarantinedUser[] }> {
    const users = newestPerId(page);
    // `also`: more progress to commit with the page (a backfill partition's cursor).
    const tail = [...(checkpoint ? [checkpointStatement(checkpoint)] : []), ...also];
    let cause: unknown;
    try {
      return { ...(await this.writeBatch(users, tail)), quarantined: [] };
    } catch (error) {
      if (!isDataError(error) || users.length === 0) throw error;
      cause = error;
    }
    const quarantined: QuarantinedUser[] = [];
    const counts = await this.writeIsolatingBadRows(users, quarantined, cause);
    await this.db.transaction([...(quarantined.length > 0 ? [this.quarantineStatement(quarantined)] : []), ...tail]);
    return { ...counts, quarantined };
  }

  private async writeBatch(users: MappedUser[], tail: Statement[]): Promise<WriteCounts> {
    if (users.length === 0) {
      if (tail.length > 0) await this.db.transaction(tail);
      return noWrites();
    }
    const [result] = await this.db.transaction([this.upsertStatement(users), this.releaseQuarantineStatement(users), ...tail]);
    return countsOf(result);
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
        counts = await this.writeBatch(part, []);
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

  private upsertStatement(users: MappedUser[]): Statement {
    return { sql: UPSERT_SQL, params: [JSON.stringify(users)] };
  }

  private releaseQuarantineStatement(users: MappedUser[]): Statement {
    return { sql: 'DELETE FROM seren_auth.quarantine WHERE user_id = ANY($1::text[])', params: [users.map((u) => u.id)] };
  }

  private quarantineStatement(users: QuarantinedUser[]): Statement {
    return {
      sql: `INSERT INTO seren_auth.quarantine (user_id, raw_text, error)
            SELECT q->>'id', q->>'raw_text', q->>'error' FROM json_array_elements($1::json) AS q
            ON CONFLICT (user_id) DO UPDATE SET raw_text = EXCLUDED.raw_text, error = EXCLUDED.error, last_seen_at = now()`,
      // json (not jsonb) keeps escapes such as \\u0000 as text, which jsonb would refuse.
      params: [JSON.stringify(users.map((u) => ({ id: u.id, raw_text: JSON.stringify(u.raw), error: u.error })))],
    };
  }

  /** Marks users deleted (soft) or removes their rows (hard). Returns how many changed. */
  async markDeleted(ids: string[], mode: DeletionMode): Promise<number> {
    let total = 0;
    for (let i = 0; i < ids.length; i += 1000) {
      const [result] = await this.db.transaction([
        { sql: mode === 'hard' ? HARD_DELETE_SQL : SOFT_DELETE_SQL, params: [ids.slice(i, i + 1000)] },
      ]);
      total += Number((result.rows[0] as { deleted: number }).deleted);
    }
    return total;
  }

  /** Ids of the users the table holds as present at the provider. */
  async activeIds(): Promise<string[]> {
    const { rows } = await this.db.query<{ id: string }>('SELECT id FROM seren_auth.users_sync WHERE deleted_at IS NULL');
    return rows.map((r) => r.id);
  }

  /** The table's counts, and how many users the provider should report if it is in step. */
  async counts(): Promise<UserCounts> {
    const { rows } = await this.db.query<Record<keyof UserCounts, string>>(`SELECT *,
      (SELECT count(*) FROM seren_auth.quarantine q WHERE NOT EXISTS (
         SELECT 1 FROM seren_auth.users_sync u WHERE u.id = q.user_id AND u.deleted_at IS NULL)) AS "quarantinedAbsent"
      FROM (${USER_COUNTS_SQL}) AS c`);
    const r = rows[0];
    return { active: Number(r.active), deleted: Number(r.deleted), quarantined: Number(r.quarantined), quarantinedAbsent: Number(r.quarantinedAbsent) };
  }

  /** Drops quarantine entries for users the provider no longer lists. */
  async forgetQuarantinedExcept(seen: Set<string>): Promise<void> {
    const { rows } = await this.db.query<{ user_id: string }>('SELECT user_id FROM seren_auth.quarantine');
    const gone = rows.map((r) => r.user_id).filter((id) => !seen.has(id));
    if (gone.length > 0) {
      await this.db.query('DELETE FROM seren_auth.quarantine WHERE user_id = ANY($1::text[])', [gone]);
    }
  }

  async quarantined(): Promise<{ user_id: string; error: string; last_seen_at: Date }[]> {
    const { rows } = await this.db.query<{ user_id: string; error: string; last_seen_at: Date }>(
      'SELECT user_id, error, last_seen_at FROM seren_auth.quarantine ORDER BY last_seen_at DESC');
    return rows;
  }

  /**
   * PGlite runs no autovacuum: without this, every count the engine and the grid make scans the
   * whole heap (measured: 300 ms → 25 ms per poll at 100k users) and dead rows pile up.
   * Postgres vacuums by itself.
   */
  async vacuum(): Promise<void> {
    if (this.db.kind !== 'pglite') return;
    // A small work area: the WASM heap PGlite grows for it is never given back.
    await this.db.query(`SET maintenance_work_mem = '4MB'`);
    await this.db.query('VACUUM seren_auth.users_sync');
    await this.db.query('RESET maintenance_work_mem');
  }

  /** Forget the instance binding and cursor (used by --reset). Users rows are kept. */
  async resetState(): Promise<void> {
    await this.db.transaction([{ sql: 'DELETE FROM seren_auth.sync_state' }]);
  }

  async startRun(kind: string): Promise<number> {
    const { rows } = await this.db.query<{ id: string }>(
      `INSERT INTO seren_auth.sync_runs (kind, status) VALUES ($1, 'running') RETURNING id`, [kind]);
    return Number(rows[0].id);
  }

  async finishRun(id: number, status: 'ok' | 'failed' | 'stopped', c: { inserted: number; updated: number; deleted: number; quarantined: number }, error: string | null): Promise<void> {
    await this.db.query(
      `UPDATE seren_auth.sync_runs SET status = $2, finished_at = now(), inserted = $3, updated = $4, deleted = $5, quarantined = $6, error = $7 WHERE id = $1`,
      [id, status, c.inserted, c.updated, c.deleted, c.quarantined, error]);
  }
}

/**
 * One entry per user, the newest version: offset pages read while users change can repeat a
 * user, and one INSERT … ON CONFLICT cannot touch the same row twice.
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

function countsOf(result: DbResult): WriteCounts {
  const row = result.rows[0] as { inserted: number; updated: number; ids: string[] | null } | undefined;
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0), changedIds: row?.ids ?? [] };
}
