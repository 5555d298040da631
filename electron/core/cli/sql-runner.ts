// Where `query` and `status` send SQL: to the running seren-auth that holds the folder, or
// straight to the database when nobody holds it.
import { randomUUID } from 'node:crypto';
import { memoryHistory, SqlConsole } from '../api/sql-console.js';
import { describeHolder } from '../db/folder-lock.js';
import { openDatabase } from '../db/open-database.js';
import type { DatabaseTarget } from '../db/target.js';
import type { SqlRunResult } from '../../../shared/types.js';
import { runningHolder, type ControlClient } from './control-client.js';
import { requireExistingFolder } from './database-option.js';
import { CliError, EXIT } from './errors.js';

export interface SqlRunner {
  /** "the running seren-auth (pid 123)" or the database label. */
  readonly via: string;
  /** The running process, when SQL goes through one. */
  readonly control: ControlClient | null;
  run(sql: string): Promise<SqlRunResult>;
  close(): Promise<void>;
}

/** The command line is the user's explicit intent: destructive statements are not asked about again. */
const CONSOLE_SETTINGS = { safeMode: false, maxResultRows: Number.MAX_SAFE_INTEGER };

/** `command` names this process in the folder lock ("query", "status"), for whoever waits for it. */
export async function openSqlRunner(target: DatabaseTarget, command = 'query'): Promise<SqlRunner> {
  const control = await runningHolder(target);
  if (control) {
    return {
      via: control.holder,
      control,
      async run(sql) {
        const result = await control.call('runSql', { sql, queryId: randomUUID(), confirmDestructive: true });
        if ('needsConfirmation' in result) throw new CliError(`${control.holder} refused the SQL: ${result.reason}`, EXIT.failure);
        return result;
      },
      close: async () => {},
    };
  }
  requireExistingFolder(target);
  // Short-lived: a sync starting meanwhile waits for us, and we wait for another query or status.
  const db = await openDatabase(target, {
    existingOnly: true,
    lock: {
      kind: 'short-lived',
      command,
      onWait: (holder) => process.stderr.write(`Waiting for the database folder ${target.label}: ${describeHolder(holder)} is using it.\n`),
    },
  });
  const sqlConsole = new SqlConsole(db, () => CONSOLE_SETTINGS, memoryHistory(1));
  return {
    via: db.label,
    control: null,
    async run(sql) {
      const result = await sqlConsole.run({ sql, queryId: randomUUID(), confirmDestructive: true });
      if ('needsConfirmation' in result) throw new CliError(result.reason, EXIT.failure);
      return result;
    },
    async close() {
      await sqlConsole.close();
      await db.close();
    },
  };
}
