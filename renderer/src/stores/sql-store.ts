// SQL console state: the running query, its outcome, history and the schema used for completion.
import { create } from 'zustand';
import { api } from '../api/transport';
import type { HistoryEntry, SchemaInfo, SqlRunResult } from '../../../shared/types';
import { errorMessage } from '../lib/errors';
import { toastError } from './toast-store';

/** What was sent, so an error position can be mapped back into the editor. */
export interface Submission {
  sql: string;
  /** Editor offset of the submitted text's first character. */
  from: number;
}

interface SqlStore {
  runningId: string | null;
  submission: Submission | null;
  result: SqlRunResult | null;
  requestError: string | null;
  pendingConfirmation: { submission: Submission; reason: string } | null;
  history: HistoryEntry[];
  schema: SchemaInfo | null;
  run(submission: Submission, confirmDestructive?: boolean): Promise<void>;
  cancel(): Promise<void>;
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
  async run(submission, confirmDestructive = false) {
    if (get().runningId) return;
    const queryId = newQueryId();
    set({ runningId: queryId, submission, requestError: null, pendingConfirmation: null });
    try {
      const outcome = await api.runSql({ sql: submission.sql, queryId, confirmDestructive });
      if ('needsConfirmation' in outcome) set({ pendingConfirmation: { submission, reason: outcome.reason } });
      else set({ result: outcome });
    } catch (error) {
      set({ requestError: errorMessage(error), result: null });
    } finally {
      set({ runningId: null });
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
