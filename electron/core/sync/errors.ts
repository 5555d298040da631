// Errors that stop the engine until the user acts. Each carries the sentence the CLI prints
// and the UI shows, the CLI's exit code and the mode the engine stops in.
import type { EngineMode } from './engine-status.js';

export class SyncStoppedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly mode: EngineMode,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A provider and instance as named in messages: "Clerk instance ins_2x", "Stack Auth project My App (9f…)". */
export interface BoundInstance {
  providerLabel: string;
  noun: string;
  id: string;
  label: string;
}

export function describeBinding(b: BoundInstance): string {
  return `${b.providerLabel} ${b.noun} ${b.label === b.id ? b.id : `"${b.label}" (${b.id})`}`;
}

export class InstanceMismatchError extends SyncStoppedError {
  constructor(bound: BoundInstance, given: BoundInstance) {
    super(
      `This database mirrors ${describeBinding(bound)}, but the credentials belong to ${describeBinding(given)}. ` +
        'Refusing to mix two sources in one users_sync. Use another database (in the app: Settings, switch database), ' +
        'or re-bind this one with `seren-auth sync --reset` (current users are marked deleted, then the new source is synced).',
      2,
      'wrong-instance',
    );
  }
}

export class MassDeletionGuardError extends SyncStoppedError {
  constructor(
    readonly missing: number,
    readonly active: number,
  ) {
    super(
      `Stopped: the provider no longer lists ${missing} of the ${active} active users, so this reconciliation would delete ` +
        'more than half of them. This usually means the secret key belongs to a different instance or environment. ' +
        'Nothing was deleted. Check the key; if the deletions are real, apply them with "Apply deletions" in the app ' +
        'or run again with --allow-mass-delete.',
      3,
      'stopped-by-guard',
    );
  }
}
