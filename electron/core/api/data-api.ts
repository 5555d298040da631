// The part of the API contract that reads and drives an open database and its engine: the
// same for the app (serve / Electron) and for a CLI `sync` process's control endpoint.
import type { CoreApi } from '../../../shared/api.js';
import type { SyncStatus } from '../../../shared/types.js';
import type { Database } from '../db/database.js';
import type { SyncEngine } from '../sync/engine.js';
import type { SqlConsole } from './sql-console.js';
import { getUser, listUsers } from './users-queries.js';

export type DataMethods =
  | 'getStatus' | 'listUsers' | 'getUser' | 'runSql' | 'cancelSql' | 'getSchemaInfo' | 'getHistory'
  | 'syncNow' | 'pauseSync' | 'resumeSync';

export interface DataApiHost {
  /** The open database; throws a readable error when there is none. */
  database(): Database;
  sqlConsole(): SqlConsole;
  engine(): SyncEngine | null;
}

export function idleStatus(message: string | null = null): SyncStatus {
  return {
    state: 'idle', message, instance: null, progress: null, counts: { active: 0, deleted: 0, quarantined: 0 },
    lastSyncAt: null, lastChangeAt: null, lastError: null, nextRetryAt: null, rateBudget: null, latency: null,
  };
}

export function createDataApi(host: DataApiHost): Pick<CoreApi, DataMethods> {
  const status = () => host.engine()?.status ?? idleStatus('No auth provider is linked.');
  return {
    getStatus: async () => status(),
    listUsers: (input) => listUsers(host.database(), input),
    getUser: (input) => getUser(host.database(), input.id),
    runSql: (input) => host.sqlConsole().run(input),
    cancelSql: (input) => host.sqlConsole().cancel(input.queryId),
    getSchemaInfo: () => host.sqlConsole().schemaInfo(),
    getHistory: () => host.sqlConsole().history.list(),
    syncNow: async (input) => {
      host.engine()?.syncNow({ allowMassDelete: input.allowMassDelete });
      return status();
    },
    pauseSync: async () => {
      host.engine()?.pause();
      return status();
    },
    resumeSync: async () => {
      host.engine()?.resume();
      return status();
    },
  };
}
