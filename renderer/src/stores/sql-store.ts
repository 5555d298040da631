// SQL console state: the running query, its outcome, history and the schema used for completion.
import { create } from 'zustand';
import { api } from '../api/transport';
import type { ConsoleInfo, HistoryEntry, SchemaInfo, SqlExportFormat, SqlRunResult } from '../../../shared/types';
import { errorMessage } from '../lib/errors';
import { exportResult, type ExportProgress } from '../lib/download';
import { formatCount } from '../lib/format';
import { toastError, toastInfo } from './toast-store';

/** What was sent, so an error position can be mapped back into the editor. */
export interface Submission {
  sql: string;
  /** Editor offset of the submitted text's first character. */
  from: number;
}

/** An export of a result set in progress. */
export interface ExportState {
  setIndex: number;
  format: SqlExportFormat;
  progress: ExportProgress | null;
  abort: AbortController;
}

interface SqlStore {
  runningId: string | null;
  /** performance.now() when the running query started, for the elapsed-time counter. */
  startedAt: number | null;
  submission: Submission | null;
  result: SqlRunResult | null;
  requestError: string | null;
  pendingConfirmation: { submission: Submission; reason: string; reasons: string[] } | null;
  history: HistoryEntry[];
  schema: SchemaInfo | null;
  consoleInfo: ConsoleInfo | null;
  /** Index of the result set whose next rows are loading. */
  loadingMore: number | null;
  exporting: ExportState | null;
  run(submission: Submission, confirmDestructive?: boolean): Promise<void>;
  cancel(): Promise<void>;
  /** Load more: the next rows of result set `index`, read again from the database. */
  loadMore(index: number): Promise<void>;
  startExport(index: number, format: SqlExportFormat): Promise<void>;
  cancelExport(): void;
  loadConsoleInfo(): Promise<void>;
  dismissConfirmation(): void;
  loadHistory(): Promise<void>;
  loadSchema(): Promise<void>;
}

function newQueryId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `q-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export const useSql = create<SqlStore>((set, get) => ({
  runningId: null,
  submission: null,
  result: null,
  requestError: null,
  pendingConfirmation: null,
  history: [],
  schema: null,
  consoleInfo: null,
  loadingMore: null,
  exporting: null,
  startedAt: null,
  async run(submission, confirmDestructive = false) {
    if (get().runningId) return;
    const queryId = newQueryId();
    // The previous result goes away at once: what shows next belongs to this run.
    set({ runningId: queryId, startedAt: performance.now(), submission, result: null, requestError: null, pendingConfirmation: null });
    try {
      const outcome = await api.runSql({ sql: submission.sql, queryId, confirmDestructive });
      if ('needsConfirmation' in outcome) {
        set({ pendingConfirmation: { submission, reason: outcome.reason, reasons: outcome.reasons } });
      } else set({ result: outcome });
    } catch (error) {
      set({ requestError: errorMessage(error), result: null });
    } finally {
      set({ runningId: null, startedAt: null });
    }
    void get().loadHistory();
    void get().loadSchema();
  },
  async cancel() {
    const queryId = get().runningId;
    if (!queryId) return;
    try {
      await api.cancelSql({ queryId });
    } catch (error) {
      toastError(error);
    }
  },
  async loadMore(index) {
    const result = get().result;
    const current = result?.results[index];
    if (!result || !current || get().loadingMore !== null || get().runningId) return;
    set({ loadingMore: index });
    try {
      const page = await api.fetchSqlRows({ sql: current.statement, queryId: newQueryId(), skip: current.rows.length });
      // Only if the same result is still shown.
      if (get().result !== result) return;
      const rows = [...current.rows, ...page.rows];
      const updated = { ...current, rows, rowCount: page.rowCount, truncated: page.rowCount > rows.length };
      set({ result: { ...result, results: result.results.map((s, i) => (i === index ? updated : s)) } });
    } catch (error) {
      toastError(error);
    } finally {
      set({ loadingMore: null });
    }
  },
  async startExport(index, format) {
    const current = get().result?.results[index];
    if (!current || get().exporting) return;
    const abort = new AbortController();
    set({ exporting: { setIndex: index, format, progress: null, abort } });
    try {
      const outcome = await exportResult(
        { sql: current.statement, queryId: newQueryId(), format },
        (progress) => set((s) => (s.exporting ? { exporting: { ...s.exporting, progress } } : {})),
        abort.signal,
      );
      if (outcome.cancelled) toastInfo('Export cancelled.');
      else if (outcome.file && outcome.bytes === null) toastInfo(`Exported ${formatCount(outcome.rows)} rows to ${outcome.file}.`);
    } catch (error) {
      toastError(error);
    } finally {
      set({ exporting: null });
    }
  },
  cancelExport() {
    get().exporting?.abort.abort();
  },
  async loadConsoleInfo() {
    try {
      set({ consoleInfo: await api.getConsoleInfo({}) });
    } catch {
      // The warning is advisory; the console works without it.
    }
  },
  dismissConfirmation() {
    set({ pendingConfirmation: null });
  },
  async loadHistory() {
    try {
      set({ history: await api.getHistory({}) });
    } catch (error) {
      toastError(error);
    }
  },
  async loadSchema() {
    try {
      set({ schema: await api.getSchemaInfo({}) });
    } catch {
      // Completion without schema still works for keywords; no need to interrupt the user.
    }
  },
}));
