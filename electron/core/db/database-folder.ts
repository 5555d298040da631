// Before an embedded database folder is opened: is it a place where one can live? One sentence
// per mistake (a file, no permission, a read-only parent, an unrelated non-empty folder) instead
// of PGlite's bare errno, a raw EACCES, or a database written among someone's notes.
import fs from 'node:fs';
import path from 'node:path';
import { lockPathFor } from './folder-lock.js';

/** The file every PGlite (Postgres) data folder has. */
const CLUSTER_MARKER = 'PG_VERSION';

function canUse(entry: string, mode: number): boolean {
  try {
    fs.accessSync(entry, mode);
    return true;
  } catch {
    return false;
  }
}

/** Whether the folder holds an embedded database already. */
export function holdsDatabase(dir: string): boolean {
  return fs.existsSync(path.join(dir, CLUSTER_MARKER));
}

/**
 * One sentence saying why dir cannot hold the embedded database, or null when it can. With
 * create false a missing folder is no problem here (a reading command says it has no database).
 */
export function databaseFolderProblem(dir: string, { create = true }: { create?: boolean } = {}): string | null {
  const abs = path.resolve(dir);
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(abs);
  } catch {
    // Does not exist yet: it is created, so its nearest existing ancestor must let us.
  }
  if (stat && !stat.isDirectory()) {
    return `${abs} is a file, not a folder: give a folder for the embedded database (it is created if missing), or a postgres:// URL.`;
  }
  if (stat) {
    if (!canUse(abs, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK)) {
      return `You have no permission to use the database folder ${abs} (it belongs to another user or is read-only).`;
    }
    const parent = path.dirname(abs);
    if (!canUse(parent, fs.constants.W_OK | fs.constants.X_OK)) {
      return `Cannot use the database folder ${abs}: its lock file goes next to it in ${parent}, where you have no permission to write.`;
    }
    // A folder with a lock beside it is one a seren-auth is creating or using: the lock decides.
    if (!holdsDatabase(abs) && !fs.existsSync(lockPathFor(abs)) && fs.readdirSync(abs).length > 0) {
      return `${abs} is not empty and holds no SerenDB Auth database: give an empty or new folder, or the folder of an existing database.`;
    }
    return null;
  }
  if (!create) return null;
  let ancestor = path.dirname(abs);
  while (!fs.existsSync(ancestor) && path.dirname(ancestor) !== ancestor) ancestor = path.dirname(ancestor);
  if (!fs.statSync(ancestor).isDirectory()) {
    return `Cannot create the database folder ${abs}: ${ancestor} is a file, not a folder.`;
  }
  if (!canUse(ancestor, fs.constants.W_OK | fs.constants.X_OK)) {
    return `Cannot create the database folder ${abs}: you have no permission to write in ${ancestor}.`;
  }
  return null;
}
