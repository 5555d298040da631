// The SQL console's tabs and saved queries, kept in the settings file so the desktop app and
// `seren-auth serve` both find them again after a restart.
import { randomUUID } from 'node:crypto';
import type { CoreApi } from '../../../shared/api.js';
import type { SavedQuery } from '../../../shared/types.js';
import type { SettingsFile } from './settings-file.js';

export type WorkspaceMethods =
  | 'getConsoleTabs' | 'saveConsoleTabs' | 'listSavedQueries' | 'saveQuery' | 'renameSavedQuery' | 'deleteSavedQuery';

/** Saved queries by name, so the sidebar lists them in an order a person can scan. */
function byName(queries: SavedQuery[]): SavedQuery[] {
  return [...queries].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
}

export function createWorkspaceApi(file: SettingsFile): Pick<CoreApi, WorkspaceMethods> {
  const saved = () => file.get().savedQueries;
  const setSaved = async (queries: SavedQuery[]) => {
    await file.update({ savedQueries: byName(queries) });
    return saved();
  };
  const find = (id: string) => {
    const query = saved().find((q) => q.id === id);
    if (!query) throw new Error('That saved query no longer exists (deleted in another window?).');
    return query;
  };
  return {
    getConsoleTabs: async () => file.get().consoleTabs ?? { tabs: [], activeTabId: null },
    saveConsoleTabs: async (tabs) => {
      await file.update({ consoleTabs: tabs });
      return tabs;
    },
    listSavedQueries: async () => saved(),
    saveQuery: async ({ id, name, sql }) => {
      const query: SavedQuery = { id: id ?? randomUUID(), name, sql, savedAt: new Date().toISOString() };
      if (id) find(id);
      const all = await setSaved([...saved().filter((q) => q.id !== query.id), query]);
      return { saved: query, all };
    },
    renameSavedQuery: async ({ id, name }) => {
      const renamed = { ...find(id), name };
      return setSaved(saved().map((q) => (q.id === id ? renamed : q)));
    },
    deleteSavedQuery: async ({ id }) => setSaved(saved().filter((q) => q.id !== id)),
  };
}
