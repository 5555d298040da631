// seren_auth.backfill_partitions: one row per slice of a parallel backfill, with the provider's
// cursor after its last committed page. The cursor is written by the same transaction as the
// page (see checkpointStatement), so after a crash every partition resumes where it stopped.
import type { Database, Statement } from '../db/database.js';
import type { CreatedRange } from './created-range.js';

export interface Partition extends CreatedRange {
  id: number;
  /** The provider's cursor for the partition's next page; null before its first page. */
  cursor: string | null;
  done: boolean;
}

const bigintParam = (ms: number | null) => (ms === null ? null : String(ms));

export class PartitionStore {
  constructor(
    private readonly db: Database,
    private readonly provider: string,
  ) {}

  async load(): Promise<Partition[]> {
    const { rows } = await this.db.query<{ id: number; from_ms: string | null; to_ms: string | null; cursor: string | null; done: boolean }>(
      'SELECT id, from_ms, to_ms, cursor, done FROM seren_auth.backfill_partitions WHERE provider = $1 ORDER BY id',
      [this.provider],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      from: r.from_ms === null ? null : Number(r.from_ms),
      to: r.to_ms === null ? null : Number(r.to_ms),
      cursor: r.cursor,
      done: r.done,
    }));
  }

  /** Replaces the plan (a new backfill): every partition in one transaction. */
  async replace(partitions: Partition[]): Promise<void> {
    await this.db.transaction([
      { sql: 'DELETE FROM seren_auth.backfill_partitions WHERE provider = $1', params: [this.provider] },
      ...partitions.map((p) => this.insertStatement(p)),
    ]);
  }

  /** `shrunk` now ends where `added` starts: both saved together, so a crash keeps the whole range covered. */
  async split(shrunk: Partition, added: Partition): Promise<void> {
    await this.db.transaction([
      {
        sql: 'UPDATE seren_auth.backfill_partitions SET to_ms = $3, updated_at = now() WHERE provider = $1 AND id = $2',
        params: [this.provider, shrunk.id, bigintParam(shrunk.to)],
      },
      this.insertStatement(added),
    ]);
  }

  /** The partition's progress, to commit with the page that made it. */
  checkpointStatement(partition: Pick<Partition, 'id' | 'cursor' | 'done'>): Statement {
    return {
      sql: 'UPDATE seren_auth.backfill_partitions SET cursor = $3, done = $4, updated_at = now() WHERE provider = $1 AND id = $2',
      params: [this.provider, partition.id, partition.cursor, partition.done],
    };
  }

  /** Forgets every plan (a reset: the next backfill, of whichever instance, plans afresh). */
  async clear(): Promise<void> {
    await this.db.query('DELETE FROM seren_auth.backfill_partitions');
  }

  private insertStatement(p: Partition): Statement {
    return {
      sql: `INSERT INTO seren_auth.backfill_partitions (provider, id, from_ms, to_ms, cursor, done) VALUES ($1, $2, $3, $4, $5, $6)`,
      params: [this.provider, p.id, bigintParam(p.from), bigintParam(p.to), p.cursor, p.done],
    };
  }
}
