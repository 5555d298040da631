// The SQL console: runs each statement of the submitted text in order on a session of its own,
// caps what it sends back, and can cancel the statement in flight.
import type { ConsoleSession, Database } from '../db/database.js';
import { DatabaseError } from '../db/database.js';
import { splitSqlStatements } from '../../../shared/sql-statements.js';
import type { ApiOutputs, ApiParsedInput } from '../../../shared/api.js';
import type { HistoryEntry, SchemaInfo, SqlErrorInfo, SqlResultSet } from '../../../shared/types.js';
import { jsonSafe } from './json-safe.js';
import { destructiveReason, isTransactionControl } from './statement-checks.js';

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
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly settings: () => ConsoleSettings,
    readonly history: HistoryStore,
  ) {}

  run(input: ApiParsedInput<'runSql'>): Promise<ApiOutputs['runSql']> {
    // One statement at a time on the console's session, in the order they were asked for.
    this.pending.add(input.queryId);
    const next = this.queue.then(() => this.runNow(input)).finally(() => {
      this.pending.delete(input.queryId);
      this.cancelled.delete(input.queryId);
    });
    this.queue = next.catch(() => {});
    return next;
  }

  private async runNow(input: ApiParsedInput<'runSql'>): Promise<ApiOutputs['runSql']> {
    const { safeMode, maxResultRows } = this.settings();
    const statements = splitSqlStatements(input.sql);
    if (statements.length === 0) return { results: [], error: null, cancelled: false };
    if (!safeMode && !input.confirmDestructive) {
      const reasons = statements.map((s) => destructiveReason(s.sql)).filter((r): r is string => r !== null);
      if (reasons.length > 0) return { needsConfirmation: true, reason: reasons.join(' ') };
    }
    if (this.db.kind === 'pglite') {
      // PGlite is one session shared with the engine: an open transaction there would swallow the
      // engine's writes (and hold every other client), so the console refuses to start one.
      const index = statements.findIndex((s) => isTransactionControl(s.sql));
      if (index >= 0) {
        return {
          results: [],
          cancelled: false,
          error: {
            message: 'Transaction control is not available on the embedded database: it has one session, shared with the sync, so each statement commits on its own.',
            code: null, detail: null, hint: 'Run the statements without BEGIN/COMMIT, or use a Postgres database.',
            position: charactersBefore(input.sql, statements[index].from) + 1, statementIndex: index,
          },
        };
      }
    }
    const session = await this.openSession();
    const results: SqlResultSet[] = [];
    let error: SqlErrorInfo | null = null;
    for (const [index, statement] of statements.entries()) {
      // A cancel that came while queued, or between two statements, stops here.
      if (this.cancelled.has(input.queryId)) break;
      const started = performance.now();
      this.running.add(input.queryId);
      try {
        const result = await session.query(statement.sql, { rowMode: 'array', readOnly: safeMode });
        const rows = result.rows as unknown as unknown[][];
        results.push({
          statement: statement.sql,
          command: result.command,
          columns: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID ?? null })),
          rows: rows.slice(0, maxResultRows).map((row) => row.map(jsonSafe)),
          rowCount: result.command === 'SELECT' || result.fields.length > 0 ? rows.length : result.rowCount ?? rows.length,
          truncated: rows.length > maxResultRows,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        });
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

  async cancel(queryId: string): Promise<{ cancelled: boolean }> {
    if (!this.pending.has(queryId)) return { cancelled: false };
    this.cancelled.add(queryId);
    if (this.running.has(queryId) && this.session) await (await this.session).cancel();
    return { cancelled: true };
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

/** Postgres counts positions in characters; JS string indexes count UTF-16 units (an emoji is 2). */
function charactersBefore(text: string, index: number): number {
  return [...text.slice(0, index)].length;
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
