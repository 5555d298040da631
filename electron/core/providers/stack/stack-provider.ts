// Stack Auth (Hexclave) as a UserProvider, over its server REST API with fetch.
//
// What Stack offers: a cursor walk by signed_up_at (echo next_cursor; its meaning changed
// between versions), newest sign-ups first, and nothing else — no update time, no count, no
// change feed. So updates and deletions come from full scans (the engine sizes their cadence
// from the rate budget), and the walk must never end early without saying so: when the user at
// the cursor is deleted between two pages, Stack answers an empty page with next_cursor null.
// That page is confirmed with GET /users/{id}; if the user is gone the walk resumes from an
// earlier user of the previous page (the upsert makes re-reading harmless).
import { RateLimiter } from '../rate-limiter.js';
import { RequestPolicy } from '../request-policy.js';
import { ProviderRequestError, RetryListeners, type MappedUser, type ProviderInstance, type RecentFeed, type RetryNotice, type UserProvider, type WalkPage } from '../provider.js';
import { classifyStackError, responseError, StackMalformedResponse } from './stack-errors.js';
import { mapStackUser } from './stack-user.js';

export const STACK_DEFAULT_API_URL = 'https://api.hexclave.com';
/** Stack publishes no limits: a conservative default for the whole project, per 10 s. */
export const STACK_DEFAULT_REQUESTS_PER_WINDOW = 50;
const RATE_WINDOW_MS = 10_000;
/** Earlier users a walk cursor remembers to resume from. */
const FALLBACK_POSITIONS = 5;

export interface StackProviderOptions {
  projectId: string;
  secretServerKey: string;
  apiUrl?: string;
  rateShare?: number;
  requestsPerWindow?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Total time one request may spend retrying (sync --once), unbounded when absent. */
  retryWindowMs?: number;
}

interface UsersPage {
  items: unknown[];
  pagination?: { next_cursor?: string | null };
}

/** The walk's own cursor: Stack's next_cursor, and the ids of the page before it to fall back on. */
interface WalkCursor {
  next: string;
  back: string[];
}

export class StackProvider implements UserProvider {
  readonly kind = 'stack';
  readonly label = 'Stack Auth';
  readonly instanceNoun = 'project';
  readonly maxPageSize = 1000;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly limiter: RateLimiter;
  private readonly policy: RequestPolicy;
  private readonly retries = new RetryListeners();

  /** Newest sign-ups first: finds new users between full scans. */
  readonly recent: RecentFeed = {
    covers: 'signups',
    position: (user: MappedUser) => user.created_at,
    page: async (cursor, limit, signal) => {
      const page = await this.listUsers({ limit, desc: true, cursor }, signal);
      return { users: page.items, next: page.pagination?.next_cursor ?? null };
    },
  };

  constructor(options: StackProviderOptions) {
    this.baseUrl = `${(options.apiUrl ?? STACK_DEFAULT_API_URL).replace(/\/+$/, '')}/api/v1`;
    // Both header families: the renamed backend reads x-hexclave-*, older ones x-stack-*.
    this.headers = {};
    for (const family of ['x-stack', 'x-hexclave']) {
      this.headers[`${family}-access-type`] = 'server';
      this.headers[`${family}-project-id`] = options.projectId;
      this.headers[`${family}-secret-server-key`] = options.secretServerKey;
    }
    const perWindow = options.requestsPerWindow ?? STACK_DEFAULT_REQUESTS_PER_WINDOW;
    this.limiter = new RateLimiter(Math.max(1, Math.floor(perWindow * (options.rateShare ?? 0.5))), RATE_WINDOW_MS);
    this.policy = new RequestPolicy(
      { limiter: this.limiter, timeoutMs: options.timeoutMs ?? 30_000, maxAttempts: options.maxAttempts ?? 8,
        retryWindowMs: options.retryWindowMs, onRetry: this.retries.notify },
      classifyStackError,
    );
  }

