// Opens whichever database the target names and brings its seren_auth schema up to date.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Database, DatabaseOpenError } from './database.js';
import { migrate } from './migrations.js';
import { openPglite, type PgliteOpenOptions } from './pglite-host.js';
import type { LockControl } from './folder-lock.js';
import { openPostgres } from './postgres.js';
import { type DatabaseTarget, parseTarget } from './target.js';

export type OpenedDatabase = Database & {
  /** PGlite with the listen option: the "host:port" psql/pg clients can connect to; else null. */
  readonly socketAddress?: string | null;
  /** PGlite only: see PgliteDatabase.setLockControl. */
  setLockControl?(control: LockControl): Promise<void>;
};

export type OpenDatabaseOptions = PgliteOpenOptions & {
  /** Refuse a folder that holds no database instead of creating one (reading commands). */
  existingOnly?: boolean;
};

export async function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  if (options.existingOnly && target.kind === 'pglite' && !existsSync(path.join(target.dir, 'PG_VERSION'))) {
    throw new DatabaseOpenError(
      `There is no database in ${target.dir} (nothing was created there). Run "seren-auth sync" first, or pass --database.`,
      'not_found',
    );
  }
  const db: OpenedDatabase = target.kind === 'postgres' ? await openPostgres(target.url) : await openPglite(target.dir, options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => {});
    throw new DatabaseOpenError(
      `Could not set up the seren_auth schema in ${target.label}: ${(error as Error).message}`,
      'other',
    );
  }
  return db;
}

/** For the onboarding "Test connection" button: open, ask the version, close. */
export async function testDatabaseConnection(
  targetString: string,
  defaultDir?: string,
): Promise<{ ok: boolean; message: string }> {
  if (!targetString.trim() && !defaultDir) return { ok: false, message: 'Enter a postgres:// URL or a folder path.' };
  const target = parseTarget(targetString, defaultDir ?? '');
  let db: Database | null = null;
  try {
    db = target.kind === 'postgres' ? await openPostgres(target.url) : await openPglite(target.dir);
    const { rows } = await db.query<{ version: string }>('select version() as version');
    return { ok: true, message: `Connected to ${target.label}: ${rows[0].version}` };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  } finally {
    await db?.close().catch(() => {});
  }
}
