// Versioned schema migrations, recorded in seren_auth.schema_migrations. Each migration runs in one
// transaction together with its bookkeeping row. The SQL must run on PostgreSQL 15+ and on PGlite
// (PG 18), and touches nothing outside the seren_auth schema.
import type { Database, Statement } from './database.js';

export interface Migration {
  version: number;
  name: string;
  /**
   * One statement per entry, sent one per protocol message. Written out rather than split by the
   * SQL parser at start-up: the parser's WASM memory (~40 MB resident once it has parsed) would
   * stay with a sync process for its lifetime. test/db/migrations.test.ts checks each entry with it.
   */
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'users_sync and sync bookkeeping',
    // users_sync is a public contract: developers query it from their own code.
    statements: [
      `CREATE SCHEMA IF NOT EXISTS seren_auth`,
      `CREATE TABLE seren_auth.users_sync (
  id         text PRIMARY KEY,
  name       text,
  email      text,
  created_at timestamptz,
  updated_at timestamptz,
  deleted_at timestamptz,
  raw_json   jsonb NOT NULL
)`,
      `CREATE INDEX users_sync_deleted_at_idx ON seren_auth.users_sync (deleted_at)`,
      `CREATE TABLE seren_auth.sync_state (
  provider            text PRIMARY KEY,          -- 'clerk'
  instance_id         text NOT NULL,
  environment         text NOT NULL,
  backfill_cursor     text,                      -- last user id committed by the backfill (starting_after)
  backfill_done       boolean NOT NULL DEFAULT false,
  high_water_ms       bigint,                    -- newest provider updated_at applied, ms
  last_reconciled_at  timestamptz,
  updated_at          timestamptz NOT NULL DEFAULT now()
)`,
      `CREATE TABLE seren_auth.sync_runs (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL,
  status       text NOT NULL,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  inserted     integer NOT NULL DEFAULT 0,
  updated      integer NOT NULL DEFAULT 0,
  deleted      integer NOT NULL DEFAULT 0,
  quarantined  integer NOT NULL DEFAULT 0,
  error        text
)`,
      `CREATE TABLE seren_auth.quarantine (
  user_id       text PRIMARY KEY,
  raw_text      text NOT NULL,
  error         text NOT NULL,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now()
)`,
    ],
  },
  {
    version: 2,
    name: 'one provider and instance per database',
    // sync_state was keyed by provider, users_sync is not: a second provider's engine would have
    // found no binding and walked over the first one's users. Now one row binds the database.
    statements: [
      `ALTER TABLE seren_auth.sync_state ADD COLUMN instance_label text`,
      `ALTER TABLE seren_auth.sync_state ALTER COLUMN environment DROP NOT NULL`,
      `CREATE UNIQUE INDEX sync_state_one_binding ON seren_auth.sync_state ((true))`,
      `COMMENT ON COLUMN seren_auth.sync_state.provider IS 'the provider this database mirrors: clerk, stack'`,
      `COMMENT ON COLUMN seren_auth.sync_state.backfill_cursor IS 'the provider''s own walk cursor after the last committed backfill page'`,
    ],
  },
  {
    version: 3,
    name: 'indexes for the users grid sort columns',
    // Keyset paging walks (column, id) in either direction. deleted_at rides along so the
    // Active/Deleted filters and the position look-ups stay index-only scans.
    statements: [
      `CREATE INDEX users_sync_name_id_idx ON seren_auth.users_sync (name, id) INCLUDE (deleted_at)`,
      `CREATE INDEX users_sync_email_id_idx ON seren_auth.users_sync (email, id) INCLUDE (deleted_at)`,
      `CREATE INDEX users_sync_created_at_id_idx ON seren_auth.users_sync (created_at, id) INCLUDE (deleted_at)`,
      `CREATE INDEX users_sync_updated_at_id_idx ON seren_auth.users_sync (updated_at, id) INCLUDE (deleted_at)`,
      `CREATE INDEX users_sync_deleted_at_id_idx ON seren_auth.users_sync (deleted_at, id)`,
      `DROP INDEX seren_auth.users_sync_deleted_at_idx`,
    ],
  },
  {
    version: 4,
    // Range counts use version 3's (created_at, id) INCLUDE (deleted_at) index: no index of their own.
    name: 'backfill partitions',
    statements: [
      `CREATE TABLE seren_auth.backfill_partitions (
  provider   text NOT NULL,
  id         integer NOT NULL,
  from_ms    bigint,                 -- created_at lower bound, inclusive (null: from the first user)
  to_ms      bigint,                 -- created_at upper bound, exclusive (null: open)
  cursor     text,                   -- the provider's cursor after the last committed page
  done       boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (provider, id)
)`,
    ],
  },
];

/** Arbitrary constant key for pg_advisory_xact_lock, shared by every seren-auth process. */
const MIGRATION_LOCK_KEY = 7_372_915_001;

const BOOKKEEPING: Statement[] = [
  { sql: 'CREATE SCHEMA IF NOT EXISTS seren_auth' },
  {
    sql: `CREATE TABLE IF NOT EXISTS seren_auth.schema_migrations (
  version    int PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`,
  },
];

export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<{ applied: number[] }> {
  // On a shared Postgres two engines may start together; the lock serialises them. PGlite is
  // single-process (folder lock), so it needs none.
  const lock: Statement[] = db.kind === 'postgres' ? [{ sql: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})` }] : [];
  await db.transaction([...lock, ...BOOKKEEPING]);

  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (await isApplied(db, migration.version)) continue;
    try {
      await db.transaction([
        ...lock,
        // First, so a concurrent runner that got here first makes this fail before any DDL.
        { sql: 'INSERT INTO seren_auth.schema_migrations (version, name) VALUES ($1, $2)', params: [migration.version, migration.name] },
        ...migration.statements.map((sql) => ({ sql })),
      ]);
      applied.push(migration.version);
    } catch (error) {
      if (await isApplied(db, migration.version)) continue; // another process applied it meanwhile
      throw error;
    }
  }
  return { applied };
}

async function isApplied(db: Database, version: number): Promise<boolean> {
  const result = await db.query('SELECT 1 FROM seren_auth.schema_migrations WHERE version = $1', [version]);
  return result.rows.length > 0;
}
