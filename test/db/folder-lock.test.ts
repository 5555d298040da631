import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseOpenError } from '../../electron/core/db/database.js';
import { acquireFolderLock, readFolderLock, type LockInfo } from '../../electron/core/db/folder-lock.js';
import { openPglite } from '../../electron/core/db/pglite-host.js';
import { holdLockInChild, killAndWait } from '../support/folder-holder.js';
import { makeTempDir } from '../support/temp.js';
import { waitFor } from '../support/wait.js';

describe('folder lock', () => {
  let tmp: { dir: string; remove(): Promise<void> };
  let dataDir: string;

  beforeAll(async () => {
    tmp = await makeTempDir();
    dataDir = path.join(tmp.dir, 'pgdata');
  });
  afterAll(() => tmp.remove());

  it('writes <dir>.lock next to the folder, mode 0600, with pid/host/start and control info', async () => {
    const dir = path.join(tmp.dir, 'plain');
    const lock = await acquireFolderLock(dir);
    expect(lock.path).toBe(`${dir}.lock`);
    const stat = await fs.stat(lock.path);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(await readFolderLock(dir)).toEqual({ pid: process.pid, hostname: os.hostname(), startedAt: expect.any(String), kind: 'long-lived' });
    await lock.setControl({ url: 'http://127.0.0.1:4000', token: 't0ken' });
    expect((await readFolderLock(dir))?.control).toEqual({ url: 'http://127.0.0.1:4000', token: 't0ken' });
    expect((await fs.stat(lock.path)).mode & 0o777).toBe(0o600);
    await lock.release();
    expect(await readFolderLock(dir)).toBeNull();
    await expect(fs.access(lock.path)).rejects.toThrow();
  });

  it('refuses to open a PGlite folder another process holds, then takes over once that process is dead', async () => {
    const child = await holdLockInChild(dataDir);
    try {
      const error = await openPglite(dataDir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseOpenError);
      expect(error).toMatchObject({ reason: 'in_use' });
      expect((error as Error).message).toContain(`The database folder ${dataDir} is in use by another seren-auth process (pid ${child.pid}`);
      expect(await readFolderLock(dataDir)).toMatchObject({ pid: child.pid });
    } finally {
      await killAndWait(child);
    }
    // The lock file is still there, but its pid is dead: stale, so it is replaced.
    expect(await readFolderLock(dataDir)).toBeNull();
    const db = await openPglite(dataDir);
    try {
      expect(await readFolderLock(dataDir)).toMatchObject({ pid: process.pid });
      // A second open in this process is refused too.
      await expect(openPglite(dataDir)).rejects.toMatchObject({ reason: 'in_use' });
      expect((await db.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    } finally {
      await db.close();
    }
    expect(await readFolderLock(dataDir)).toBeNull();
  });

  it('replaces a stale lock file left by a dead pid', async () => {
    const dir = path.join(tmp.dir, 'stale');
    // A pid that is certainly dead: a process we started and waited for.
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    await fs.writeFile(`${dir}.lock`, JSON.stringify({ pid: dead.pid, hostname: os.hostname(), startedAt: '2020-01-01T00:00:00Z' }));
    expect(await readFolderLock(dir)).toBeNull();
    const lock = await acquireFolderLock(dir);
    expect(await readFolderLock(dir)).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('treats a torn (unparseable) lock file as stale', async () => {
    const dir = path.join(tmp.dir, 'torn');
    await fs.writeFile(`${dir}.lock`, '{"pid":');
    const lock = await acquireFolderLock(dir);
    expect(await readFolderLock(dir)).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('waits for a short-lived holder (a query or status) to finish, then takes the folder', async () => {
    const dir = path.join(tmp.dir, 'brief');
    const child = await holdLockInChild(dir, 'short-lived', 'query');
    const waitedFor: LockInfo[] = [];
    let settled = false;
    const taking = acquireFolderLock(dir, { kind: 'long-lived', command: 'sync', onWait: (h) => waitedFor.push(h) }).finally(() => (settled = true));
    try {
      await waitFor(() => waitedFor.length > 0, 'the opener to report that it waits');
      expect(waitedFor).toEqual([expect.objectContaining({ pid: child.pid, kind: 'short-lived', command: 'query' })]);
      expect(settled).toBe(false);
    } finally {
      await killAndWait(child);
    }
    const lock = await taking;
    expect(await readFolderLock(dir)).toMatchObject({ pid: process.pid, kind: 'long-lived', command: 'sync' });
    await lock.release();
  });

  it('stops waiting when its signal aborts', async () => {
    const dir = path.join(tmp.dir, 'brief-abort');
    const child = await holdLockInChild(dir, 'short-lived', 'status');
    try {
      const abort = new AbortController();
      const taking = acquireFolderLock(dir, { signal: abort.signal, onWait: () => abort.abort(new Error('given up')) });
      await expect(taking).rejects.toThrow('given up');
      expect(await readFolderLock(dir)).toMatchObject({ pid: child.pid });
    } finally {
      await killAndWait(child);
    }
  });
});
