// What the sync engine needs from an auth provider, described by capability: every provider
// can walk all its users in a stable order; the rest is optional and the engine plans from
// what is there. Users travel as the provider's raw JSON; `mapUser` picks the contract's columns.
import type { InstanceEnvironment } from '../../../shared/types.js';

export interface MappedUser {
  id: string;
  name: string | null;
  email: string | null;
  /** Provider timestamps, milliseconds since the epoch. */
  created_at: number | null;
  /** Null when the provider keeps no update time: the store then records when it saw a change. */
  updated_at: number | null;
  /** The user object exactly as the provider's API returned it. */
  raw: unknown;
}

export interface ProviderInstance {
  /** Clerk instance id, Stack project id: what a database is bound to. */
  id: string;
  /** What the user recognises: the project's display name, or the id when there is none. */
  label: string;
  environment: InstanceEnvironment | null;
}

export interface RateBudget {
  used: number;
  limit: number;
  windowMs: number;
}

/** Told to listeners when a request failed and will be retried. */
export interface RetryNotice {
  reason: string;
  attempt: number;
  nextRetryAt: number;
}

/**
 * One page of a walk. `next` is the provider's own cursor (opaque to the engine) to pass for
 * the following page; null only when the provider is sure the walk reached the end.
 */
export interface WalkPage {
  users: unknown[];
  next: string | null;
  /**
   * The response body (UTF-8) when it is a JSON array whose element i is users[i]: the page is
   * then written from these bytes, not serialised again (sync/page-source.ts).
   */
  body?: Uint8Array;
}

/** A created-at interval, ms since the epoch, `from` inclusive, `to` exclusive (null = open). */
export interface CreatedRange {
  from: number | null;
  to: number | null;
}

/**
 * Users newest first by one of their timestamps, for cheap polling down to a high-water mark.
 * `covers: 'changes'` (ordered by update time) sees every update; 'signups' (by creation time)
 * sees new users only, so updates and deletions come from full walks.
 */
export interface RecentFeed {
  readonly covers: 'changes' | 'signups';
  /** The timestamp the feed is ordered by, for a mapped user. */
  position(user: MappedUser): number | null;
  page(cursor: string | null, limit: number, signal?: AbortSignal): Promise<WalkPage>;
}

/** Counting and walking a slice of users by creation time (for parallel backfill and range counts). */
export interface CreatedRangeAccess {
  count(range: CreatedRange, signal?: AbortSignal): Promise<number>;
  walk(range: CreatedRange, cursor: string | null, limit: number, signal?: AbortSignal): Promise<WalkPage>;
}

export interface UserProvider {
  /** The registry's key: 'clerk', 'stack'. Stored with the database's binding. */
  readonly kind: string;
  /** Shown to people: 'Clerk', 'Stack Auth'. */
  readonly label: string;
  /** What the provider calls an instance: 'instance', 'project'. */
  readonly instanceNoun: string;
  /** The largest page the provider serves. */
  readonly maxPageSize: number;
  /** Validates the credentials and says which instance they belong to. */
  describeInstance(signal?: AbortSignal): Promise<ProviderInstance>;
  /** Every user, in an order that stays stable while users are created and deleted. */
  walk(cursor: string | null, limit: number, signal?: AbortSignal): Promise<WalkPage>;
  readonly recent?: RecentFeed;
  /** The provider's total user count, when it has one. */
  count?(signal?: AbortSignal): Promise<number>;
  readonly createdRange?: CreatedRangeAccess;
  mapUser(raw: unknown): MappedUser;
  rateBudget(): RateBudget;
  /** Subscribes to request retries; returns the unsubscribe. */
  onRetry(listener: (notice: RetryNotice) => void): () => void;
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

/** Listeners of retry notices, for providers to hold. */
export class RetryListeners {
  private readonly listeners = new Set<(notice: RetryNotice) => void>();

  add(listener: (notice: RetryNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  readonly notify = (notice: RetryNotice): void => {
    for (const listener of this.listeners) listener(notice);
  };
}
