// The control endpoint of a running `seren-auth sync` on a PGlite folder. PGlite allows one
// process per folder, so `seren-auth query` and `status` on the same folder talk to this
// process (address and token recorded in the folder lock) instead of opening it again.
import type { CoreApi } from '../../../shared/api.js';
import type { ApiEvent } from '../../../shared/types.js';
import type { Database } from '../db/database.js';
import type { SyncEngine } from '../sync/engine.js';
import { USERS_CHANGED_CHANNEL } from '../sync/users-store.js';
import { createDataApi } from './data-api.js';
import { startApiServer, type ApiServer } from './http-server.js';
import { memoryHistory, SqlConsole } from './sql-console.js';

const notHere = async (): Promise<never> => {
  throw new Error('This is a `seren-auth sync` process: settings are changed by restarting it with other options.');
};

export async function startControlServer(options: { db: Database; engine: SyncEngine | null }): Promise<ApiServer> {
  const { db, engine } = options;
  const sqlConsole = new SqlConsole(db, () => ({ safeMode: false, maxResultRows: 10_000 }), memoryHistory());
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent) => listeners.forEach((l) => l(event));
  engine?.on('status', (status) => emit({ type: 'status', status }));
  const unlisten = await db.listen(USERS_CHANGED_CHANNEL, (payload) => emit({ type: 'users-changed', change: JSON.parse(payload) }));

  const api: CoreApi = {
    ...createDataApi({ database: () => db, sqlConsole: () => sqlConsole, engine: () => engine }),
    getAppState: async () => ({
      configured: true,
      database: { kind: db.kind, label: db.label },
      clerk: { linked: engine !== null, demo: false, maskedKey: null, environment: engine?.status.instance?.environment ?? null },
      settings: { deletionMode: 'soft', safeMode: false, maxResultRows: 10_000 },
      secretStorageWarning: null,
      startupProblem: null,
    }),
    testDatabase: notHere, setDatabase: notHere, linkClerk: notHere, startDemo: notHere, unlinkProvider: notHere, updateSettings: notHere,
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
