// Talks to a running seren-auth (sync, serve or the desktop app) through the control API it
// recorded in its folder lock, so `query` and `status` never open a folder another process holds.
import os from 'node:os';
import { readFolderLock, type LockControl } from '../db/folder-lock.js';
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
  return new ControlClient(holder.control, holder.pid);
}
