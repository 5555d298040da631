// Records where this process's control API listens in the PGlite folder lock, so other
// seren-auth commands find it (folder-lock.ts LockControl).
import fs from 'node:fs/promises';
import type { Database } from '../db/database.js';
import { lockPathFor, type LockControl } from '../db/folder-lock.js';

/** The accessor the PGlite database should expose (requested from the db layer). */
interface WithLockControl {
  setLockControl(control: LockControl): Promise<void>;
}

export async function publishControl(db: Database, dir: string, control: LockControl): Promise<void> {
  const accessor = db as Partial<WithLockControl>;
  if (typeof accessor.setLockControl === 'function') return accessor.setLockControl(control);
  // Until the db layer exposes the lock it holds: rewrite our own lock the way FolderLock.setControl
  // does (beside and rename), and only if it is still ours.
  const lockPath = lockPathFor(dir);
  const current = JSON.parse(await fs.readFile(lockPath, 'utf8')) as { pid?: number };
  if (current.pid !== process.pid) throw new Error(`The lock ${lockPath} is not held by this process.`);
  const tmp = `${lockPath}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify({ ...current, control }), { mode: 0o600 });
  await fs.rename(tmp, lockPath);
}
