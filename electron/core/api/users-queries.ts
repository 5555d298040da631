// Reads of seren_auth.users_sync for the users grid and the raw_json inspector.
//
// The grid pages by keyset: a page starts just after (or before) a row's (sort value, id), which
// an index on (column, id) answers at any depth. A jump to an arbitrary scroll position starts
// "at" a row number instead; that OFFSET runs on an index-only scan returning ids only, and the
// wide columns are joined for the page's rows alone, counting from whichever end is nearer. NULLs sort last in both directions, so a
// nullable column's ordering is two segments, each walking its index: the non-NULL values by
// (column, id), then the NULLs by id.
import type { Database } from '../db/database.js';
import type { ApiOutputs, ApiParsedInput } from '../../../shared/api.js';
import type { UserRow, UserSortColumn, UserSortKey } from '../../../shared/types.js';
import { isoOrNull } from './json-safe.js';

type Input = ApiParsedInput<'listUsers'>;
type Direction = 'ASC' | 'DESC';

const COLUMNS = 'u.id, u.name, u.email, u.created_at, u.updated_at, u.deleted_at';
// Sort columns are validated by the contract's enum; these maps keep SQL out of the input.
const SQL_TYPE: Record<UserSortColumn, 'text' | 'timestamptz'> = {
  id: 'text', name: 'text', email: 'text', created_at: 'timestamptz', updated_at: 'timestamptz', deleted_at: 'timestamptz',
};

interface Segment {
  /** Which rows belong to the segment. */
  where: string;
  /** Ordering keys, most significant first; the last is always id. */
  keys: string[];
}

function segmentsOf(column: UserSortColumn): Segment[] {
  if (column === 'id') return [{ where: 'TRUE', keys: ['id'] }];
  return [
    { where: `${column} IS NOT NULL`, keys: [column, 'id'] },
    { where: `${column} IS NULL`, keys: ['id'] },
  ];
}

function segmentOfKey(column: UserSortColumn, key: UserSortKey): number {
  return column !== 'id' && key.value === null ? 1 : 0;
}

/** Collects bind parameters while a statement is written. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function filterSql(input: Input, params: Params): string {
  const where: string[] = [];
  const search = input.search.trim();
  if (search !== '') {
    const p = params.add(`%${escapeLike(search)}%`);
    where.push(`(id ILIKE ${p} OR name ILIKE ${p} OR email ILIKE ${p})`);
  }
  if (input.filter === 'active') where.push('deleted_at IS NULL');
  if (input.filter === 'deleted') where.push('deleted_at IS NOT NULL');
  return where.length > 0 ? where.join(' AND ') : 'TRUE';
}

/** `(keys) > (key)` in the walking direction: rows strictly after the key within its segment. */
function afterKeySql(column: UserSortColumn, segment: Segment, key: UserSortKey, direction: Direction, params: Params): string {
  const op = direction === 'ASC' ? '>' : '<';
  if (segment.keys.length === 1) return `id ${op} ${params.add(key.id)}`;
  return `(${column}, id) ${op} (${params.add(key.value)}::${SQL_TYPE[column]}, ${params.add(key.id)})`;
}

function flip(direction: Direction): Direction {
  return direction === 'ASC' ? 'DESC' : 'ASC';
}

