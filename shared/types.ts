// Domain types shared by the core (main process / CLI / serve) and the renderer.
// Everything here must survive JSON and structured clone: no Date, no BigInt.

export type DeletionMode = 'soft' | 'hard';
export type InstanceEnvironment = 'development' | 'production';

/** One row of seren_auth.users_sync as the UI sees it (timestamps as ISO strings). */
export interface UserRow {
  id: string;
  name: string | null;
  email: string | null;
  created_at: string | null;
  updated_at: string | null;
  deleted_at: string | null;
}

export type UserFilter = 'active' | 'deleted' | 'all';
export type UserSortColumn = 'id' | 'name' | 'email' | 'created_at' | 'updated_at' | 'deleted_at';

export interface UserSortKey {
  /** The sort column's exact text as Postgres prints it (timestamps keep their microseconds). */
  value: string | null;
  id: string;
}

export interface UserPage {
  rows: UserRow[];
  /** Each row's place in the ordering, for keyset paging from it. */
  keys: UserSortKey[];
  /** Rows matching the search and filter, when asked for (withTotal). */
  total: number | null;
  /** Rows before the `locate` key, when one was given. */
  position: number | null;
}

export type SyncState =
  | 'idle' // no provider linked yet
  | 'starting'
  | 'backfilling'
  | 'catching_up'
  | 'reconciling'
  | 'watching'
  | 'retrying'
  | 'paused'
  | 'guard_stopped' // mass-deletion guard refused to apply a reconciliation
  | 'failed' // a non-retryable error (bad key, instance mismatch)
  | 'stopped';

export interface SyncStatus {
  state: SyncState;
  /** Human sentence for the state: why it is retrying, what to do after the guard stopped it. */
  message: string | null;
  /** The provider instance the database mirrors, once the credentials were checked. */
  instance: SyncInstance | null;
  /** Set while backfilling or reconciling. */
  progress: { done: number; total: number | null; usersPerSecond: number | null } | null;
  counts: { active: number; deleted: number; quarantined: number };
  lastSyncAt: string | null;
  lastChangeAt: string | null;
  lastError: { message: string; at: string } | null;
  nextRetryAt: string | null;
  /** Requests spent in the current rate window against the engine's own share. */
  rateBudget: { used: number; limit: number; windowMs: number } | null;
  /** How long a change at the provider can take to show here, at the current user count. */
  latency: ChangeLatency | null;
}

export interface SyncInstance {
  /** The provider's name as shown: 'Clerk', 'Stack Auth'. */
  provider: string;
  /** Clerk instance id, Stack project id. */
  id: string;
  /** What people recognise: the project's display name (the id when there is none). */
  label: string;
  environment: InstanceEnvironment | null;
}

export interface ChangeLatency {
  /** Worst case for an update or a deletion to appear, in ms. */
  worstCaseMs: number;
  /** How long one full scan of every user takes at the rate budget (null: the provider has a change feed). */
  fullScanMs: number | null;
  /** One sentence: where the figure comes from. */
  basis: string;
}

export interface SqlColumn {
  name: string;
  /** Postgres type OID, when known; the UI uses it to spot jsonb (3802) and json (114). */
  dataTypeID: number | null;
}

export interface SqlResultSet {
  statement: string;
  command: string | null;
  columns: SqlColumn[];
  /** Cells are JSON-safe: timestamps as ISO strings, int8 as strings, bytea as \x hex. */
  rows: unknown[][];
  /** Rows the statement returned or affected. */
  rowCount: number;
  /** True when rows were cut to the configured cap. */
  truncated: boolean;
  /** A plain query (SELECT, VALUES, TABLE) that Load more and Export can read again from the database. */
  rereadable: boolean;
  durationMs: number;
}

/** The next rows of a console query (Load more). */
export interface SqlRowsPage {
  rows: unknown[][];
  /** The query's rows in all, counted again. */
  rowCount: number;
}

export type SqlExportFormat = 'csv' | 'json';

/** Outcome of an export to a file. */
export interface SqlExportResult {
  rows: number;
  cancelled: boolean;
  /** Where the file went (desktop app), or null. */
  file: string | null;
}

export interface ConsoleInfo {
  /** The role the console runs as. */
  role: string | null;
  superuser: boolean;
  /** Shown above the console, e.g. when safe mode cannot stop a superuser's server-side effects. */
  warning: string | null;
}

export interface SqlErrorInfo {
  message: string;
  code: string | null;
  detail: string | null;
  hint: string | null;
  /** 1-based character offset into the whole submitted text, when Postgres gave one. */
  position: number | null;
  /** Index of the statement that failed. */
  statementIndex: number;
}

export interface SqlRunResult {
  results: SqlResultSet[];
  error: SqlErrorInfo | null;
  cancelled: boolean;
}

export interface SchemaInfo {
  schemas: { name: string; tables: { name: string; columns: string[] }[] }[];
}

export interface DatabaseInfo {
  kind: 'pglite' | 'postgres';
  /** Folder path, or the URL with its password masked. */
  label: string;
}

export interface AppState {
  /** False until a database and a provider have been chosen (onboarding shows until then). */
  configured: boolean;
  database: DatabaseInfo | null;
  provider: LinkedProviderInfo;
  settings: AppSettings;
  /** Set when secrets cannot be encrypted at rest (Linux without a keyring). */
  secretStorageWarning: string | null;
  /** Why the last setup could not be reopened at start (database unreachable, key unreadable). */
  startupProblem: string | null;
}

export interface LinkedProviderInfo {
  linked: boolean;
  /** The registry's key ('clerk', 'stack'); null when none is linked. */
  kind: string | null;
  /** Shown to people: 'Clerk', 'Stack Auth'. */
  label: string | null;
  demo: boolean;
  /** The credentials as safe to show, e.g. sk_test_…a1b2. Never a secret itself. */
  maskedKey: string | null;
  /** The instance or project, once the credentials were checked (Stack: the project's display name). */
  instance: SyncInstance | null;
}

export interface AppSettings {
  deletionMode: DeletionMode;
  /** Run console statements read-only. Defaults to on for remote Postgres. */
  safeMode: boolean;
  /** Most rows a console result keeps. */
  maxResultRows: number;
}

export interface HistoryEntry {
  sql: string;
  ranAt: string;
  ok: boolean;
}

/** One editor tab of the SQL console; kept by the core so it survives a restart. */
export interface QueryTab {
  id: string;
  title: string;
  sql: string;
  /** The saved query this tab was opened from or saved as: "Save query" updates that one. */
  savedQueryId: string | null;
}

export interface ConsoleTabs {
  tabs: QueryTab[];
  activeTabId: string | null;
}

/** A query the user saved under a name, listed beside the starter queries. */
export interface SavedQuery {
  id: string;
  name: string;
  sql: string;
  savedAt: string;
}

export interface UsersChangedEvent {
  inserted: number;
  updated: number;
  deleted: number;
  /** Some of the ids touched (capped), so the UI can highlight them. */
  ids: string[];
}

export type ApiEvent =
  | { type: 'status'; status: SyncStatus }
  | { type: 'users-changed'; change: UsersChangedEvent }
  | { type: 'app-state'; state: AppState }
  /**
   * Rows written so far. Serve's downloads end with `outcome` (and `error` when it failed): the
   * browser saves the file itself, so this is how the page learns how the export ended.
   */
  | { type: 'export-progress'; queryId: string; rows: number; done: boolean; outcome?: ExportOutcomeKind; error?: string };

export type ExportOutcomeKind = 'complete' | 'cancelled' | 'failed';
