// A separate process that holds a folder lock, as another seren-auth would.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LockHolderKind } from '../../electron/core/db/folder-lock.js';

const holder = fileURLToPath(new URL('../db/fixtures/hold-folder-lock.ts', import.meta.url));

/** Starts the holder on dir; resolves once it has the lock. */
export async function holdLockInChild(dir: string, kind: LockHolderKind = 'long-lived', command = 'sync'): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', holder, dir, kind, command], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`lock holder exited (${code}): ${stderr}`)));
  });
  return child;
}

export async function killAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}