function toRow(r: Record<string, unknown>): UserRow {
  return {
    id: r.id as string,
    name: (r.name as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    created_at: isoOrNull(r.created_at),
    updated_at: isoOrNull(r.updated_at),
    deleted_at: isoOrNull(r.deleted_at),
  };
}

interface Fetched {
  row: UserRow;
  key: UserSortKey;
}

class UsersReader {
  private readonly column: UserSortColumn;
  private readonly direction: Direction;
  private readonly segments: Segment[];

  constructor(
    private readonly db: Database,
    private readonly input: Input,
  ) {
    this.column = input.sort.column;
    this.direction = input.sort.direction === 'asc' ? 'ASC' : 'DESC';
    this.segments = segmentsOf(this.column);
  }

  /** One segment's rows: ids from the index (past `after`, skipping `offset`), then their columns. */
  private async readSegment(
    segment: Segment, direction: Direction, limit: number, after: UserSortKey | null, offset: number,
  ): Promise<Fetched[]> {
    const params = new Params();
    const conditions = [filterSql(this.input, params), segment.where];
    if (after) conditions.push(afterKeySql(this.column, segment, after, direction, params));
    const order = (alias: string) => segment.keys.map((k) => `${alias}${k} ${direction}`).join(', ');
    const sortKey = this.column === 'id' ? 'u.id' : `u.${this.column}::text`;
    const { rows } = await this.db.query(
      `SELECT ${COLUMNS}, ${sortKey} AS sort_key
         FROM (SELECT id FROM seren_auth.users_sync WHERE ${conditions.join(' AND ')}
                ORDER BY ${order('')} OFFSET ${offset} LIMIT ${limit}) k
         JOIN seren_auth.users_sync u ON u.id = k.id
        ORDER BY ${order('u.')}`,
      params.values,
    );
    return rows.map((r) => ({ row: toRow(r), key: { value: (r.sort_key as string | null) ?? null, id: r.id as string } }));
  }

  private async countWhere(extra: (params: Params) => string): Promise<number> {
    const params = new Params();
    const filter = filterSql(this.input, params);
    const { rows } = await this.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM seren_auth.users_sync WHERE ${filter} AND (${extra(params)})`,
      params.values,
    );
    return Number(rows[0].n);
  }

  /**
   * Walks the segments in `order` from segment `first`, past `after` or skipping `offset` rows,
   * until `limit` rows are read. An offset beyond a segment's end is carried into the next one.
   */
  private async walk(
    order: Segment[], direction: Direction, first: number, limit: number, after: UserSortKey | null, offset: number,
  ): Promise<Fetched[]> {
    const out: Fetched[] = [];
    let skip = offset;
    for (let i = first; i < order.length && out.length < limit; i++) {
      const got = await this.readSegment(order[i], direction, limit - out.length, i === first ? after : null, skip);
      if (got.length === 0 && skip > 0 && i + 1 < order.length) {
        skip -= await this.countWhere(() => order[i].where);
        if (skip < 0) break;
        continue;
      }
      out.push(...got);
      skip = 0;
    }
    return out;
  }

  async page(): Promise<Fetched[]> {
    const { start, limit } = this.input;
    if (limit === 0) return [];
    if ('at' in start) return this.walk(this.segments, this.direction, 0, limit, null, start.at);
    const reversed = [...this.segments].reverse();
    if ('fromEnd' in start) return (await this.walk(reversed, flip(this.direction), 0, limit, null, start.fromEnd)).reverse();
    if ('after' in start) {
      return this.walk(this.segments, this.direction, segmentOfKey(this.column, start.after), limit, start.after, 0);
    }
    // Before a key: walk backwards through the segments in reverse, then restore display order.
    const first = reversed.length - 1 - segmentOfKey(this.column, start.before);
    const rows = await this.walk(reversed, flip(this.direction), first, limit, start.before, 0);
    return rows.reverse();
  }

  total(): Promise<number> {
    return this.countWhere(() => 'TRUE');
  }

  /** Rows before `key` in display order. */
  position(key: UserSortKey): Promise<number> {
    const s = segmentOfKey(this.column, key);
    return this.countWhere((params) => {
      const within = `${this.segments[s].where} AND ${afterKeySql(this.column, this.segments[s], key, flip(this.direction), params)}`;
      const earlier = this.segments.slice(0, s).map((seg) => seg.where);
      return [...earlier, `(${within})`].join(' OR ');
    });
  }
}

export async function listUsers(db: Database, input: Input): Promise<ApiOutputs['listUsers']> {
  const reader = new UsersReader(db, input);
  const [fetched, total, position] = await Promise.all([
    reader.page(),
    input.withTotal ? reader.total() : Promise.resolve(null),
    input.locate ? reader.position(input.locate) : Promise.resolve(null),
  ]);
  return { rows: fetched.map((f) => f.row), keys: fetched.map((f) => f.key), total, position };
}

export async function getUser(db: Database, id: string): Promise<ApiOutputs['getUser']> {
  const { rows } = await db.query(
    `SELECT ${COLUMNS}, u.raw_json FROM seren_auth.users_sync u WHERE u.id = $1`,
    [id],
  );
  if (rows.length === 0) return null;
  return { row: toRow(rows[0]), rawJson: rows[0].raw_json };
}
