// A local, Stack Auth (Hexclave)-compatible server API: the `seren-auth demo --provider stack`
// project and the test double the Stack provider runs against. Faithful to what the provider
// must cope with: server-key auth in both header families, cursor paging with the empty page
// after a deleted cursor, anonymous and restricted users hidden unless asked for, limit ≤ 1000.
// Routes: GET /api/v1/projects/current, GET /api/v1/users, GET|DELETE /api/v1/users/{id}.
import type http from 'node:http';
import { Churn } from './churn.js';
import { FaultInjector, type Fault } from './faults.js';
import { faultAnswer, startFakeHttpServer, type RequestLogEntry } from './fake-http.js';
import { createRng } from './random.js';
import { jsonResponse, type ApiResponse } from './responses.js';
import { stackErrors, type KnownErrorHeader } from './stack-responses.js';
import { StackUserStore, type StackUserJSON } from './stack-user-store.js';
import { RateLimiter } from '../providers/rate-limiter.js';

export type StackRoute = 'get_project' | 'list_users' | 'get_user' | 'delete_user';

/** Public demo credentials: they only open this local fake. */
export const STACK_DEMO_PROJECT_ID = '6f1f6c2e-5e2a-4d7b-9c1e-5e7ad0de0001';
export const STACK_DEMO_SECRET_SERVER_KEY = 'ssk_serendemo_7d41c09a2b5e86f3';

/**
 * How `cursor` and `next_cursor` relate. 'after-last' (hexclave, newest): next_cursor is the
 * last returned id and the next page starts after it. 'first-of-next' (stack-auth 2026-04):
 * next_cursor is the first id of the next page, which starts at it. Echoing works for both.
 */
export type CursorConvention = 'after-last' | 'first-of-next';

export interface StackServerOptions {
  port?: number;
  host?: string;
  users?: number;
  seed?: number;
  projectId?: string;
  displayName?: string;
  secretServerKeys?: string[];
  cursorConvention?: CursorConvention;
  knownErrorHeader?: KnownErrorHeader;
  /** Requests per 10 s before 429s (Stack's dev limiter: 100); 0 = unlimited. */
  rateLimit?: number;
  churnPerSecond?: number;
  now?: () => number;
}

export interface StackServer {
  url: string;
  port: number;
  projectId: string;
  displayName: string;
  store: StackUserStore;
  faults: FaultInjector<StackRoute, StackUserStore>;
  churn: Churn;
  requestLog: RequestLogEntry[];
  close(): Promise<void>;
}

const MAX_LIMIT = 1000;
const LIST_PARAMS = new Set(['limit', 'cursor', 'order_by', 'desc', 'include_anonymous', 'include_restricted', 'only_anonymous', 'query', 'team_id']);

