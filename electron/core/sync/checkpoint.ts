// The sync's binding and resume point in seren_auth.sync_state (one row per database), written
// in the same transaction as the page it follows.
import type { Database, Statement } from '../db/database.js';

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

export function checkpointStatement(c: Checkpoint): Statement {
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

/** The database's binding and progress: one row, whichever provider wrote it. */
export async function readCheckpoint(db: Database): Promise<Checkpoint | null> {
  const { rows } = await db.query<{
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
