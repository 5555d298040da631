// An in-memory UserProvider for engine tests: users in a Map, capabilities switched on or off,
// and faults injected into its requests, which go through the shared request policy.
import { RateLimiter } from '../../electron/core/providers/rate-limiter.js';
import { RequestPolicy } from '../../electron/core/providers/request-policy.js';
import {
  RetryListeners, type MappedUser, type ProviderInstance, type RecentFeed, type RetryNotice, type UserProvider, type WalkPage,
} from '../../electron/core/providers/provider.js';

export interface FakeUser {
  id: string;
  name: string;
  created_at: number;
  updated_at: number;
}

export interface FakeProviderOptions {
  users?: number;
  instanceId?: string;
  /** Offer the recent-updates feed and the count (default true): Clerk-like; false: Stack-like. */
  feedAndCount?: boolean;
  /** First retry wait of a failed request (the policy doubles it). */
  retryDelayMs?: number;
  pageSize?: number;
}

export class FakeProvider implements UserProvider {
  readonly kind = 'fake';
  readonly label = 'Fake';
  readonly instanceNoun = 'instance';
  readonly maxPageSize: number;
  readonly users = new Map<string, FakeUser>();
  readonly calls = { describe: 0, walk: 0, recent: 0, count: 0 };
  instanceId: string;
  readonly recent?: RecentFeed;
  readonly count?: (signal?: AbortSignal) => Promise<number>;
  private readonly retries = new RetryListeners();
  private readonly limiter = new RateLimiter(10_000, 10_000);
  private readonly policy: RequestPolicy;
  private failures = 0;
  private clock = Date.UTC(2026, 0, 1);

  constructor(options: FakeProviderOptions = {}) {
    this.instanceId = options.instanceId ?? 'fake_instance_1';
    this.maxPageSize = options.pageSize ?? 50;
    this.policy = new RequestPolicy(
      { limiter: this.limiter, timeoutMs: 5000, maxAttempts: 5, baseDelayMs: options.retryDelayMs ?? 10, maxDelayMs: 600_000, onRetry: this.retries.notify },
      (error) => ({ kind: 'transient', message: (error as Error).message, status: 503 }),
    );
    for (let i = 0; i < (options.users ?? 0); i++) this.create();
    if (options.feedAndCount ?? true) {
      this.recent = {
        covers: 'changes',
        position: (u: MappedUser) => u.updated_at,
        page: (cursor, limit, signal) => this.request('recent', signal, () => {
          const offset = cursor === null ? 0 : Number(cursor);
          const sorted = [...this.users.values()].sort((a, b) => b.updated_at - a.updated_at || (a.id < b.id ? -1 : 1));
          const users = sorted.slice(offset, offset + limit);
          return { users, next: users.length === limit ? String(offset + limit) : null };
        }),
      };
      this.count = (signal) => this.request('count', signal, () => this.users.size);
    }
  }

  create(name = `User ${this.users.size}`): FakeUser {
    const at = this.clock++;
    // Ids sort as creation does, so "after this id" is a stable walk order.
    const user = { id: `u_${String(at - Date.UTC(2026, 0, 1)).padStart(8, '0')}`, name, created_at: at, updated_at: at };
    this.users.set(user.id, user);
    return user;
  }

  update(id: string, name: string): void {
    const user = this.users.get(id)!;
    this.users.set(id, { ...user, name, updated_at: this.clock++ });
  }

  /** The next `times` requests fail (transiently: the policy retries them). */
  failNext(times: number): void {
    this.failures += times;
  }

  describeInstance(signal?: AbortSignal): Promise<ProviderInstance> {
    return this.request('describe', signal, () => ({ id: this.instanceId, label: this.instanceId, environment: null }));
  }

  walk(cursor: string | null, limit: number, signal?: AbortSignal): Promise<WalkPage> {
    return this.request('walk', signal, () => {
      const users = [...this.users.values()].filter((u) => cursor === null || u.id > cursor).sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, limit);
      return { users, next: users.length === limit ? users[users.length - 1].id : null };
    });
  }

  mapUser(raw: unknown): MappedUser {
    const u = raw as FakeUser;
    return { id: u.id, name: u.name, email: null, created_at: u.created_at, updated_at: u.updated_at, raw };
  }

  rateBudget() {
    return { used: this.limiter.used(), limit: this.limiter.limit, windowMs: this.limiter.windowMs };
  }

  onRetry(listener: (notice: RetryNotice) => void): () => void {
    return this.retries.add(listener);
  }

  private request<T>(call: keyof FakeProvider['calls'], signal: AbortSignal | undefined, answer: () => T): Promise<T> {
    return this.policy.run(`Fake ${call}`, async () => {
      this.calls[call]++;
      if (this.failures > 0) {
        this.failures--;
        throw new Error('the fake provider is unavailable');
      }
      // A copy, as JSON from the network would be.
      return structuredClone(answer());
    }, signal);
  }
}
