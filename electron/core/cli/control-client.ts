// Talks to a running seren-auth (sync, serve or the desktop app) through the control API it
// recorded in its folder lock, so `query` and `status` never open a folder another process holds.
import os from 'node:os';
import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import { lockPathFor, readFolderLock, type LockControl } from '../db/folder-lock.js';
import type { DatabaseTarget } from '../db/target.js';
import type { ApiErrorPayload, ApiInput, ApiMethod, ApiOutputs } from '../../../shared/api.js';
import { CliError, EXIT } from './errors.js';

export class ControlClient {
  constructor(
    private readonly control: LockControl,
    readonly pid: number,
  ) {}

  /** Who answers, for messages. */
  get holder(): string {
    return `the running seren-auth (pid ${this.pid})`;
  }

  async call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutputs[M]> {
    let response: Response;
    try {
      response = await fetch(`${this.control.url.replace(/\/+$/, '')}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Seren-Token': this.control.token },
        body: JSON.stringify(input),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(`Could not reach ${this.holder} at ${this.control.url} (${cause}).`, EXIT.failure);
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) {
      const message = (body as ApiErrorPayload | null)?.error?.message ?? `HTTP ${response.status}`;
      throw new CliError(`${this.holder} refused ${method}: ${message}`, EXIT.failure);
    }
    return body as ApiOutputs[M];
  }
}

/**
 * The running process holding a PGlite folder, if any. A holder that published no control
 * address cannot be asked: the folder is in use and that is what the user is told.
 */
export async function runningHolder(target: DatabaseTarget): Promise<ControlClient | null> {
  if (target.kind !== 'pglite') return null;
  const holder = await readFolderLock(target.dir);
  // A short-lived query or status: opening the folder waits for it to finish.
  if (!holder || holder.kind === 'short-lived') return null;
  if (holder.hostname !== os.hostname()) {
    // Its control address is loopback on that machine, not this one.
    throw new CliError(`The database folder ${target.dir} is in use by a seren-auth process on ${holder.hostname} (pid ${holder.pid}).`);
  }
  if (!holder.control) {
    throw new CliError(
      `The database folder ${target.dir} is in use by another seren-auth process (pid ${holder.pid}) that accepts no queries. ` +
        'Wait until it has started, or stop it first.',
    );
  }
  return new ControlClient(await trustedControl(target.dir), holder.pid);
}

/**
 * The control address and token, read from a lock file only the current user can have written
 * (owned by them, 0600, not a symlink), naming a loopback http address. Anyone else could point
 * `query` at a server of theirs and receive the SQL, or the answers.
 */
async function trustedControl(dir: string): Promise<LockControl> {
  const lockPath = lockPathFor(dir);
  const refuse = (why: string) =>
    new CliError(`Refusing to use the control address in ${lockPath}: ${why}. If no seren-auth is running on this folder, remove that file.`);
  // Checked and read through one descriptor, so the file cannot be swapped in between.
  const handle = await fs.open(lockPath, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch((error: NodeJS.ErrnoException) => {
    throw refuse(error.code === 'ELOOP' ? 'it is a symbolic link' : `it cannot be read (${error.code})`);
  });
  try {
    const stat = await handle.stat();
    const uid = process.getuid?.();
    if (process.platform !== 'win32' && uid !== undefined) {
      if (stat.uid !== uid) throw refuse(`it belongs to another user (uid ${stat.uid})`);
      if ((stat.mode & 0o077) !== 0) throw refuse(`other users can read or write it (mode ${(stat.mode & 0o777).toString(8).padStart(4, '0')})`);
    }
    let control: Partial<LockControl> | undefined;
    try {
      control = (JSON.parse(await handle.readFile('utf8')) as { control?: Partial<LockControl> }).control;
    } catch {
      control = undefined;
    }
    if (typeof control?.url !== 'string' || typeof control.token !== 'string') throw refuse('it names no control address');
    if (!isLoopbackHttp(control.url)) throw refuse(`its address ${control.url} is not on this machine's loopback interface`);
    return { url: control.url, token: control.token };
  } finally {
    await handle.close();
  }
}

function isLoopbackHttp(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' && (/^127(\.\d{1,3}){3}$/.test(url.hostname) || url.hostname === '[::1]' || url.hostname === 'localhost');
  } catch {
    return false;
  }
}
