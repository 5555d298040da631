// The control endpoint of a process that holds a PGlite folder (`seren-auth sync`, `serve` or
// the desktop app). PGlite allows one process per folder, so `seren-auth query` and `status` on
// the same folder talk to that process — address and token recorded in the folder lock, which
// only its owner can read — instead of opening the folder again.
import type { CoreApi } from '../../../shared/api.js';
import type { ApiEvent, DeletionMode, LinkedProviderInfo, SyncInstance } from '../../../shared/types.js';
import type { Database } from '../db/database.js';
import type { SyncEngine } from '../sync/engine.js';
import { parseChange, USERS_CHANGED_CHANNEL } from '../sync/users-store.js';
import { createDataApi } from './data-api.js';
import { startApiServer, type ApiServer } from './http-server.js';
import { memoryHistory, SqlConsole } from './sql-console.js';

const notHere = async (): Promise<never> => {
  throw new Error('Settings are changed in the process that holds the database (its window, or its command line).');
};

export interface ControlServerOptions {
  db: Database;
  /** The engine syncing this database now, if any (it can change while the server runs). */
  engine: () => SyncEngine | null;
  /** The holder's deletion mode, reported by getAppState. */
  deletionMode: () => DeletionMode;
}

export async function startControlServer({ db, engine, deletionMode }: ControlServerOptions): Promise<ApiServer> {
  // Its own console: command-line SQL is the user's own, unrestricted, and kept out of the window's history.
  const sqlConsole = new SqlConsole(db, () => ({ safeMode: false, maxResultRows: 10_000 }), memoryHistory());
  const listeners = new Set<(event: ApiEvent) => void>();
  const unlisten = await db.listen(USERS_CHANGED_CHANNEL, (payload) => {
    const change = parseChange(payload);
    if (change) for (const listener of listeners) listener({ type: 'users-changed', change });
  });

  const api: CoreApi = {
    ...createDataApi({ database: () => db, sqlConsole: () => sqlConsole, engine }),
    getAppState: async () => ({
      configured: true,
      database: { kind: db.kind, label: db.label },
      provider: runningProvider(engine()?.status.instance ?? null),
      settings: { deletionMode: deletionMode(), safeMode: false, maxResultRows: 10_000 },
      secretStorageWarning: null,
      startupProblem: null,
    }),
    testDatabase: notHere, setDatabase: notHere, linkProvider: notHere, startDemo: notHere, unlinkProvider: notHere, updateSettings: notHere,
    // The console's tabs and saved queries belong to the app's window, not to this endpoint.
    getConsoleTabs: notHere, saveConsoleTabs: notHere, listSavedQueries: notHere, saveQuery: notHere, renameSavedQuery: notHere, deleteSavedQuery: notHere,
  };
  const server = await startApiServer({
    api,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return {
    ...server,
    async close() {
      await server.close();
      await unlisten().catch(() => {});
      await sqlConsole.close();
    },
  };
}

/** What this process syncs, as far as its engine knows (the credentials stay with it). */
function runningProvider(instance: SyncInstance | null): LinkedProviderInfo {
  return { linked: instance !== null, kind: null, label: instance?.provider ?? null, demo: false, maskedKey: null, instance };
}
