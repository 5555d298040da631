// The part of the API contract that reads and drives an open database and its engine: the
// same for the app (serve / Electron) and for a CLI `sync` process's control endpoint.
import type { CoreApi } from '../../../shared/api.js';
import type { SyncStatus } from '../../../shared/types.js';
import type { Database } from '../db/database.js';
import type { SyncEngine } from '../sync/engine.js';
import type { SqlConsole } from './sql-console.js';
import { exportToFile, type ChooseExportFile } from './export-file.js';
import { getUser, listUsers } from './users-queries.js';

export type DataMethods =
  | 'getStatus' | 'listUsers' | 'getUser' | 'runSql' | 'cancelSql' | 'getSchemaInfo' | 'getHistory'
  | 'fetchSqlRows' | 'exportSql' | 'getConsoleInfo' | 'syncNow' | 'pauseSync' | 'resumeSync';

export interface DataApiHost {
  /** The open database; throws a readable error when there is none. */
  database(): Database;
  sqlConsole(): SqlConsole;
  engine(): SyncEngine | null;
  /** The desktop app's save dialog for exports; absent elsewhere (serve streams a download instead). */
  chooseExportFile?: ChooseExportFile;
  /** Export progress, for the window. */
  exportProgress?(queryId: string, rows: number, done: boolean): void;
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
    fetchSqlRows: (input) => host.sqlConsole().fetchRows(input),
    getConsoleInfo: () => host.sqlConsole().consoleInfo(),
    exportSql: async (input) => {
      if (!host.chooseExportFile) throw new Error('Export to a file needs the desktop app; in the browser, Export downloads the file.');
      return exportToFile(host.sqlConsole(), input, host.chooseExportFile, (rows, done) => host.exportProgress?.(input.queryId, rows, done));
    },
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
