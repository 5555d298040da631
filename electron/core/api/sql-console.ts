// The SQL console: runs each statement of the submitted text in order on a session of its own,
// as the parse tree allows (sql-plan.ts), keeps at most the display cap of rows, reads more on
// request, exports a whole result, and can cancel the statement in flight.
import type { ConsoleResult, ConsoleSession, Database } from '../db/database.js';
import { DatabaseError } from '../db/database.js';
import type { ApiOutputs, ApiParsedInput } from '../../../shared/api.js';
import type {
  ConsoleInfo, HistoryEntry, SchemaInfo, SqlErrorInfo, SqlExportResult, SqlResultSet, SqlRowsPage,
} from '../../../shared/types.js';
import { commandTag } from '../sql/command-tag.js';
import { charactersBefore } from '../sql/parse.js';
import { jsonSafe } from './json-safe.js';
import { exportRows, type ExportSink } from './sql-export.js';
import { planScript, rereadableStatement, type PlannedStatement } from './sql-plan.js';

export interface ConsoleSettings {
  safeMode: boolean;
  maxResultRows: number;
}

export interface HistoryStore {
  add(entry: HistoryEntry): Promise<void>;
  list(): Promise<HistoryEntry[]>;
}

export function memoryHistory(limit = 200): HistoryStore {
  const entries: HistoryEntry[] = [];
  return {
    async add(entry) {
      entries.unshift(entry);
      entries.length = Math.min(entries.length, limit);
    },
    async list() {
      return [...entries];
    },
  };
}

