// Pure rules for the console's query tabs: names for new tabs, and which tab is shown after one closes.
import type { ConsoleTabs, QueryTab } from '../../../shared/types.js';

export function newTabId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `t-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** "Query N" with the smallest N no open tab uses, as editors number untitled documents. */
export function nextTabTitle(tabs: QueryTab[]): string {
  const used = new Set(tabs.map((t) => /^Query (\d+)$/.exec(t.title)?.[1]).filter(Boolean).map(Number));
  let n = 1;
  while (used.has(n)) n++;
  return `Query ${n}`;
}

export function blankTab(tabs: QueryTab[], sql = ''): QueryTab {
  return { id: newTabId(), title: nextTabTitle(tabs), sql, savedQueryId: null };
}

/** Removes a tab; the neighbour to its right (else left) becomes active; never leaves zero tabs. */
export function closeTab(state: ConsoleTabs, id: string): ConsoleTabs {
  const index = state.tabs.findIndex((t) => t.id === id);
  if (index === -1) return state;
  const tabs = state.tabs.filter((t) => t.id !== id);
  if (tabs.length === 0) {
    const fresh = blankTab([]);
    return { tabs: [fresh], activeTabId: fresh.id };
  }
  if (state.activeTabId !== id) return { tabs, activeTabId: state.activeTabId };
  return { tabs, activeTabId: tabs[Math.min(index, tabs.length - 1)].id };
}

/** Whether closing the tab would lose text that is nowhere else (blank, or the same as its saved query, is safe). */
export function closingLosesText(tab: QueryTab, savedSql: string | null): boolean {
  if (tab.sql.trim() === '') return false;
  return savedSql === null || savedSql !== tab.sql;
}
