// Fault injection for tests: each fault applies to the next N matching requests, in the order added.
import type { UserStore } from './user-store.js';

/** The routes of the fake, for aiming a fault at one of them. */
export type ClerkRoute = 'list_users' | 'count_users' | 'get_user' | 'delete_user' | 'get_instance';

export type Fault =
  /** 429 with `Retry-After: retryAfter` and a `too_many_requests` body. */
  | { kind: 'rate_limit'; retryAfter: number }
  /** A 5xx with a Clerk JSON error body. */
  | { kind: 'server_error'; status: number }
  /** 502 with an HTML body (`Content-Type: text/html`), as a proxy sends it. */
  | { kind: 'bad_gateway_html' }
  /** The request is accepted and never answered, until the server closes. */
  | { kind: 'stall' }
  /** The real response starts, then the socket is destroyed halfway through the body. */
  | { kind: 'reset_mid_body' };

export interface FaultTarget {
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Only requests to this route match (default: any authenticated request). */
  route?: ClerkRoute;
}

export interface FaultHandle {
  /** Matching requests still to be hit. */
  readonly remaining: number;
  cancel(): void;
}

export interface ListPageContext {
  params: URLSearchParams;
  store: UserStore;
  /** List requests seen by this hook before this one (0 for the first page). */
  page: number;
}
export type ListPageHook = (context: ListPageContext) => void | Promise<void>;

interface PendingFault {
  fault: Fault;
  route: ClerkRoute | undefined;
  remaining: number;
}

export class FaultInjector {
  private queue: PendingFault[] = [];
  private hooks: { fn: ListPageHook; page: number }[] = [];
  /** Added before every answer: a production API's round trip (150-400 ms to Clerk) on loopback. */
  latencyMs = 0;

  /** Server side: waits out the configured latency. */
  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  rateLimit(options: FaultTarget & { retryAfter?: number } = {}): FaultHandle {
    return this.add({ kind: 'rate_limit', retryAfter: options.retryAfter ?? 1 }, options);
  }

  serverError(options: FaultTarget & { status?: number } = {}): FaultHandle {
    return this.add({ kind: 'server_error', status: options.status ?? 500 }, options);
  }

  badGatewayHtml(options: FaultTarget = {}): FaultHandle {
    return this.add({ kind: 'bad_gateway_html' }, options);
  }

  stall(options: FaultTarget = {}): FaultHandle {
    return this.add({ kind: 'stall' }, options);
  }

  resetMidBody(options: FaultTarget = {}): FaultHandle {
    return this.add({ kind: 'reset_mid_body' }, options);
  }

  /** Runs `fn` before each list page is computed (e.g. to create or delete users mid-walk). */
  beforeListPage(fn: ListPageHook): () => void {
    const hook = { fn, page: 0 };
    this.hooks.push(hook);
    return () => {
      this.hooks = this.hooks.filter((h) => h !== hook);
    };
  }

  /** Drops every pending fault and hook. */
  clear(): void {
    this.queue = [];
    this.hooks = [];
  }

  /** Faults still waiting to hit a request. */
  get pending(): number {
    return this.queue.reduce((sum, p) => sum + p.remaining, 0);
  }

  /** Server side: the fault for this request, if any, consuming one use of it. */
  take(route: ClerkRoute): Fault | null {
    const index = this.queue.findIndex((p) => p.remaining > 0 && (p.route === undefined || p.route === route));
    if (index < 0) return null;
    const pending = this.queue[index];
    pending.remaining--;
    if (pending.remaining === 0) this.queue.splice(index, 1);
    return pending.fault;
  }

  /** Server side: runs the list-page hooks in order. */
  async runListPageHooks(params: URLSearchParams, store: UserStore): Promise<void> {
    for (const hook of [...this.hooks]) await hook.fn({ params, store, page: hook.page++ });
  }

  private add(fault: Fault, target: FaultTarget): FaultHandle {
    const pending: PendingFault = { fault, route: target.route, remaining: Math.max(1, target.times ?? 1) };
    this.queue.push(pending);
    return {
      get remaining() {
        return pending.remaining;
      },
      cancel: () => {
        pending.remaining = 0;
        this.queue = this.queue.filter((p) => p !== pending);
      },
    };
  }
}
