// A local, Clerk-compatible Backend API server (node:http only): the `seren-auth demo` instance and the
// test double the sync engine runs against. Routes: GET /v1/users, GET /v1/users/count,
// GET|DELETE /v1/users/{id}, GET /v1/instance.
import http from 'node:http';
import { Churn } from './churn.js';
import { FaultInjector, type ClerkRoute } from './faults.js';
import { faultAnswer, startFakeHttpServer, type RequestLogEntry as FakeRequestLogEntry } from './fake-http.js';
import { countUsers, listUsers, parseListQuery, parseUserFilter } from './list-query.js';
import { clerkId, createRng } from './random.js';
import { RateLimiter } from '../providers/rate-limiter.js';
import { CLERK_RATE_LIMITS, CLERK_RATE_WINDOW_MS } from '../providers/clerk/clerk-limits.js';
import { errors, jsonResponse, rawJsonResponse, type ApiResponse } from './responses.js';
import { GENERATION_START_MS } from './user-generator.js';
import { UserStore } from './user-store.js';

/** The key the demo instance accepts by default. Not a secret: it only opens this local fake. */
export const DEMO_SECRET_KEY = 'sk_test_serendemo_4c1a9e7f2b6d8035';

export type ClerkEnvironment = 'development' | 'production';

export interface ClerkServerOptions {
  /** 0 = any free port (default). */
  port?: number;
  /** Default '127.0.0.1' (loopback only). */
  host?: string;
  /** Users generated at start (default 0). */
  users?: number;
  /** Deterministic generation (default 1). */
  seed?: number;
  environment?: ClerkEnvironment;
  /** Default derived from the seed. */
  instanceId?: string;
  /** Accepted secret keys; default [DEMO_SECRET_KEY]. */
  secretKeys?: string[];
  /** Clerk's per-instance limit (100 or 1000 requests / 10 s); default true. */
  rateLimit?: boolean;
  /** Creates/updates/deletes this many users per second in the background (default 0). */
  churnPerSecond?: number;
  /** Clock for the store and rate limiter (tests). */
  now?: () => number;
  /** Milliseconds added to every request (default 0); see FaultInjector.latencyMs. */
  latencyMs?: number;
}

export type RequestLogEntry = FakeRequestLogEntry<ClerkRoute>;

export interface ClerkServer {
  /** 'http://127.0.0.1:PORT', what @clerk/backend takes as apiUrl. */
  url: string;
  port: number;
  instanceId: string;
  environment: ClerkEnvironment;
  store: UserStore;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  churn: Churn;
  /** The most recent requests, oldest first (bounded). */
  requestLog: RequestLogEntry[];
  /** Requests answered since the start, by route (unbounded counters, unlike the log). */
  readonly requestsServed: Readonly<Record<ClerkRoute, number>> & { readonly total: number };
  /** Stops churn, ends every connection (stalled ones too) and closes the server. */
  close(): Promise<void>;
}


