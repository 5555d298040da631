// What the sync engine needs from an auth provider. Clerk implements it today; Stack Auth is
// next. Users travel as the provider's raw JSON; `mapUser` picks the contract's columns.
import type { InstanceEnvironment } from '../../../shared/types.js';

export interface MappedUser {
  id: string;
  name: string | null;
  email: string | null;
  /** Provider timestamps, milliseconds since the epoch. */
  created_at: number | null;
  updated_at: number | null;
  /** The user object exactly as the provider's API returned it. */
  raw: unknown;
}

export interface ProviderInstance {
  id: string;
  environment: InstanceEnvironment;
}

export interface RateBudget {
  used: number;
  limit: number;
  windowMs: number;
}

/** Told to the engine when a request failed and will be retried. */
export interface RetryNotice {
  reason: string;
  attempt: number;
  nextRetryAt: number;
}

export interface UserProvider {
  readonly name: string;
  /** Validates the credentials and says which instance they belong to. */
  describeInstance(signal?: AbortSignal): Promise<ProviderInstance>;
  countUsers(signal?: AbortSignal): Promise<number>;
  /** Users in creation order (oldest first), strictly after the user `afterId` (null = from the start). */
  listByCreation(afterId: string | null, limit: number, signal?: AbortSignal): Promise<unknown[]>;
  /** Users by last update, newest first. */
  listByRecentUpdate(offset: number, limit: number, signal?: AbortSignal): Promise<unknown[]>;
  mapUser(raw: unknown): MappedUser;
  rateBudget(): RateBudget;
  /** The largest page the provider serves. */
  readonly maxPageSize: number;
}

/** The credentials are wrong: retrying cannot help. */
export class ProviderAuthError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'ProviderAuthError';
  }
}

/** A request that failed after its retries, or could not be retried. */
export class ProviderRequestError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'ProviderRequestError';
  }
}
