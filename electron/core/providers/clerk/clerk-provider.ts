// Clerk as a UserProvider, through @clerk/backend (createClerkClient with apiUrl).
// First: it must wrap the global fetch before the SDK binds it (see request-signal.ts).
import { withRequestSignal } from './request-signal.js';
import { createClerkClient } from '@clerk/backend';
import { RateLimiter } from '../rate-limiter.js';
import { RequestPolicy, RequestTimeoutError, type ClassifiedFailure } from '../request-policy.js';
import { mapClerkUser } from './clerk-user.js';
import { MalformedResponseError, requestUsersPage, type UsersPage } from './users-page-request.js';
import { CLERK_RATE_LIMITS, CLERK_RATE_WINDOW_MS } from './clerk-limits.js';
import {
  RetryListeners, type CreatedRange, type CreatedRangeAccess, type MappedUser, type ProviderInstance, type RateBudget,
  type RecentFeed, type RetryNotice, type UserProvider, type WalkPage,
} from '../provider.js';
import type { InstanceEnvironment } from '../../../../shared/types.js';
import { checkClerkSecretKey } from './secret-key.js';
import { maskSecretKey } from '../../app/secret-store.js';
import { redact, registerSecret } from '../../redact.js';

export const CLERK_DEFAULT_API_URL = 'https://api.clerk.com';

export interface ClerkProviderOptions {
  secretKey: string;
  apiUrl?: string;
  /** Share of the instance's rate budget the engine may use (default 0.5: half stays with the app). */
  rateShare?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Give up on a request once it has been retried for this long (default: only maxAttempts). */
  retryWindowMs?: number;
}

export function environmentFromKey(secretKey: string): InstanceEnvironment {
  return secretKey.startsWith('sk_live_') || secretKey.startsWith('live_') ? 'production' : 'development';
}

export class ClerkProvider implements UserProvider {
  readonly kind = 'clerk';
  readonly label = 'Clerk';
  readonly instanceNoun = 'instance';
  readonly maxPageSize = 500;
  private readonly clerk: ReturnType<typeof createClerkClient>;
  private readonly limiter: RateLimiter;
  private readonly policy: RequestPolicy;
  private readonly rateShare: number;
  /** Named in network failures, so the user sees which server did not answer. */
  private readonly host: string;
  private readonly apiUrl: string;
  private readonly secretKey: string;
  private readonly retries = new RetryListeners();

  /** Users by last update, newest first; the cursor is an offset. */
  readonly recent: RecentFeed = {
    covers: 'changes',
    position: (user: MappedUser) => user.updated_at,
    page: async (cursor, limit, signal) => {
      const offset = cursor === null ? 0 : Number(cursor);
      const page = await this.listPage({ limit, offset: offset || undefined, orderBy: '-updated_at' }, signal);
      return { ...page, next: page.users.length >= limit ? String(offset + page.users.length) : null };
    },
  };

  /** Clerk's created_at_after / created_at_before filters (both exclusive, in ms). */
  readonly createdRange: CreatedRangeAccess = {
    count: (range, signal) =>
      this.policy.run('Counting users', (s) => withRequestSignal(s, () => this.clerk.users.getCount(rangeQuery(range) as never)), signal),
    walk: (range, cursor, limit, signal) => this.walkQuery({ ...rangeQuery(range), limit, orderBy: '+created_at' }, cursor, limit, signal),
  };

  constructor(options: ClerkProviderOptions) {
    // Registered before the check, so even a rejected key never shows up in a message.
    registerSecret(options.secretKey, maskSecretKey(options.secretKey.trim()));
    const secretKey = checkClerkSecretKey(options.secretKey);
    const apiUrl = checkClerkApiUrl(options.apiUrl ?? CLERK_DEFAULT_API_URL);
    this.host = new URL(apiUrl).host;
    this.apiUrl = apiUrl;
    this.secretKey = secretKey;
    this.clerk = createClerkClient({
      secretKey,
      apiUrl,
      telemetry: { disabled: true },
    });
    this.rateShare = options.rateShare ?? 0.5;
    // Sized from the key's environment until describeInstance() tells the truth.
    this.limiter = new RateLimiter(this.shareOf(environmentFromKey(secretKey)), CLERK_RATE_WINDOW_MS);
    this.policy = new RequestPolicy(
      {
        limiter: this.limiter,
        timeoutMs: options.timeoutMs ?? 30_000,
        maxAttempts: options.maxAttempts ?? 8,
        retryWindowMs: options.retryWindowMs,
        onRetry: this.retries.notify,
      },
      (error) => classifyClerkError(error, this.host),
    );
  }

  private shareOf(environment: InstanceEnvironment): number {
    return Math.max(1, Math.floor(CLERK_RATE_LIMITS[environment] * this.rateShare));
  }

