// Reads of seren_auth.users_sync for the users grid and the raw_json inspector.
import type { Database } from '../db/database.js';
import type { ApiOutputs, ApiParsedInput } from '../../../shared/api.js';
import type { UserRow } from '../../../shared/types.js';
import { isoOrNull } from './json-safe.js';

const COLUMNS = 'id, name, email, created_at, updated_at, deleted_at';
// Sort columns are validated by the contract's enum; this map keeps SQL out of the input.
const SORTABLE = { id: 'id', name: 'name', email: 'email', created_at: 'created_at', updated_at: 'updated_at', deleted_at: 'deleted_at' } as const;

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

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listUsers(db: Database, input: ApiParsedInput<'listUsers'>): Promise<ApiOutputs['listUsers']> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (input.search.trim() !== '') {
    params.push(`%${escapeLike(input.search.trim())}%`);
    where.push(`(id ILIKE $${params.length} OR name ILIKE $${params.length} OR email ILIKE $${params.length})`);
  }
  if (input.filter === 'active') where.push('deleted_at IS NULL');
  if (input.filter === 'deleted') where.push('deleted_at IS NOT NULL');
  const whereSql = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  const column = SORTABLE[input.sort.column];
  const direction = input.sort.direction === 'asc' ? 'ASC' : 'DESC';
  const [page, total] = await Promise.all([
    db.query(
      `SELECT ${COLUMNS} FROM seren_auth.users_sync ${whereSql}
       ORDER BY ${column} ${direction} NULLS LAST, id ${direction} LIMIT ${input.limit} OFFSET ${input.offset}`,
      params,
    ),
    db.query<{ n: string }>(`SELECT count(*) AS n FROM seren_auth.users_sync ${whereSql}`, params),
  ]);
  return { rows: page.rows.map(toRow), total: Number(total.rows[0].n) };
}

export async function getUser(db: Database, id: string): Promise<ApiOutputs['getUser']> {
  const { rows } = await db.query(`SELECT ${COLUMNS}, raw_json FROM seren_auth.users_sync WHERE id = $1`, [id]);
  if (rows.length === 0) return null;
  return { row: toRow(rows[0]), rawJson: rows[0].raw_json };
}
