// PGlite takes no lock, and two processes writing one data folder silently corrupt it
// (research: pglite.md §1.4). So every open takes `<dir>.lock` next to the folder (never
// inside the PG data dir), created atomically. A lock whose pid is dead on this host is stale.
// A short-lived holder (`query`, `status`) gives the folder back within moments, so an opener
// waits for it instead of failing; a long-lived one (sync, serve, the app) is reported in use.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sleep } from '../sleep.js';
import { DatabaseOpenError } from './database.js';

/** How often a waiting opener looks again whether the short-lived holder is done. */
const WAIT_POLL_MS = 100;
/** Stale or vanishing locks in a row before giving up (something keeps rewriting the lock). */
const MAX_LOCK_CHURN = 5;

export type LockHolderKind = 'short-lived' | 'long-lived';

export interface LockControl {
  /** Where the holder's local control API listens, so other CLI commands can talk to it. */
  url: string;
  token: string;
}

export interface LockInfo {
  pid: number;
  hostname: string;
  startedAt: string;
  /** Lock files written before holder kinds existed have none: treated as long-lived. */
  kind: LockHolderKind;
  /** What holds it, for messages: "query", "status", "sync", … */
  command?: string;
  control?: LockControl;
}

export interface FolderLockOptions {
  kind?: LockHolderKind;
  command?: string;
  /** Told once per holder when the opener starts waiting for a short-lived holder. */
  onWait?: (holder: LockInfo) => void;
  /** Ends a wait (the open rejects with the signal's reason). */
  signal?: AbortSignal;
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

export async function acquireFolderLock(dir: string, options: FolderLockOptions = {}): Promise<FolderLock> {
  const lockPath = lockPathFor(dir);
  await fs.mkdir(path.dirname(lockPath), { recursive: true, mode: 0o700 });
  const info: LockInfo = {
    pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), kind: options.kind ?? 'long-lived',
    ...(options.command ? { command: options.command } : {}),
  };

  // Each failed create finds a live holder (wait for a short-lived one, refuse a long-lived one)
  // or a stale lock, which is removed.
  let churn = 0;
  let waitingFor: string | null = null;
  for (;;) {
    if (await createExclusive(lockPath, info)) return heldLock(lockPath, info);
    const existing = await readLockText(lockPath);
    const holder = existing === null ? null : parseLock(existing);
    if (holder && isAlive(holder)) {
      if (holder.kind !== 'short-lived') throw inUseError(dir, holder);
      const who = `${holder.hostname}:${holder.pid}:${holder.startedAt}`;
      if (who !== waitingFor) options.onWait?.(holder);
      waitingFor = who;
      await sleep(WAIT_POLL_MS, options.signal);
      continue;
    }
    if (++churn > MAX_LOCK_CHURN) {
      throw new DatabaseOpenError(`Could not take the lock ${lockPath}: it keeps changing. Is another seren-auth starting?`, 'in_use');
    }
    // null: it vanished between our create and read.
    if (existing !== null) await removeIfUnchanged(lockPath, existing);
  }
}

/** "seren-auth query (pid 123)": the holder, for messages. */
export function describeHolder(holder: LockInfo): string {
  const where = holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`;
  return `seren-auth ${holder.command ?? 'process'} (pid ${holder.pid}${where})`;
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
    const kind: LockHolderKind = value.kind === 'short-lived' ? 'short-lived' : 'long-lived';
    const command = typeof value.command === 'string' ? value.command : undefined;
    return { pid: value.pid, hostname: value.hostname, startedAt: String(value.startedAt ?? ''), kind, command, control: value.control };
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
