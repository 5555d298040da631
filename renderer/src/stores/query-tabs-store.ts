// The console's query tabs and saved queries. The core keeps both (not localStorage: serve's origin
// changes on every run), so they come back after a restart of the app or of `seren-auth serve`.
import { create } from 'zustand';
import { api } from '../api/transport';
import type { ConsoleTabs, QueryTab, SavedQuery } from '../../../shared/types';
import { blankTab, closeTab } from '../lib/query-tabs';
import { toastError } from './toast-store';
import { isConnected, onConnectionChange } from '../api/connection';
import { useSql } from './sql-store';

/** Where the single editor kept its text before tabs: taken over once as the first tab. */
const LEGACY_DRAFT_KEY = 'seren-auth-sql-draft';
const SAVE_DELAY_MS = 400;

interface QueryTabsStore extends ConsoleTabs {
  loaded: boolean;
  savedQueries: SavedQuery[];
  load(starterSql: string): Promise<void>;
  activate(id: string): void;
  newTab(sql?: string, title?: string): string;
  close(id: string): void;
  rename(id: string, title: string): void;
  setText(id: string, sql: string): void;
  /** Saves the tab's text under `name` (updating its saved query if it has one) and names the tab so. */
  saveTab(id: string, name: string): Promise<void>;
  /** Shows a saved query: its tab if one is open, else a new tab. */
  openSaved(query: SavedQuery): void;
  renameSaved(id: string, name: string): Promise<void>;
  deleteSaved(id: string): Promise<void>;
  /** Writes pending tab changes now (before the page goes away). */
  flush(): Promise<void>;
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Tab changes the core has not stored yet (it may be unreachable for a while). */
let unsaved = false;

export const useQueryTabs = create<QueryTabsStore>((set, get) => {
  const persistSoon = () => {
    unsaved = true;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void get().flush(), SAVE_DELAY_MS);
  };
  const change = (next: Partial<ConsoleTabs>) => {
    set(next);
    persistSoon();
  };
  const patchTab = (id: string, patch: Partial<QueryTab>) =>
    change({ tabs: get().tabs.map((t) => (t.id === id ? { ...t, ...patch } : t)) });

  return {
    tabs: [],
    activeTabId: null,
    loaded: false,
    savedQueries: [],
    async load(starterSql) {
      try {
        const [stored, savedQueries] = await Promise.all([api.getConsoleTabs({}), api.listSavedQueries({})]);
        set({ savedQueries });
        if (stored.tabs.length > 0) {
          const activeTabId = stored.tabs.some((t) => t.id === stored.activeTabId) ? stored.activeTabId : stored.tabs[0].id;
          set({ tabs: stored.tabs, activeTabId, loaded: true });
          return;
        }
      } catch (error) {
        toastError(error);
      }
      const first = blankTab([], localStorage.getItem(LEGACY_DRAFT_KEY) ?? starterSql);
      set({ loaded: true });
      change({ tabs: [first], activeTabId: first.id });
    },
    activate(id) {
      if (get().tabs.some((t) => t.id === id)) change({ activeTabId: id });
    },
    newTab(sql = '', title) {
      const tab = { ...blankTab(get().tabs, sql), ...(title ? { title } : {}) };
      change({ tabs: [...get().tabs, tab], activeTabId: tab.id });
      return tab.id;
    },
    close(id) {
      change(closeTab(get(), id));
      useSql.getState().dropTab(id);
    },
    rename(id, title) {
      const trimmed = title.trim();
      if (trimmed) patchTab(id, { title: trimmed });
    },
    setText(id, sql) {
      patchTab(id, { sql });
    },
    async saveTab(id, name) {
      const tab = get().tabs.find((t) => t.id === id);
      if (!tab) return;
      try {
        const { saved, all } = await api.saveQuery({ id: tab.savedQueryId ?? undefined, name, sql: tab.sql });
        set({ savedQueries: all });
        patchTab(id, { title: saved.name, savedQueryId: saved.id });
      } catch (error) {
        toastError(error);
      }
    },
    openSaved(query) {
      const open = get().tabs.find((t) => t.savedQueryId === query.id);
      if (open) return get().activate(open.id);
      const id = get().newTab(query.sql, query.name);
      patchTab(id, { savedQueryId: query.id });
    },
    async renameSaved(id, name) {
      try {
        set({ savedQueries: await api.renameSavedQuery({ id, name }) });
        const tab = get().tabs.find((t) => t.savedQueryId === id);
        if (tab) patchTab(tab.id, { title: name.trim() });
      } catch (error) {
        toastError(error);
      }
    },
    async deleteSaved(id) {
      try {
        set({ savedQueries: await api.deleteSavedQuery({ id }) });
        // Open tabs keep their text; they are just no longer linked to a saved query.
        const tab = get().tabs.find((t) => t.savedQueryId === id);
        if (tab) patchTab(tab.id, { savedQueryId: null });
      } catch (error) {
        toastError(error);
      }
    },
    async flush() {
      clearTimeout(saveTimer);
      const { tabs, activeTabId, loaded } = get();
      if (!loaded) return;
      unsaved = false;
      try {
        await api.saveConsoleTabs({ tabs, activeTabId });
        localStorage.removeItem(LEGACY_DRAFT_KEY);
      } catch (error) {
        unsaved = true;
        // While the core is away the status bar says so; one toast per keystroke would not help.
        if (isConnected()) toastError(error);
      }
    },
  };
});

// What was typed while the core was unreachable is stored as soon as it answers again.
onConnectionChange((connected) => {
  if (connected && unsaved) void useQueryTabs.getState().flush();
});

export function activeTab(state: ConsoleTabs): QueryTab | null {
  return state.tabs.find((t) => t.id === state.activeTabId) ?? null;
}
