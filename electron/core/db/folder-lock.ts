// PGlite takes no lock, and two processes writing one data folder silently corrupt it
// (research: pglite.md §1.4). So every open takes `<dir>.lock` next to the folder (never
// inside the PG data dir), created atomically. A lock whose pid is dead on this host is stale.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DatabaseOpenError } from './database.js';

export interface LockControl {
  /** Where the holder's local control API listens, so other CLI commands can talk to it. */
  url: string;
  token: string;
}

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  control?: LockControl;
}

export interface FolderLock {
  path: string;
  setControl(control: LockControl): Promise<void>;
  release(): Promise<void>;
}

export function lockPathFor(dir: string): string {
  const abs = path.resolve(dir);
  return `${abs.replace(/[\\/]+$/, '')}.lock`;
}

export async function acquireFolderLock(dir: string): Promise<FolderLock> {
  const lockPath = lockPathFor(dir);
  await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const info: LockInfo = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };

  // A few rounds: each failed create either finds a live holder (throw) or removes a stale lock.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(lockPath, info)) return heldLock(lockPath, info);
    const existing = await readLockText(lockPath);
    if (existing === null) continue; // vanished between our create and read
    const holder = parseLock(existing);
    if (holder && isAlive(holder)) throw inUseError(dir, holder);
    await removeIfUnchanged(lockPath, existing);
  }
  throw new DatabaseOpenError(`Could not take the lock ${lockPath}: it keeps changing. Is another seren-auth starting?`, 'in_use');
}

/** The live holder of the folder, or null when nobody (or only a dead process) holds it. */
export async function readFolderLock(dir: string): Promise<LockInfo | null> {
  const text = await readLockText(lockPathFor(dir));
  const holder = text === null ? null : parseLock(text);
  return holder && isAlive(holder) ? holder : null;
}

function heldLock(lockPath: string, info: LockInfo): FolderLock {
  let current = info;
  let released = false;
  return {
    path: lockPath,
    async setControl(control) {
      current = { ...current, control };
      // Write beside and rename, so a reader never sees a half-written lock.
      const tmp = `${lockPath}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(current), { mode: 0o600 });
      await fs.rename(tmp, lockPath);
    },
    async release() {
      if (released) return;
      released = true;
      const text = await readLockText(lockPath);
      const holder = text === null ? null : parseLock(text);
      // Only remove the lock if it is still ours.
      if (holder && holder.pid === info.pid && holder.startedAt === info.startedAt && holder.hostname === info.hostname) {
        await fs.rm(lockPath, { force: true });
      }
    },
  };
}

/**
 * Creates the lock with its content in one step: written to a private file first, then hard-linked
 * into place (link fails if the lock exists). A create-then-write would let a process starting at
 * the same moment read an empty lock, take it for stale and remove it.
 */
async function createExclusive(lockPath: string, info: LockInfo): Promise<boolean> {
  const tmp = `${lockPath}.${process.pid}.${Date.now()}.new`;
  await fs.writeFile(tmp, JSON.stringify(info), { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(tmp, lockPath);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links (FAT, some network shares): exclusive create, then write.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EXDEV') return createThenWrite(lockPath, info);
    throw error;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}

async function createThenWrite(lockPath: string, info: LockInfo): Promise<boolean> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(info));
  } finally {
    await handle.close();
  }
  return true;
}

async function readLockText(lockPath: string): Promise<string | null> {
  try {
    return await fs.readFile(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function parseLock(text: string): LockInfo | null {
  try {
    const value = JSON.parse(text) as Partial<LockInfo>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string') return null;
    return { pid: value.pid, hostname: value.hostname, startedAt: String(value.startedAt ?? ''), control: value.control };
  } catch {
    return null; // empty or torn: treated as stale
  }
}

function isAlive(holder: LockInfo): boolean {
  // A pid on another machine (shared folder) cannot be checked: assume it is alive.
  if (holder.hostname !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a stale lock, unless someone replaced it since we read it. */
async function removeIfUnchanged(lockPath: string, seen: string): Promise<void> {
  const now = await readLockText(lockPath);
  if (now === seen) await fs.rm(lockPath, { force: true });
}

function inUseError(dir: string, holder: LockInfo): DatabaseOpenError {
  const where = holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`;
  const since = holder.startedAt ? `, started ${holder.startedAt}` : '';
  return new DatabaseOpenError(
    `The database folder ${path.resolve(dir)} is in use by another seren-auth process (pid ${holder.pid}${where}${since}).`,
    'in_use',
  );
}
