// Fault injection for the local provider servers (Clerk's and Stack's share it): each fault
// applies to the next N matching requests, in the order added.
import type { UserStore } from './user-store.js';

/** The routes of the Clerk fake, for aiming a fault at one of them. */
export type ClerkRoute = 'list_users' | 'count_users' | 'get_user' | 'delete_user' | 'get_instance';

export type Fault =
  /** 429 with `Retry-After: retryAfter` (none when null) and the provider's rate-limit body. */
  | { kind: 'rate_limit'; retryAfter: number | null }
  /** A 5xx with the provider's JSON error body. */
  | { kind: 'server_error'; status: number }
  /** 502 with an HTML body (`Content-Type: text/html`), as a proxy sends it. */
  | { kind: 'bad_gateway_html' }
  /** The request is accepted and never answered, until the server closes. */
  | { kind: 'stall' }
  /** The real response starts, then the socket is destroyed halfway through the body. */
  | { kind: 'reset_mid_body' };

export interface FaultTarget<Route extends string = ClerkRoute> {
  /** How many matching requests get the fault (default 1). */
  times?: number;
  /** Only requests to this route match (default: any authenticated request). */
  route?: Route;
}

export interface FaultHandle {
  /** Matching requests still to be hit. */
  readonly remaining: number;
  cancel(): void;
}

export interface ListPageContext<Store = UserStore> {
  params: URLSearchParams;
  store: Store;
  /** List requests seen by this hook before this one (0 for the first page). */
  page: number;
}
export type ListPageHook<Store = UserStore> = (context: ListPageContext<Store>) => void | Promise<void>;

interface PendingFault<Route extends string> {
  fault: Fault;
  route: Route | undefined;
  remaining: number;
}

export class FaultInjector<Route extends string = ClerkRoute, Store = UserStore> {
  private queue: PendingFault<Route>[] = [];
  private hooks: { fn: ListPageHook<Store>; page: number }[] = [];
  /** Added before every answer: a production API's round trip (150-400 ms to Clerk) on loopback. */
  latencyMs = 0;

  /** Server side: waits out the configured latency. */
  async delay(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  /** `retryAfter: null` sends no Retry-After header (Stack's limiter sometimes omits it). */
  rateLimit(options: FaultTarget<Route> & { retryAfter?: number | null } = {}): FaultHandle {
    return this.add({ kind: 'rate_limit', retryAfter: options.retryAfter === undefined ? 1 : options.retryAfter }, options);
  }

  serverError(options: FaultTarget<Route> & { status?: number } = {}): FaultHandle {
    return this.add({ kind: 'server_error', status: options.status ?? 500 }, options);
  }

  badGatewayHtml(options: FaultTarget<Route> = {}): FaultHandle {
    return this.add({ kind: 'bad_gateway_html' }, options);
  }

  stall(options: FaultTarget<Route> = {}): FaultHandle {
    return this.add({ kind: 'stall' }, options);
  }

  resetMidBody(options: FaultTarget<Route> = {}): FaultHandle {
    return this.add({ kind: 'reset_mid_body' }, options);
  }

  /** Runs `fn` before each list page is computed (e.g. to create or delete users mid-walk). */
  beforeListPage(fn: ListPageHook<Store>): () => void {
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
  take(route: Route): Fault | null {
    const index = this.queue.findIndex((p) => p.remaining > 0 && (p.route === undefined || p.route === route));
    if (index < 0) return null;
    const pending = this.queue[index];
    pending.remaining--;
    if (pending.remaining === 0) this.queue.splice(index, 1);
    return pending.fault;
  }

  /** Server side: runs the list-page hooks in order. */
  async runListPageHooks(params: URLSearchParams, store: Store): Promise<void> {
    for (const hook of [...this.hooks]) await hook.fn({ params, store, page: hook.page++ });
  }

  private add(fault: Fault, target: FaultTarget<Route>): FaultHandle {
    const pending: PendingFault<Route> = { fault, route: target.route, remaining: Math.max(1, target.times ?? 1) };
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
