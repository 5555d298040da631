// Errors that stop the engine until the user acts. Each carries the sentence the CLI prints
// and the UI shows, and the CLI's exit code.

export class SyncStoppedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly state: 'failed' | 'guard_stopped',
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InstanceMismatchError extends SyncStoppedError {
  constructor(boundId: string, givenId: string) {
    super(
      `This database mirrors Clerk instance ${boundId}, but the secret key belongs to instance ${givenId}. ` +
        'Refusing to mix two instances in one users_sync. Use another database (in the app: Settings, switch database), ' +
        'or re-bind this one with `seren-auth sync --reset` (current users are marked deleted, then the new instance is synced).',
      2,
      'failed',
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
      'guard_stopped',
    );
  }
}
