// The table's side of a range comparison: active rows of seren_auth.users_sync whose created_at
// lies in a created-at range (a row with no created_at belongs to the range that starts at the
// beginning). Served by the (created_at, id) INCLUDE (deleted_at) index of migration 3.
import type { Database } from '../db/database.js';
import type { CreatedRange } from './created-range.js';

export interface RangeProfile {
  active: number;
  /** Creation times (ms) of the oldest, middle and newest active rows of the range; null when it has none. */
  minMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
}

export interface LocalRanges {
  profile(range: CreatedRange): Promise<RangeProfile>;
  countActive(range: CreatedRange): Promise<number>;
  activeIds(range: CreatedRange): Promise<string[]>;
}

const ms = (column: string) => `floor(extract(epoch FROM ${column}) * 1000)::bigint`;
const timestamp = (param: string) => `('1970-01-01T00:00:00Z'::timestamptz + ${param}::bigint * interval '1 millisecond')`;

/** The WHERE clause for active rows in `range`, and its parameters (ms as strings: exact bigints). */
function rangeFilter(range: CreatedRange): { where: string; params: string[] } {
  const clauses = ['deleted_at IS NULL'];
  const params: string[] = [];
  if (range.from !== null) {
    params.push(String(range.from));
    clauses.push(`created_at >= ${timestamp(`$${params.length}`)}`);
  }
  if (range.to !== null) {
    params.push(String(range.to));
    clauses.push(`(created_at < ${timestamp(`$${params.length}`)} OR created_at IS NULL)`);
  }
  return { where: clauses.join(' AND '), params };
}

const orNull = (value: string | null) => (value === null ? null : Number(value));

export class UsersTableRanges implements LocalRanges {
  constructor(private readonly db: Database) {}

  async profile(range: CreatedRange): Promise<RangeProfile> {
    const { where, params } = rangeFilter(range);
    const { rows } = await this.db.query<{ active: string; min_ms: string | null; median_ms: string | null; max_ms: string | null }>(
      `SELECT count(*) AS active, ${ms('min(created_at)')} AS min_ms,
              ${ms('percentile_disc(0.5) WITHIN GROUP (ORDER BY created_at)')} AS median_ms, ${ms('max(created_at)')} AS max_ms
         FROM seren_auth.users_sync WHERE ${where}`,
      params,
    );
    const r = rows[0];
    return { active: Number(r.active), minMs: orNull(r.min_ms), medianMs: orNull(r.median_ms), maxMs: orNull(r.max_ms) };
  }

  async countActive(range: CreatedRange): Promise<number> {
    const { where, params } = rangeFilter(range);
    const { rows } = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM seren_auth.users_sync WHERE ${where}`, params);
    return Number(rows[0].n);
  }

  async activeIds(range: CreatedRange): Promise<string[]> {
    const { where, params } = rangeFilter(range);
    const { rows } = await this.db.query<{ id: string }>(`SELECT id FROM seren_auth.users_sync WHERE ${where}`, params);
    return rows.map((r) => r.id);
  }
}
