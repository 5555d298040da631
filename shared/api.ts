// The one API contract between the core and any window (Electron IPC or the serve mode's
// loopback HTTP). Every method takes one JSON argument validated by the schema below, and
// returns a JSON-safe value. Transports must call `parseApiInput` before the core sees input.
import { z } from 'zod';
import type {
  AppState,
  ConsoleTabs,
  ConsoleInfo,
  HistoryEntry,
  SavedQuery,
  SchemaInfo,
  SqlExportResult,
  SqlRowsPage,
  SqlRunResult,
  SyncStatus,
  UserPage,
  UserRow,
} from './types.js';

/** Bounds that keep the settings file a reasonable size. */
export const CONSOLE_LIMITS = { tabs: 50, savedQueries: 500, sqlChars: 1_000_000, nameChars: 200 } as const;
const queryText = z.string().max(CONSOLE_LIMITS.sqlChars);
const queryName = z.string().trim().min(1).max(CONSOLE_LIMITS.nameChars);
const itemId = z.string().min(1).max(100);

function sqlExportInput() {
  return z
    .object({ sql: z.string().min(1).max(1_000_000), queryId: z.string().min(1).max(100), format: z.enum(['csv', 'json']) })
    .strict();
}

/**
 * Serve's export download, in two steps so the browser itself streams the file to disk: POST the
 * exportSql input as JSON (with the API's token) to SQL_EXPORT_PATH for an ExportTicket, then let
 * the browser GET exportDownloadPath(ticket) as a download. The ticket is that GET's only
 * credential (a navigation cannot send the token header): random, used once, valid briefly.
 * Progress and the outcome arrive as 'export-progress' events; cancelSql(queryId) stops it.
 */
export const SQL_EXPORT_PATH = '/api/export';
export const EXPORT_TICKET_TTL_MS = 60_000;

export interface ExportTicket {
  ticket: string;
}

export function exportDownloadPath(ticket: string): string {
  return `${SQL_EXPORT_PATH}/${encodeURIComponent(ticket)}`;
}

const sortColumn = z.enum(['id', 'name', 'email', 'created_at', 'updated_at', 'deleted_at']);
/** A row's place in the ordering: its sort column's exact text (null for NULL) and its id. */
const userSortKey = z.object({ value: z.string().max(2000).nullable(), id: z.string().min(1).max(200) }).strict();

export const apiInputs = {
  getAppState: z.object({}).strict(),
  getStatus: z.object({}).strict(),
  listUsers: z
    .object({
      search: z.string().max(500).default(''),
      filter: z.enum(['active', 'deleted', 'all']).default('all'),
      sort: z.object({ column: sortColumn, direction: z.enum(['asc', 'desc']) }).default({ column: 'created_at', direction: 'desc' }),
      /**
       * Where the page starts: at a row position, or just after / just before a row (keyset
       * paging, cheap at any depth). Rows read before a key come back in display order.
       */
      start: z
        .union([
          z.object({ at: z.number().int().min(0) }).strict(),
          /** The page that ends this many rows before the last row: jumps into the far half stay short. */
          z.object({ fromEnd: z.number().int().min(0) }).strict(),
          z.object({ after: userSortKey }).strict(),
          z.object({ before: userSortKey }).strict(),
        ])
        .default({ at: 0 }),
      limit: z.number().int().min(0).max(1000).default(200),
      /** Count the matching rows (the grid caches the total and asks again only after a change). */
      withTotal: z.boolean().default(true),
      /** Also answer the position of this row in the ordering (rows before it), to keep the reader's place. */
      locate: userSortKey.optional(),
    })
    .strict(),
  getUser: z.object({ id: z.string().min(1).max(200) }).strict(),
  runSql: z
    .object({
      sql: z.string().min(1).max(1_000_000),
      queryId: z.string().min(1).max(100),
      /** Confirms destructive statements when safe mode is off. */
      confirmDestructive: z.boolean().default(false),
    })
    .strict(),
  cancelSql: z.object({ queryId: z.string().min(1).max(100) }).strict(),
  /** Load more: the rows after `skip` of a query the console ran (plain queries only), read again. */
  fetchSqlRows: z
    .object({ sql: z.string().min(1).max(1_000_000), queryId: z.string().min(1).max(100), skip: z.number().int().min(0) })
    .strict(),
  /**
   * Every row of a console query, read again from the database, to a file the desktop app asks
   * for (a save dialog). Serve streams the same input as a download (see SQL_EXPORT_PATH).
   * cancelSql with the same queryId stops it.
   */
  exportSql: sqlExportInput(),
  getConsoleInfo: z.object({}).strict(),
  getSchemaInfo: z.object({}).strict(),
  getHistory: z.object({}).strict(),
  getConsoleTabs: z.object({}).strict(),
  saveConsoleTabs: z
    .object({
      tabs: z
        .array(z.object({ id: itemId, title: queryName, sql: queryText, savedQueryId: itemId.nullable().default(null) }).strict()).max(CONSOLE_LIMITS.tabs),
      activeTabId: itemId.nullable(),
    })
    .strict(),
  listSavedQueries: z.object({}).strict(),
  /** Saves a new query (no id) or replaces the name and text of an existing one. */
  saveQuery: z.object({ id: itemId.optional(), name: queryName, sql: queryText }).strict(),
  renameSavedQuery: z.object({ id: itemId, name: queryName }).strict(),
  deleteSavedQuery: z.object({ id: itemId }).strict(),
  testDatabase: z.object({ target: z.string().min(1).max(4000) }).strict(),
  setDatabase: z.object({ target: z.string().max(4000).nullable() }).strict(),
  /** `fields` are the provider's credentials by name (Clerk: secretKey; Stack: projectId, secretServerKey). */
  linkProvider: z
    .object({ kind: z.string().min(1).max(40), fields: z.record(z.string(), z.string().max(500)) })
    .strict(),
  startDemo: z.object({ kind: z.string().min(1).max(40).default('clerk') }).strict(),
  unlinkProvider: z.object({}).strict(),
  updateSettings: z
    .object({
      deletionMode: z.enum(['soft', 'hard']).optional(),
      safeMode: z.boolean().optional(),
      maxResultRows: z.number().int().min(1).max(1_000_000).optional(),
    })
    .strict(),
  /** allowMassDelete applies a reconciliation the mass-deletion guard stopped. */
  syncNow: z.object({ allowMassDelete: z.boolean().default(false) }).strict(),
  pauseSync: z.object({}).strict(),
  resumeSync: z.object({}).strict(),
} as const;