  async describeInstance(signal?: AbortSignal): Promise<ProviderInstance> {
    const instance = await this.policy.run('Reading the Clerk instance', (s) => withRequestSignal(s, () => this.clerk.instance.get()), signal);
    const environment = instance.environmentType === 'production' ? 'production' : 'development';
    this.limiter.resize(this.shareOf(environment));
    return { id: instance.id, label: instance.id, environment };
  }

  count(signal?: AbortSignal): Promise<number> {
    return this.policy.run('Counting users', (s) => withRequestSignal(s, () => this.clerk.users.getCount()), signal);
  }

  /** Oldest first; the cursor is the last user's id (Clerk's starting_after). */
  walk(cursor: string | null, limit: number, signal?: AbortSignal): Promise<WalkPage> {
    return this.walkQuery({ limit, orderBy: '+created_at' }, cursor, limit, signal);
  }

  mapUser(raw: unknown) {
    return mapClerkUser(raw);
  }

  onRetry(listener: (notice: RetryNotice) => void): () => void {
    return this.retries.add(listener);
  }

  private async walkQuery(query: Record<string, unknown>, cursor: string | null, limit: number, signal?: AbortSignal): Promise<WalkPage> {
    const page = await this.listPage({ ...query, startingAfter: cursor ?? undefined }, signal);
    const { users } = page;
    // A short page is the end: starting_after never skips users.
    return { ...page, next: users.length >= limit ? mapClerkUser(users[users.length - 1]).id : null };
  }

  rateBudget(): RateBudget {
    return { used: this.limiter.used(), limit: this.limiter.limit, windowMs: this.limiter.windowMs };
  }

  /**
   * One page of GET /v1/users in one request, with the body's bytes (users-page-request.ts). The
   * SDK's getUserList() would also call /users/count on every page (two requests).
   */
  private listPage(query: Record<string, unknown>, signal?: AbortSignal): Promise<UsersPage> {
    return this.policy.run('Listing users', (s) => requestUsersPage(this.apiUrl, this.secretKey, query, s), signal);
  }
}

function rangeQuery(range: CreatedRange): Record<string, number> {
  const query: Record<string, number> = {};
  if (range.from !== null) query.createdAtAfter = range.from - 1;
  if (range.to !== null) query.createdAtBefore = range.to;
  return query;
}

interface SdkError {
  status?: number;
  errors?: { code?: string; message?: string; longMessage?: string }[];
  retryAfter?: number;
}

/** The base URL, or an error saying in one sentence that it is not one (never retried). */
export function checkClerkApiUrl(text: string): string {
  let url: URL | null = null;
  try {
    url = new URL(text.trim());
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new InvalidApiUrlError(`CLERK_API_URL must be an http:// or https:// URL such as ${CLERK_DEFAULT_API_URL}, not "${text}".`);
  }
  return text.trim();
}

export class InvalidApiUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidApiUrlError';
  }
}

/**
 * Maps SDK errors (ClerkAPIResponseError), timeouts and malformed bodies to retry decisions.
 * With the host, network failures name it.
 */
export function classifyClerkError(error: unknown, host?: string): ClassifiedFailure {
  if (error instanceof RequestTimeoutError) {
    const message = host ? `no answer from ${host} within ${Math.max(1, Math.round(error.ms / 1000))} s` : error.message;
    return { kind: 'transient', message, status: null };
  }
  if (error instanceof MalformedResponseError) return { kind: 'transient', message: error.message, status: null };
  const e = (error ?? {}) as SdkError;
  const first = e.errors?.[0];
  // SDK messages can quote what was sent (a bad header quoted the whole key): redacted at the source.
  const detail = redact(first?.longMessage || first?.message || (error instanceof Error ? error.message : String(error)));
  const status = typeof e.status === 'number' ? e.status : null;
  if (status === 401 || first?.code === 'clerk_key_invalid') {
    return { kind: 'auth', status, message: `Clerk rejected the secret key (${first?.code ?? 'unauthorized'}): ${detail}` };
  }
  if (status === 429) {
    return {
      kind: 'rate_limited',
      status,
      message: 'rate limited by Clerk (429)',
      retryAfterMs: typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined,
    };
  }
  if (status === null) {
    // The SDK reports resets, refused connections and unparsable bodies with no status.
    return { kind: 'transient', status, message: `network error${host ? ` reaching ${host}` : ''}: ${detail || 'connection failed'}` };
  }
  if (status >= 500 || status === 408) {
    return { kind: 'transient', status, message: `Clerk answered ${status}${first ? `: ${detail}` : ''}` };
  }
  return { kind: 'fatal', status, message: `Clerk answered ${status}: ${detail}` };
}