export async function startClerkServer(options: ClerkServerOptions = {}): Promise<ClerkServer> {
  const seed = options.seed ?? 1;
  const environment = options.environment ?? 'development';
  const now = options.now ?? Date.now;
  const instanceId = options.instanceId ?? clerkId('ins', createRng(seed, 0x1d), GENERATION_START_MS);
  const secretKeys = new Set(options.secretKeys ?? [DEMO_SECRET_KEY]);
  const store = new UserStore({ seed, users: options.users ?? 0, now });
  const faults = new FaultInjector();
  faults.latencyMs = options.latencyMs ?? 0;
  const rateLimited = options.rateLimit ?? true;
  const rateLimiter = new RateLimiter(CLERK_RATE_LIMITS[environment], CLERK_RATE_WINDOW_MS, now);
  const churn = new Churn(store, { perSecond: options.churnPerSecond ?? 0, seed });
  const requestsServed = { total: 0, list_users: 0, count_users: 0, get_user: 0, delete_user: 0, get_instance: 0 };

  const routes = createRoutes({ store, faults, instanceId, environment });
  const bodies = { tooManyRequests: (seconds: number | null) => errors.tooManyRequests(seconds ?? 1), internal: errors.internal };

  async function handle(req: http.IncomingMessage, url: URL, entry: RequestLogEntry): Promise<ApiResponse | null> {
    await faults.delay();
    const key = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!key || !secretKeys.has(key)) return errors.keyInvalid();

    const match = matchRoute(entry.method, url.pathname);
    if (!match) return errors.routeNotFound();

    entry.route = match.route;
    const faulted = faultAnswer(faults.take(match.route), bodies, entry);
    if (faulted !== undefined) return faulted;

    // Only answered requests count; Retry-After is in whole seconds, at least 1.
    const waitMs = rateLimited ? rateLimiter.tryTake() : 0;
    if (waitMs > 0) return errors.tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));

    return routes[match.route](url.searchParams, match.userId);
  }

  const http_ = await startFakeHttpServer({
    port: options.port,
    host: options.host,
    handle,
    internalError: () => errors.internal(),
    onClose: () => churn.stop(),
    onSent: (entry) => {
      requestsServed.total++;
      if (entry.route) requestsServed[entry.route as ClerkRoute]++;
    },
  });
  churn.start();

  return {
    url: http_.url,
    port: http_.port,
    instanceId,
    environment,
    store,
    faults,
    rateLimiter,
    churn,
    requestLog: http_.requestLog as RequestLogEntry[],
    requestsServed,
    close: () => http_.close(),
  };
}

interface RouteMatch {
  route: ClerkRoute;
  userId: string;
}

function matchRoute(method: string, path: string): RouteMatch | null {
  const p = path.replace(/\/+$/, '');
  if (method === 'GET' && p === '/v1/users') return { route: 'list_users', userId: '' };
  if (method === 'GET' && p === '/v1/users/count') return { route: 'count_users', userId: '' };
  if (method === 'GET' && p === '/v1/instance') return { route: 'get_instance', userId: '' };
  const user = /^\/v1\/users\/([^/]+)$/.exec(p);
  if (user && method === 'GET') return { route: 'get_user', userId: decodeURIComponent(user[1]) };
  if (user && method === 'DELETE') return { route: 'delete_user', userId: decodeURIComponent(user[1]) };
  return null;
}

type RouteHandler = (params: URLSearchParams, userId: string) => ApiResponse | Promise<ApiResponse>;

function createRoutes(ctx: {
  store: UserStore;
  faults: FaultInjector;
  instanceId: string;
  environment: ClerkEnvironment;
}): Record<ClerkRoute, RouteHandler> {
  const { store, faults } = ctx;
  return {
    async list_users(params) {
      const query = parseListQuery(params);
      if ('body' in query) return query;
      await faults.runListPageHooks(params, store);
      const page = listUsers(store, query);
      if ('body' in page) return page;
      // A bare JSON array of Users, serialized one user at a time.
      return rawJsonResponse(200, `[${page.map((u) => u.serialized()).join(',')}]`);
    },
    count_users(params) {
      const filter = parseUserFilter(params);
      if (filter && 'body' in filter) return filter;
      return jsonResponse(200, { object: 'total_count', total_count: countUsers(store, params, filter) });
    },
    get_user(_params, id) {
      const user = store.find(id);
      return user ? rawJsonResponse(200, user.serialized()) : errors.userNotFound(id);
    },
    delete_user(_params, id) {
      return store.deleteUser(id) ? jsonResponse(200, { object: 'user', id, deleted: true }) : errors.userNotFound(id);
    },
    get_instance() {
      return jsonResponse(200, {
        object: 'instance',
        id: ctx.instanceId,
        environment_type: ctx.environment,
        allowed_origins: null,
      });
    },
  };
}
