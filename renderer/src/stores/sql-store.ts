// SQL console state. Each query tab has its own run (statement in flight, outcome, confirmation,
// Load more, export), kept by tab id: a statement keeps running while another tab is shown and its
// result lands in its own tab. History and the schema used for completion are shared.
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

/** One tab's console state. Not kept across a restart (tabs and their text are). */
export interface TabRun {
  runningId: string | null;
  /** performance.now() when the running query started, for the elapsed-time counter. */
  startedAt: number | null;
  submission: Submission | null;
  result: SqlRunResult | null;
  requestError: string | null;
  pendingConfirmation: { submission: Submission; reason: string; reasons: string[] } | null;
  /** Index of the result set whose next rows are loading. */
  loadingMore: number | null;
  exporting: ExportState | null;
}

export const IDLE_RUN: TabRun = Object.freeze({
  runningId: null, startedAt: null, submission: null, result: null, requestError: null,
  pendingConfirmation: null, loadingMore: null, exporting: null,
});

interface SqlStore {
  runs: Record<string, TabRun>;
  history: HistoryEntry[];
  schema: SchemaInfo | null;
  consoleInfo: ConsoleInfo | null;
  run(tabId: string, submission: Submission, confirmDestructive?: boolean): Promise<void>;
  cancel(tabId: string): Promise<void>;
  /** Load more: the next rows of result set `index`, read again from the database. */
  loadMore(tabId: string, index: number): Promise<void>;
  startExport(tabId: string, index: number, format: SqlExportFormat): Promise<void>;
  cancelExport(tabId: string): void;
  dismissConfirmation(tabId: string): void;
  /** A closed tab: its statement and export are cancelled, its result forgotten. */
  dropTab(tabId: string): void;
  loadConsoleInfo(): Promise<void>;
  loadHistory(): Promise<void>;
  loadSchema(): Promise<void>;
}

function newQueryId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `q-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export const useSql = create<SqlStore>((set, get) => {
  const runOf = (tabId: string): TabRun => get().runs[tabId] ?? IDLE_RUN;
  /** Changes a tab's run; nothing for a tab closed meanwhile (what arrives late for it is dropped). */
  const patch = (tabId: string, change: Partial<TabRun> | ((run: TabRun) => Partial<TabRun>), create = false) =>
    set((s) => {
      const current = s.runs[tabId] ?? (create ? IDLE_RUN : null);
      if (!current) return {};
      const next = typeof change === 'function' ? change(current) : change;
      return { runs: { ...s.runs, [tabId]: { ...current, ...next } } };
    });

  return {
    runs: {},
    history: [],
    schema: null,
    consoleInfo: null,
    async run(tabId, submission, confirmDestructive = false) {
      if (runOf(tabId).runningId) return;
      const queryId = newQueryId();
      // The tab's previous result goes away at once: what shows next belongs to this run.
      patch(tabId, { runningId: queryId, startedAt: performance.now(), submission, result: null, requestError: null, pendingConfirmation: null }, true);
      try {
        const outcome = await api.runSql({ sql: submission.sql, queryId, confirmDestructive });
        if ('needsConfirmation' in outcome) {
          patch(tabId, { pendingConfirmation: { submission, reason: outcome.reason, reasons: outcome.reasons } });
        } else patch(tabId, { result: outcome });
      } catch (error) {
        patch(tabId, { requestError: errorMessage(error), result: null });
      } finally {
        patch(tabId, { runningId: null, startedAt: null });
      }
      void get().loadHistory();
      void get().loadSchema();
    },
    async cancel(tabId) {
      const queryId = runOf(tabId).runningId;
      if (!queryId) return;
      try {
        await api.cancelSql({ queryId });
      } catch (error) {
        toastError(error);
      }
    },
    async loadMore(tabId, index) {
      const { result, loadingMore, runningId } = runOf(tabId);
      const current = result?.results[index];
      if (!result || !current || loadingMore !== null || runningId) return;
      patch(tabId, { loadingMore: index });
      try {
        const page = await api.fetchSqlRows({ sql: current.statement, queryId: newQueryId(), skip: current.rows.length });
        const rows = [...current.rows, ...page.rows];
        const updated = { ...current, rows, rowCount: page.rowCount, truncated: page.rowCount > rows.length };
        // Only if the tab still shows the same result.
        patch(tabId, (run) =>
          run.result === result ? { result: { ...result, results: result.results.map((s, i) => (i === index ? updated : s)) } } : {},
        );
      } catch (error) {
        toastError(error);
      } finally {
        patch(tabId, { loadingMore: null });
      }
    },
    async startExport(tabId, index, format) {
      const { result, exporting } = runOf(tabId);
      const current = result?.results[index];
      if (!current || exporting) return;
      const abort = new AbortController();
      patch(tabId, { exporting: { setIndex: index, format, progress: null, abort } });
      try {
        const outcome = await exportResult(
          { sql: current.statement, queryId: newQueryId(), format },
          (progress) => patch(tabId, (run) => (run.exporting ? { exporting: { ...run.exporting, progress } } : {})),
          abort.signal,
        );
        if (outcome.cancelled) toastInfo('Export cancelled.');
        else toastInfo(`Exported ${formatCount(outcome.rows)} rows${outcome.file ? ` to ${outcome.file}` : ''}.`);
      } catch (error) {
        toastError(error);
      } finally {
        patch(tabId, { exporting: null });
      }
    },
    cancelExport(tabId) {
      runOf(tabId).exporting?.abort.abort();
    },
    dismissConfirmation(tabId) {
      patch(tabId, { pendingConfirmation: null });
    },
    dropTab(tabId) {
      const run = get().runs[tabId];
      if (!run) return;
      if (run.runningId) void api.cancelSql({ queryId: run.runningId }).catch(() => {});
      run.exporting?.abort.abort();
      set((s) => {
        const runs = { ...s.runs };
        delete runs[tabId];
        return { runs };
      });
    },
    async loadConsoleInfo() {
      try {
        set({ consoleInfo: await api.getConsoleInfo({}) });
      } catch {
        // The warning is advisory; the console works without it.
      }
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
  };
});

/** The run of a tab (idle for a tab that has run nothing yet). */
export function useTabRun(tabId: string | null): TabRun {
  return useSql((s) => (tabId ? s.runs[tabId] : undefined) ?? IDLE_RUN);
}
