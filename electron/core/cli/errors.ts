// Exit codes and the one sentence each failure prints. Errors from the core already carry
// user-facing messages; this module only decides the exit code and adds nothing secret.
import { DatabaseError, DatabaseOpenError } from '../db/database.js';
import { ProviderAuthError, ProviderRequestError } from '../providers/provider.js';
import { SyncStoppedError } from '../sync/errors.js';

export const EXIT = {
  ok: 0,
  /** Runtime failure: the network gave up, a database error. */
  failure: 1,
  /** Bad usage or configuration: key, database URL, instance mismatch, folder in use. */
  usage: 2,
  /** The mass-deletion guard stopped the sync. */
  guard: 3,
  interrupted: 130,
} as const;

export const EXIT_CODES_HELP = `Exit codes:
  0    success
  1    runtime failure (the network gave up, the database is down, a database error, an SQL error)
  2    bad usage or configuration: missing or rejected secret key, bad database (URL, host, login),
       the database mirrors another provider or instance, the database folder is in use
  3    stopped by the mass-deletion guard (nothing was deleted)
  130  interrupted: Ctrl+C (or SIGTERM) during --once or before watching starts, or a second Ctrl+C while stopping`;

/** A failure the CLI itself detected, with the sentence to print and the exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The process was asked to stop (SIGINT/SIGTERM) before the work finished. */
export class InterruptedError extends Error {
  constructor() {
    super('Interrupted.');
    this.name = 'InterruptedError';
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof InterruptedError) return EXIT.interrupted;
  if (error instanceof SyncStoppedError) return error.exitCode;
  if (error instanceof ProviderAuthError) return EXIT.usage;
  // A database that is down may come back: a runtime failure, not a wrong setting.
  if (error instanceof DatabaseOpenError) return error.transient ? EXIT.failure : EXIT.usage;
  return EXIT.failure;
}

export function messageFor(error: unknown): string {
  if (error instanceof ProviderRequestError) return `${error.message}. Giving up.`;
  if (error instanceof DatabaseError) return `Database error: ${error.message}`;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
