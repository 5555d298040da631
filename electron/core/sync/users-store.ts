// The engine's reads and writes of seren_auth: pages of users (page-writer.ts), deletions, the
// checkpoint, quarantine and the run log. Every write that changes users_sync notifies
// `seren_auth_users_sync` in the same transaction, so listeners hear about it when it commits.
import type { Database, Statement } from '../db/database.js';
import type { DeletionMode, UsersChangedEvent } from '../../../shared/types.js';
import { type Checkpoint, checkpointStatement, readCheckpoint } from './checkpoint.js';
import { PageWriter, type QuarantinedUser } from './page-writer.js';
import type { MappedUser } from '../providers/provider.js';
import { DEFAULT_WRITE_PATH, NOTIFY_IDS, USERS_CHANGED_CHANNEL, type WriteCounts, type WritePath } from './upsert-statements.js';

export { USERS_CHANGED_CHANNEL, type Checkpoint, type QuarantinedUser, type WriteCounts, type WritePath };

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

export class UsersStore {
  private readonly pages: PageWriter;

  constructor(
    private readonly db: Database,
    /** How pages are written; the measured faster path for the target by default. */
    writePath: WritePath = DEFAULT_WRITE_PATH[db.kind],
  ) {
    this.pages = new PageWriter(db, writePath);
  }

  /** The database's binding and progress: one row, whichever provider wrote it. */
  readCheckpoint(): Promise<Checkpoint | null> {
    return readCheckpoint(this.db);
  }

  saveCheckpoint(checkpoint: Checkpoint): Promise<unknown> {
    return this.db.transaction([checkpointStatement(checkpoint)]);
  }

  /**
   * Writes one page and the checkpoint that follows it in one transaction (with `also`: more
   * progress to commit with the page, such as a backfill partition's cursor); users the database
   * rejects are quarantined and the others written (see PageWriter).
   */
  writePage(page: MappedUser[], checkpoint: Checkpoint | null, also: Statement[] = []): Promise<WriteCounts & { quarantined: QuarantinedUser[] }> {
    return this.pages.write(page, [...(checkpoint ? [checkpointStatement(checkpoint)] : []), ...also]);
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

  /** Ids of the users the table holds as present at the provider; with `createdBefore`, only those created before it (a scan cannot vouch for later ones). */
  async activeIds(createdBefore?: Date): Promise<string[]> {
    const { rows } = createdBefore
      ? await this.db.query<{ id: string }>('SELECT id FROM seren_auth.users_sync WHERE deleted_at IS NULL AND (created_at IS NULL OR created_at < $1)', [createdBefore])
      : await this.db.query<{ id: string }>('SELECT id FROM seren_auth.users_sync WHERE deleted_at IS NULL');
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
