// How `sync` opens its database. An embedded folder held by a short-lived `query` or `status` is
// waited for; a Postgres server that is down or restarting is retried in watch mode (a service
// started with the machine may come up before its database), while --once gives up at once.
import { DatabaseOpenError } from '../db/database.js';
import { describeHolder } from '../db/folder-lock.js';
import { openDatabase, type OpenedDatabase } from '../db/open-database.js';
import { sleep } from '../sleep.js';
import type { SyncOptions } from './sync-options.js';
import type { SyncReporter } from './sync-reporter.js';

/** Waits between attempts to reach a database that is down: doubling from the first, up to the cap. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export async function openSyncDatabase(options: SyncOptions, reporter: SyncReporter, signal: AbortSignal): Promise<OpenedDatabase> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await openDatabase(options.target, {
        ...(options.listen ? { listen: options.listen } : {}),
        lock: {
          kind: 'long-lived',
          command: 'sync',
          signal,
          onWait: (holder) => reporter.line(`Waiting for the database folder ${options.target.label}: ${describeHolder(holder)} is using it.`),
        },
      });
    } catch (error) {
      if (options.once || !(error instanceof DatabaseOpenError) || !error.transient) throw error;
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
      reporter.retry(error.message, new Date(Date.now() + delay).toISOString());
      await sleep(delay, signal);
    }
  }
}
