// The statements that write one batch of users, by either of two paths with the same result:
// - 'jsonb': the batch as one JSON array parameter, unpacked by jsonb_array_elements;
// - 'copy': the batch streamed by COPY into a session-local temporary table, then merged.
// On the jsonb path, users that came from one provider page body are read from those bytes
// (page-source.ts) instead of being serialised again. Both end in the same merge: a row is
// rewritten only when its content changed (or it was marked deleted), never by an older provider
// version, and the statement notifies `seren_auth_users_sync` in its transaction.
// test/bench/write-paths.ts measures the two.
import { type Database, DatabaseError, type DbResult, type Statement } from '../db/database.js';
import type { MappedUser } from '../providers/provider.js';
import { withLeadingByte } from '../providers/page-body.js';
import { sharedPageBody } from './page-source.js';

export const USERS_CHANGED_CHANNEL = 'seren_auth_users_sync';

/** Ids carried in a notification: enough to highlight rows, well under NOTIFY's 8000 bytes. */
export const NOTIFY_IDS = 50;

export type WritePath = 'jsonb' | 'copy';

/**
 * The faster path per target, measured with test/bench/write-paths.ts (README, Speed): 'jsonb' on
 * both. On Postgres the two load new users equally fast (parsing jsonb in the server dominates
 * both), and re-reading unchanged users is 1.5x slower through COPY (the temporary table is
 * written and read back). On PGlite COPY is 1.3-1.6x slower: four statements per batch through
 * the worker instead of one, and /dev/blob is read a byte at a time in JS.
 */
export const DEFAULT_WRITE_PATH: Record<Database['kind'], WritePath> = { postgres: 'jsonb', pglite: 'jsonb' };

/**
 * How a provider's page body goes to the database on the jsonb path: Postgres takes the bytes as a
 * binary jsonb parameter (its binary format is a version byte, then the text); PGlite's parameters
 * are text.
 */
export type PageBodyParam = 'binary' | 'text';
export const PAGE_BODY_PARAM: Record<Database['kind'], PageBodyParam> = { postgres: 'binary', pglite: 'text' };

export interface WriteCounts {
  inserted: number;
  updated: number;
  /** Some of the ids written (capped like the notification's). */
  changedIds: string[];
}

// ms since the epoch → timestamptz, exact to the millisecond (no float rounding).
const msToTimestamp = (expr: string) => `('1970-01-01T00:00:00Z'::timestamptz + (${expr})::bigint * interval '1 millisecond')`;

/** Merges `incoming` (id, name, email, created_at, updated_at, raw_json) into users_sync; one counts row. */
const mergeSql = (incoming: string) => `
WITH incoming AS (${incoming}), written AS (
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

const JSONB_UPSERT_SQL = mergeSql(`
  SELECT u->>'id' AS id, u->>'name' AS name, u->>'email' AS email,
         ${msToTimestamp("u->>'created_at'")} AS created_at,
         ${msToTimestamp("u->>'updated_at'")} AS updated_at,
         u->'raw' AS raw_json
  FROM jsonb_array_elements($1::jsonb) AS u`);

// The same rows from the provider's page body ($1, parsed by the database as sent) and the
// mapped columns of the users kept from it ($2: element index and columns, no raw).
const PAGE_BODY_UPSERT_SQL = mergeSql(`
  SELECT u->>'id' AS id, u->>'name' AS name, u->>'email' AS email,
         ${msToTimestamp("u->>'created_at'")} AS created_at,
         ${msToTimestamp("u->>'updated_at'")} AS updated_at,
         page.raw AS raw_json
  FROM jsonb_array_elements($2::jsonb) AS u
  JOIN jsonb_array_elements($1::jsonb) WITH ORDINALITY AS page (raw, n) ON page.n = (u->>'i')::bigint + 1`);

/** Per session, emptied at every commit (and on rollback): nothing outlives the batch. */
const INCOMING_TABLE = 'seren_auth_incoming';
const COPY_STATEMENTS: Statement[] = [
  // CREATE … IF NOT EXISTS notices "already exists" on every batch after the first.
  { sql: 'SET LOCAL client_min_messages = warning' },
  {
    sql: `CREATE TEMP TABLE IF NOT EXISTS ${INCOMING_TABLE}
            (id text, name text, email text, created_ms bigint, updated_ms bigint, raw_json jsonb) ON COMMIT DELETE ROWS`,
  },
];
const COPY_SQL = `COPY pg_temp.${INCOMING_TABLE} (id, name, email, created_ms, updated_ms, raw_json) FROM STDIN`;
const COPY_MERGE_SQL = mergeSql(`
  SELECT id, name, email, ${msToTimestamp('created_ms')} AS created_at, ${msToTimestamp('updated_ms')} AS updated_at, raw_json
  FROM pg_temp.${INCOMING_TABLE}`);

/** jsonb's binary format version (Postgres's jsonb_recv): the byte before the text. */
const JSONB_BINARY_VERSION = 1;
const utf8 = new TextDecoder();

/**
 * The statements writing `users` (one entry per id); the last one returns the counts row. On the
 * jsonb path, users that all came from one page body are written from it (page-source.ts);
 * `pageBody` null writes them from their parsed objects.
 */
export function upsertStatements(users: MappedUser[], path: WritePath, pageBody: PageBodyParam | null = null): Statement[] {
  const page = pageBody && path === 'jsonb' ? sharedPageBody(users) : null;
  if (page) {
    const columns = users.map(({ id, name, email, created_at, updated_at }, i) => ({ i: page.indexes[i], id, name, email, created_at, updated_at }));
    const body = pageBody === 'binary' ? withLeadingByte(page.body, JSONB_BINARY_VERSION) : utf8.decode(page.body);
    return [{ sql: PAGE_BODY_UPSERT_SQL, params: [body, JSON.stringify(columns)] }];
  }
  if (path === 'jsonb') return [{ sql: JSONB_UPSERT_SQL, params: [JSON.stringify(users)] }];
  return [...COPY_STATEMENTS, { sql: COPY_SQL, copyFrom: copyRows(users) }, { sql: COPY_MERGE_SQL }];
}

export function countsOf(result: DbResult): WriteCounts {
  const row = result.rows[0] as { inserted: number; updated: number; ids: string[] | null } | undefined;
  return { inserted: Number(row?.inserted ?? 0), updated: Number(row?.updated ?? 0), changedIds: row?.ids ?? [] };
}

// COPY text format: tab-separated, \N for null, backslash escapes for \ and the separators.
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const copyField = (value: string | null) => (value === null ? '\\N' : value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]));
// Milliseconds as text: the merge turns them into timestamptz exactly as the jsonb path does.
const copyMs = (ms: number | null) => (ms === null ? '\\N' : String(ms));

function copyRows(users: MappedUser[]): string {
  let text = '';
  for (const u of users) {
    refuseNul(u);
    text += `${copyField(u.id)}\t${copyField(u.name)}\t${copyField(u.email)}\t${copyMs(u.created_at)}\t${copyMs(u.updated_at)}\t${copyField(JSON.stringify(u.raw))}\n`;
  }
  return text;
}

/**
 * Postgres text cannot hold NUL. Through COPY the whole batch would fail on "invalid byte
 * sequence 0x00" naming no field; say which, as a data error (class 22), so the page writer
 * isolates and quarantines just this user.
 */
function refuseNul(u: MappedUser): void {
  for (const field of ['id', 'name', 'email'] as const) {
    if (u[field]?.includes('\u0000')) {
      throw new DatabaseError(`The user's ${field} contains a NUL character (\\u0000), which Postgres text cannot store.`, '22021');
    }
  }
}