  async describeInstance(signal?: AbortSignal): Promise<ProviderInstance> {
    const project = await this.get<{ id?: unknown; display_name?: unknown }>('Reading the Stack Auth project', '/projects/current', signal);
    if (typeof project.id !== 'string') throw new StackMalformedResponse('the project had no id');
    const label = typeof project.display_name === 'string' && project.display_name.trim() ? project.display_name : project.id;
    // Prove the list permission too: the walk is all the engine will ask for.
    await this.listUsers({ limit: 1, desc: false, cursor: null }, signal);
    return { id: project.id, label, environment: null };
  }

  async walk(cursorText: string | null, limit: number, signal?: AbortSignal): Promise<WalkPage> {
    let cursor = cursorText === null ? null : parseCursor(cursorText);
    for (;;) {
      const page = await this.listUsers({ limit, desc: false, cursor: cursor?.next ?? null }, signal);
      const next = page.pagination?.next_cursor ?? null;
      if (page.items.length > 0 || cursor === null || next !== null || (await this.exists(cursor.next, signal))) {
        if (next === null) return { users: page.items, next: null };
        // Fallbacks if `next` is deleted before it is read: the last users before it.
        const back = page.items.map((u) => mapStackUser(u).id).filter((id) => id !== next).slice(-FALLBACK_POSITIONS);
        return { users: page.items, next: JSON.stringify({ next, back } satisfies WalkCursor) };
      }
      // An empty page because the user at the cursor was deleted: step back and read again.
      cursor = cursor.back.length > 0 ? { next: cursor.back[cursor.back.length - 1], back: cursor.back.slice(0, -1) } : null;
    }
  }

  mapUser(raw: unknown): MappedUser {
    return mapStackUser(raw);
  }

  rateBudget() {
    return { used: this.limiter.used(), limit: this.limiter.limit, windowMs: this.limiter.windowMs };
  }

  onRetry(listener: (notice: RetryNotice) => void): () => void {
    return this.retries.add(listener);
  }

  private async exists(userId: string, signal?: AbortSignal): Promise<boolean> {
    try {
      await this.get('Checking the user at the cursor', `/users/${encodeURIComponent(userId)}`, signal);
      return true;
    } catch (error) {
      if (error instanceof ProviderRequestError && error.status === 404 && error.message.includes('USER_NOT_FOUND')) return false;
      throw error;
    }
  }

  private async listUsers(q: { limit: number; desc: boolean; cursor: string | null }, signal?: AbortSignal): Promise<UsersPage> {
    const params = new URLSearchParams({ limit: String(q.limit), order_by: 'signed_up_at', desc: String(q.desc), include_anonymous: 'true' });
    if (q.cursor) params.set('cursor', q.cursor);
    const page = await this.get<UsersPage>('Listing users', `/users?${params}`, signal);
    if (!Array.isArray(page.items)) throw new StackMalformedResponse('the users page had no items array');
    return page;
  }

  private get<T>(what: string, path: string, signal?: AbortSignal): Promise<T> {
    return this.policy.run(what, async (attemptSignal) => {
      // The attempt's signal ends with its timeout, so a stalled socket is closed, not left open.
      const response = await fetch(`${this.baseUrl}${path}`, { headers: this.headers, signal: attemptSignal });
      if (!response.ok) throw await responseError(response);
      try {
        return (await response.json()) as T;
      } catch {
        throw new StackMalformedResponse('the answer was not JSON');
      }
    }, signal);
  }
}

function parseCursor(text: string): WalkCursor {
  try {
    const parsed = JSON.parse(text) as Partial<WalkCursor>;
    if (typeof parsed.next === 'string' && Array.isArray(parsed.back)) return { next: parsed.next, back: parsed.back.filter((b) => typeof b === 'string') };
  } catch {
    // a bare id from elsewhere
  }
  return { next: text, back: [] };
}