export async function startStackServer(options: StackServerOptions = {}): Promise<StackServer> {
  const seed = options.seed ?? 1;
  const projectId = options.projectId ?? STACK_DEMO_PROJECT_ID;
  const displayName = options.displayName ?? 'SerenDB demo project';
  const keys = new Set(options.secretServerKeys ?? [STACK_DEMO_SECRET_SERVER_KEY]);
  const convention = options.cursorConvention ?? 'after-last';
  const errors = stackErrors(options.knownErrorHeader ?? 'stack');
  const store = new StackUserStore(seed, options.users ?? 0, options.now);
  const faults = new FaultInjector<StackRoute, StackUserStore>();
  const churn = new Churn(store, { perSecond: options.churnPerSecond ?? 0, seed });
  const limiter = options.rateLimit === 0 ? null : new RateLimiter(options.rateLimit ?? 100, 10_000, options.now);
  // Stack's dev limiter sets Retry-After only half the time: alternate, deterministically.
  const retryAfterCoin = createRng(seed, 0x429);

  /** parseAuth's checks, in its order. */
  function authenticate(req: http.IncomingMessage): ApiResponse | 'server' {
    const header = (name: string) => {
      const value = req.headers[`x-hexclave-${name}`] ?? req.headers[`x-stack-${name}`];
      return (Array.isArray(value) ? value[0] : value)?.trim() || null;
    };
    const accessType = header('access-type');
    const key = header('secret-server-key') ?? header('publishable-client-key');
    if (!accessType) return key ? errors.projectKeyWithoutAccessType() : errors.accessTypeRequired();
    if (!['client', 'server', 'admin'].includes(accessType)) return errors.invalidAccessType(accessType);
    const project = header('project-id');
    if (!project) return errors.accessTypeWithoutProjectId(accessType);
    if (project !== projectId) return errors.projectNotFound(project);
    if (accessType !== 'server') return errors.insufficientAccessType(accessType);
    const secret = header('secret-server-key');
    if (!secret) return errors.serverAuthenticationRequired();
    if (!keys.has(secret)) return errors.invalidSecretServerKey(project);
    return 'server';
  }

  function listUsers(params: URLSearchParams): ApiResponse {
    for (const name of params.keys()) if (!LIST_PARAMS.has(name)) return errors.schemaError(`query.${name} is not allowed`);
    const order = params.get('order_by') ?? 'signed_up_at';
    if (order !== 'signed_up_at') return errors.schemaError(`query.order_by must be one of the following values: signed_up_at, last_active_at`);
    const includeHidden = params.get('include_anonymous') === 'true';
    const includeRestricted = includeHidden || params.get('include_restricted') === 'true';
    let users: readonly StackUserJSON[] = store.inOrder().filter((u) => (includeHidden || !u.is_anonymous) && (includeRestricted || !u.is_restricted));
    if (params.get('desc') === 'true') users = [...users].reverse();
    const limitText = params.get('limit');
    if (limitText === null && users.length > MAX_LIMIT) return errors.limitRequired();
    const limit = limitText === null ? users.length : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return errors.schemaError(`query.limit must be less than or equal to ${MAX_LIMIT}`);
    const cursor = params.get('cursor');
    let start = 0;
    if (cursor) {
      const at = users.findIndex((u) => u.id === cursor);
      // Prisma with a cursor that no longer exists returns nothing: the walk silently ends.
      if (at < 0) return page([], null);
      start = convention === 'after-last' ? at + 1 : at;
    }
    const items = users.slice(start, start + limit);
    const more = start + limit < users.length;
    const next = !more ? null : convention === 'after-last' ? items[items.length - 1].id : users[start + limit].id;
    return page(items, next);
  }

  const page = (items: readonly StackUserJSON[], next: string | null) =>
    jsonResponse(200, { items, is_paginated: true, pagination: { next_cursor: next } }, { 'Content-Type': 'application/json; charset=utf-8' });

  async function handle(req: http.IncomingMessage, url: URL, entry: RequestLogEntry): Promise<ApiResponse | null> {
    const route = matchRoute(entry.method, url.pathname);
    if (!route) return errors.routeNotFound(url.pathname);
    const auth = authenticate(req);
    if (auth !== 'server') return auth;
    const faulted = faultAnswer(faults.take(route.route), errors, entry);
    if (faulted !== undefined) return faulted;
    const waitMs = limiter ? limiter.tryTake() : 0;
    if (waitMs > 0) return errors.tooManyRequests(retryAfterCoin() < 0.5 ? null : Math.max(1, Math.ceil(waitMs / 1000)));
    switch (route.route) {
      case 'get_project':
        return jsonResponse(200, { id: projectId, display_name: displayName, config: { sign_up_enabled: true, credential_enabled: true } });
      case 'list_users':
        await faults.runListPageHooks(url.searchParams, store);
        return listUsers(url.searchParams);
      case 'get_user': {
        const user = store.get(route.userId);
        return user ? jsonResponse(200, user) : errors.userNotFound();
      }
      case 'delete_user':
        return store.deleteUser(route.userId) ? jsonResponse(200, { success: true }) : errors.userNotFound();
    }
  }

  const server = await startFakeHttpServer({ port: options.port, host: options.host, handle, internalError: () => errors.internal(), onClose: () => churn.stop() });
  churn.start();
  return {
    url: server.url, port: server.port, projectId, displayName, store, faults, churn,
    requestLog: server.requestLog,
    close: () => server.close(),
  };
}

function matchRoute(method: string, path: string): { route: StackRoute; userId: string } | null {
  const p = path.replace(/\/+$/, '');
  if (method === 'GET' && p === '/api/v1/projects/current') return { route: 'get_project', userId: '' };
  if (method === 'GET' && p === '/api/v1/users') return { route: 'list_users', userId: '' };
  const user = /^\/api\/v1\/users\/([^/]+)$/.exec(p);
  if (user && method === 'GET') return { route: 'get_user', userId: decodeURIComponent(user[1]) };
  if (user && method === 'DELETE') return { route: 'delete_user', userId: decodeURIComponent(user[1]) };
  return null;
}

export type { Fault };
