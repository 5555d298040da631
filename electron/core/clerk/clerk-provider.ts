// Clerk as a UserProvider, through @clerk/backend (createClerkClient with apiUrl).
import { createClerkClient } from '@clerk/backend';
import { CLERK_RATE_LIMITS, CLERK_RATE_WINDOW_MS, RateLimiter } from './rate-limiter.js';
import { RequestPolicy, RequestTimeoutError, type ClassifiedFailure } from './request-policy.js';
import { mapClerkUser } from './clerk-user.js';
import { checkClerkSecretKey } from './secret-key.js';
import { maskSecretKey } from '../app/secret-store.js';
import { redact, registerSecret } from '../redact.js';
import type { ProviderInstance, RateBudget, RetryNotice, UserProvider } from '../sync/provider.js';

export const CLERK_DEFAULT_API_URL = 'https://api.clerk.com';

export interface ClerkProviderOptions {
  secretKey: string;
  apiUrl?: string;
  /** Share of the instance's rate budget the engine may use (default 0.5: half stays with the app). */
  rateShare?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  onRetry?: (notice: RetryNotice) => void;
}

interface SdkUser {
  raw: unknown;
}

/** The SDK's internal request function on UserAPI (see listPage). */
type SdkRequest = (options: { method: 'GET'; path: string; queryParams: Record<string, unknown> }) => Promise<unknown>;

export function environmentFromKey(secretKey: string): ProviderInstance['environment'] {
  return secretKey.startsWith('sk_live_') || secretKey.startsWith('live_') ? 'production' : 'development';
}

export class ClerkProvider implements UserProvider {
  readonly name = 'clerk';
  readonly maxPageSize = 500;
  private readonly clerk: ReturnType<typeof createClerkClient>;
  private readonly limiter: RateLimiter;
  private readonly policy: RequestPolicy;
  private readonly rateShare: number;

  constructor(options: ClerkProviderOptions) {
    // Registered before the check, so even a rejected key never shows up in a message.
    registerSecret(options.secretKey, maskSecretKey(options.secretKey.trim()));
    const secretKey = checkClerkSecretKey(options.secretKey);
    this.clerk = createClerkClient({
      secretKey,
      apiUrl: options.apiUrl ?? CLERK_DEFAULT_API_URL,
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
        onRetry: options.onRetry,
      },
      classifyClerkError,
    );
  }

  private shareOf(environment: ProviderInstance['environment']): number {
    return Math.max(1, Math.floor(CLERK_RATE_LIMITS[environment] * this.rateShare));
  }

  async describeInstance(signal?: AbortSignal): Promise<ProviderInstance> {
    const instance = await this.policy.run('Reading the Clerk instance', () => this.clerk.instance.get(), signal);
    const environment = instance.environmentType === 'production' ? 'production' : 'development';
    this.limiter.resize(this.shareOf(environment));
    return { id: instance.id, environment };
  }

  countUsers(signal?: AbortSignal): Promise<number> {
    return this.policy.run('Counting users', () => this.clerk.users.getCount(), signal);
  }

  listByCreation(afterId: string | null, limit: number, signal?: AbortSignal): Promise<unknown[]> {
    return this.listPage({ limit, orderBy: '+created_at', startingAfter: afterId ?? undefined }, signal);
  }

  listByRecentUpdate(offset: number, limit: number, signal?: AbortSignal): Promise<unknown[]> {
    return this.listPage({ limit, offset: offset || undefined, orderBy: '-updated_at' }, signal);
  }

  mapUser(raw: unknown) {
    return mapClerkUser(raw);
  }

  rateBudget(): RateBudget {
    return { used: this.limiter.used(), limit: this.limiter.limit, windowMs: this.limiter.windowMs };
  }

  /**
   * One page of GET /v1/users in one request. The SDK's getUserList() also calls
   * /users/count on every page (two requests), and 3.25 has no getUserListWithoutCount, so we
   * use the same UserAPI's request function directly: same headers, error parsing and User
   * objects (with `.raw`) as the public methods.
   */
  private listPage(query: Record<string, unknown>, signal?: AbortSignal): Promise<unknown[]> {
    const request = (this.clerk.users as unknown as { request: SdkRequest }).request;
    return this.policy.run(
      'Listing users',
      async () => {
        const data = await request({ method: 'GET', path: '/users', queryParams: query });
        if (!Array.isArray(data)) throw new MalformedResponseError('the users page was not a JSON array');
        return (data as SdkUser[]).map((user) => user.raw);
      },
      signal,
    );
  }
}

class MalformedResponseError extends Error {}

interface SdkError {
  status?: number;
  errors?: { code?: string; message?: string; longMessage?: string }[];
  retryAfter?: number;
}

/** Maps SDK errors (ClerkAPIResponseError), timeouts and malformed bodies to retry decisions. */
export function classifyClerkError(error: unknown): ClassifiedFailure {
  if (error instanceof RequestTimeoutError) return { kind: 'transient', message: error.message, status: null };
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
    return { kind: 'transient', status, message: `network error: ${detail || 'connection failed'}` };
  }
  if (status >= 500 || status === 408) {
    return { kind: 'transient', status, message: `Clerk answered ${status}${first ? `: ${detail}` : ''}` };
  }
  return { kind: 'fatal', status, message: `Clerk answered ${status}: ${detail}` };
}