export class SqlConsole {
  private session: Promise<ConsoleSession> | null = null;
  /** Asked for and not finished: waiting in the queue or running. */
  private readonly pending = new Set<string>();
  /** Statements in flight on the session right now, by query id. */
  private readonly running = new Set<string>();
  private readonly cancelled = new Set<string>();
  /** Exports in progress, by query id. */
  private readonly exports = new Map<string, AbortController>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly settings: () => ConsoleSettings,
    readonly history: HistoryStore,
  ) {}

  run(input: ApiParsedInput<'runSql'>): Promise<ApiOutputs['runSql']> {
    return this.enqueue(input.queryId, () => this.runNow(input));
  }

  /** One statement at a time on the console's session, in the order they were asked for. */
  private enqueue<T>(queryId: string, work: () => Promise<T>): Promise<T> {
    this.pending.add(queryId);
    const next = this.queue.then(work).finally(() => {
      this.pending.delete(queryId);
      this.cancelled.delete(queryId);
    });
    this.queue = next.catch(() => {});
    return next;
  }

  private async runNow(input: ApiParsedInput<'runSql'>): Promise<ApiOutputs['runSql']> {
    const { safeMode, maxResultRows } = this.settings();
    const plan = await planScript(input.sql, { database: this.db.kind, safeMode, confirmed: input.confirmDestructive });
    if (plan.kind === 'confirm') return { needsConfirmation: true, reason: plan.reasons.join(' '), reasons: plan.reasons };
    if (plan.kind === 'refused') {
      await this.history.add({ sql: input.sql, ranAt: new Date().toISOString(), ok: false });
      return { results: [], error: plan.error, cancelled: false };
    }
    if (plan.statements.length === 0) return { results: [], error: null, cancelled: false };
    const session = await this.openSession();
    const results: SqlResultSet[] = [];
    let error: SqlErrorInfo | null = null;
    for (const [index, statement] of plan.statements.entries()) {
      // A cancel that came while queued, or between two statements, stops here.
      if (this.cancelled.has(input.queryId)) break;
      const started = performance.now();
      this.running.add(input.queryId);
      try {
        const options = { readOnly: safeMode, maxRows: maxResultRows };
        const result = statement.plainQuery
          ? await session.readCursor(statement.sql, { ...options, skip: 0 })
          : await session.run(statement.sql, options);
        results.push(resultSet(statement, result, performance.now() - started));
      } catch (e) {
        if (!this.cancelled.has(input.queryId)) error = sqlErrorInfo(e, charactersBefore(input.sql, statement.from), index, safeMode);
        break;
      } finally {
        this.running.delete(input.queryId);
      }
    }
    const cancelled = this.cancelled.has(input.queryId);
    await this.history.add({ sql: input.sql, ranAt: new Date().toISOString(), ok: error === null && !cancelled });
    return { results, error, cancelled };
  }

  /** Load more: the next rows of a plain query, read again (it runs again on the database). */
  fetchRows(input: ApiParsedInput<'fetchSqlRows'>): Promise<SqlRowsPage> {
    return this.enqueue(input.queryId, async () => {
      const sql = await rereadableStatement(input.sql, this.db.kind);
      const { safeMode, maxResultRows } = this.settings();
      const session = await this.openSession();
      this.running.add(input.queryId);
      try {
        const page = await session.readCursor(sql, { readOnly: safeMode, maxRows: maxResultRows, skip: input.skip });
        return { rows: page.rows.map((row) => row.map(jsonSafe)), rowCount: page.rowCount ?? input.skip + page.rows.length };
      } catch (e) {
        if (this.cancelled.has(input.queryId)) throw new Error('Loading more rows was cancelled.');
        const info = sqlErrorInfo(e, 0, 0, safeMode);
        throw new Error(`Could not load more rows: ${info.message}`);
      } finally {
        this.running.delete(input.queryId);
      }
    });
  }

  /** Rejects with the reason a statement cannot be exported (before serve hands out its download). */
  async checkExport(sql: string): Promise<void> {
    await rereadableStatement(sql, this.db.kind);
  }

  /** Streams every row of a plain query to `sink`, read again from the database (not the grid's rows). cancel(queryId) stops it. */
  async export(input: ApiParsedInput<'exportSql'>, sink: ExportSink, onProgress?: (rows: number) => void): Promise<SqlExportResult> {
    const sql = await rereadableStatement(input.sql, this.db.kind);
    const abort = new AbortController();
    this.exports.set(input.queryId, abort);
    try {
      const rows = await exportRows(this.db, sql, input.format, sink, abort.signal, onProgress);
      return { rows, cancelled: abort.signal.aborted, file: null };
    } finally {
      this.exports.delete(input.queryId);
    }
  }

  /** True while the query's statement is in the database's hands (not queued, not between statements). */
  isRunning(queryId: string): boolean {
    return this.running.has(queryId);
  }

  async cancel(queryId: string): Promise<{ cancelled: boolean }> {
    const exporting = this.exports.get(queryId);
    if (exporting) {
      exporting.abort();
      return { cancelled: true };
    }
    if (!this.pending.has(queryId)) return { cancelled: false };
    this.cancelled.add(queryId);
    if (this.running.has(queryId) && this.session) await (await this.session).cancel();
    return { cancelled: true };
  }

  /** Who the console runs as; a superuser on Postgres gets a warning that safe mode is no boundary for it. */
  async consoleInfo(): Promise<ConsoleInfo> {
    const { rows } = await this.db.query<{ role: string; superuser: boolean | null }>(
      'SELECT current_user::text AS role, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser',
    );
    const { role, superuser } = rows[0] ?? { role: null, superuser: false };
    const warning = this.db.kind === 'postgres' && superuser
      ? `Connected as ${role}, a superuser. Safe mode guards against mistakes; it is not a security boundary against a superuser (functions, extensions and settings can act outside its read-only transaction). Connect with a less privileged role for that.`
      : null;
    return { role, superuser: superuser === true, warning };
  }

  async schemaInfo(): Promise<SchemaInfo> {
    const { rows } = await this.db.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_temp%' AND table_schema NOT LIKE 'pg_toast%'
       ORDER BY table_schema, table_name, ordinal_position`,
    );
    const schemas = new Map<string, Map<string, string[]>>();
    for (const r of rows) {
      const tables = schemas.get(r.table_schema) ?? schemas.set(r.table_schema, new Map()).get(r.table_schema)!;
      (tables.get(r.table_name) ?? tables.set(r.table_name, []).get(r.table_name)!).push(r.column_name);
    }
    return {
      schemas: [...schemas].map(([name, tables]) => ({ name, tables: [...tables].map(([t, columns]) => ({ name: t, columns })) })),
    };
  }

  private openSession(): Promise<ConsoleSession> {
    this.session ??= this.db.openConsoleSession();
    return this.session;
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = null;
    if (session) await (await session).close().catch(() => {});
  }
}

function resultSet(statement: PlannedStatement, result: ConsoleResult, durationMs: number): SqlResultSet {
  const rowCount = result.rowCount ?? result.rows.length;
  return {
    statement: statement.sql,
    command: result.fields.length > 0 ? result.command : commandTag(statement, result.command),
    columns: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID ?? null })),
    rows: result.rows.map((row) => row.map(jsonSafe)),
    rowCount,
    truncated: result.fields.length > 0 && rowCount > result.rows.length,
    rereadable: statement.plainQuery,
    durationMs: Math.round(durationMs * 10) / 10,
  };
}

function sqlErrorInfo(error: unknown, offset: number, statementIndex: number, safeMode: boolean): SqlErrorInfo {
  const e = error as Partial<DatabaseError> & Error;
  const position = typeof e.position === 'number' && e.position > 0 ? offset + e.position : null;
  let hint = e.hint ?? null;
  if (safeMode && e.code === '25006') hint = 'Safe mode runs statements read-only. Turn it off in Settings to write.';
  return {
    message: e.message ?? String(error),
    code: e.code ?? null,
    detail: e.detail ?? null,
    hint,
    position,
    statementIndex,
  };
}
