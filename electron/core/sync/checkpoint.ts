// The sync's resume point in seren_auth.sync_state: one row per provider, written in the same
// transaction as the page it follows.
import type { Database, Statement } from '../db/database.js';

export interface Checkpoint {
  instanceId: string;
  environment: string;
  backfillCursor: string | null;
  backfillDone: boolean;
  highWaterMs: number | null;
  lastReconciledAt: Date | null;
}

export function checkpointStatement(provider: string, c: Checkpoint): Statement {
  return {
    sql: `INSERT INTO seren_auth.sync_state AS s
            (provider, instance_id, environment, backfill_cursor, backfill_done, high_water_ms, last_reconciled_at, updated_at)
          VALUES ($1, $2, $3, $4, $5, $6, $7, now())
          ON CONFLICT (provider) DO UPDATE SET instance_id = EXCLUDED.instance_id, environment = EXCLUDED.environment,
            backfill_cursor = EXCLUDED.backfill_cursor, backfill_done = EXCLUDED.backfill_done,
            high_water_ms = EXCLUDED.high_water_ms, last_reconciled_at = EXCLUDED.last_reconciled_at, updated_at = now()`,
    params: [provider, c.instanceId, c.environment, c.backfillCursor, c.backfillDone, c.highWaterMs === null ? null : String(c.highWaterMs), c.lastReconciledAt],
  };
}

export async function readCheckpoint(db: Database, provider: string): Promise<Checkpoint | null> {
  const { rows } = await db.query<{
    instance_id: string; environment: string; backfill_cursor: string | null; backfill_done: boolean;
    high_water_ms: string | null; last_reconciled_at: Date | null;
  }>('SELECT * FROM seren_auth.sync_state WHERE provider = $1', [provider]);
  const r = rows[0];
  if (!r) return null;
  return {
    instanceId: r.instance_id,
    environment: r.environment,
    backfillCursor: r.backfill_cursor,
    backfillDone: r.backfill_done,
    highWaterMs: r.high_water_ms === null ? null : Number(r.high_water_ms),
    lastReconciledAt: r.last_reconciled_at,
  };
}