export type ApiMethod = keyof typeof apiInputs;
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;

/** Outcome of a destructive statement refused until confirmed. */
export interface NeedsConfirmation {
  needsConfirmation: true;
  /** Every reason in one text. */
  reason: string;
  /** One sentence per reason, each naming the objects concerned. */
  reasons: string[];
}

export interface ApiOutputs {
  getAppState: AppState;
  getStatus: SyncStatus;
  listUsers: UserPage;
  getUser: { row: UserRow; rawJson: unknown } | null;
  runSql: SqlRunResult | NeedsConfirmation;
  cancelSql: { cancelled: boolean };
  fetchSqlRows: SqlRowsPage;
  exportSql: SqlExportResult;
  getConsoleInfo: ConsoleInfo;
  getSchemaInfo: SchemaInfo;
  getHistory: HistoryEntry[];
  getConsoleTabs: ConsoleTabs;
  saveConsoleTabs: ConsoleTabs;
  listSavedQueries: SavedQuery[];
  saveQuery: { saved: SavedQuery; all: SavedQuery[] };
  renameSavedQuery: SavedQuery[];
  deleteSavedQuery: SavedQuery[];
  testDatabase: { ok: boolean; message: string };
  setDatabase: AppState;
  linkProvider: AppState;
  startDemo: AppState;
  unlinkProvider: AppState;
  updateSettings: AppState;
  syncNow: SyncStatus;
  pauseSync: SyncStatus;
  resumeSync: SyncStatus;
}

/** The core implements this once; both transports carry it unchanged. */
export type CoreApi = {
  [M in ApiMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutputs[M]>;
};

/** What a window calls: inputs before defaults are applied. */
export type ClientApi = {
  [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutputs[M]>;
};

export const apiMethods = Object.keys(apiInputs) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiInputs, name);
}

export class ApiInputError extends Error {
  constructor(method: string, detail: string) {
    super(`Invalid input for ${method}: ${detail}`);
    this.name = 'ApiInputError';
  }
}

export function parseApiInput<M extends ApiMethod>(method: M, input: unknown): ApiParsedInput<M> {
  const parsed = apiInputs[method].safeParse(input ?? {});
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
    throw new ApiInputError(method, detail);
  }
  return parsed.data as ApiParsedInput<M>;
}

/** Error shape both transports send back; the renderer shows `message`. */
export interface ApiErrorPayload {
  error: { message: string; code: string | null };
}
