// Runs a local provider-compatible server (Clerk or Stack Auth) in its own process, so its memory
// and CPU stay out of the measured process. Prints one JSON line (ServerInfo) on stdout when
// listening; stops when its stdin closes (the orchestrator ends or dies) or on SIGTERM.
//   provider-server-process <clerk|stack> <users> [latencyMs]
// Clerk with a latency, and Stack always, enforce the production rate limit (Clerk: 1000
// requests / 10 s; Stack: the 50 / 10 s the provider assumes). The control server (loopback)
// lets a measured run change users as a developer would in the dashboard: POST /delete and
// /update (one user each; ?id= picks it), GET /requests (answered so far, and users held).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_SECRET_KEY, startClerkServer } from '../../electron/core/demo/index.js';
import { STACK_DEMO_SECRET_SERVER_KEY, startStackServer } from '../../electron/core/demo/stack-server.js';
import { STACK_DEFAULT_REQUESTS_PER_WINDOW } from '../../electron/core/providers/stack/stack-provider.js';

export type BenchProvider = 'clerk' | 'stack';

export interface ServerInfo {
  provider: BenchProvider;
  url: string;
  secretKey: string;
  users: number;
  controlUrl: string;
}

/** What the control server needs of either fake. */
interface ControlledServer {
  secretKey: string;
  /** Every user id, in creation order. */
  ids(): string[];
  /** Requests answered so far. */
  requests(): number;
  remove(id: string): void;
  /** Renames the user; the provider's update time when it keeps one (Clerk), else null. */
  rename(id: string, name: string): number | null;
  close(): Promise<void>;
}

async function startServer(provider: string, users: number, latencyMs: number): Promise<ControlledServer & { url: string }> {
  if (provider === 'clerk') {
    const server = await startClerkServer({ users, rateLimit: latencyMs > 0, environment: 'production', latencyMs });
    // Rendered now, not while a run is measured: on this machine the server shares the cores
    // with the engine and the database, where Clerk's own servers would not.
    server.store.warmJsonCache();
    return {
      url: server.url, secretKey: DEMO_SECRET_KEY,
      // Not listAll(): that renders every user, on every /requests call.
      ids: () => server.store.inCreatedOrder().map((u) => u.id),
      requests: () => server.requestsServed.total,
      remove: (id) => void server.store.deleteUser(id),
      rename: (id, name) => server.store.updateUser(id, { first_name: name }).updated_at,
      close: () => server.close(),
    };
  }
  if (provider === 'stack') {
    if (latencyMs > 0) throw new Error('the Stack server adds no latency: its pace is its rate limit');
    const server = await startStackServer({ users, rateLimit: STACK_DEFAULT_REQUESTS_PER_WINDOW });
    let answered = 0;
    return {
      url: server.url, secretKey: STACK_DEMO_SECRET_SERVER_KEY,
      ids: () => server.store.inOrder().map((u) => u.id),
      // The request log is capped: count what left it, too.
      requests: () => (answered += server.requestLog.splice(0).length),
      remove: (id) => void server.store.deleteUser(id),
      rename: (id, name) => (server.store.updateUser(id, { display_name: name }), null),
      close: () => server.close(),
    };
  }
  throw new Error(`unknown provider "${provider}" (clerk or stack)`);
}

const [provider = 'clerk', usersText = '100000', latencyText = '0'] = process.argv.slice(2);
const users = Number(usersText);
const server = await startServer(provider, users, Number(latencyText));

let changed = 0;
/** A different user each time, spread over the creation order (not only the newest). */
function pickUser(): string {
  const all = server.ids();
  return all[Math.floor(((changed * 0.382 + 0.5) % 1) * all.length)];
}

const control = http.createServer((req, res) => {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://localhost');
  const id = () => url.searchParams.get('id') ?? pickUser();
  let body: unknown;
  if (req.method === 'GET' && url.pathname === '/requests') {
    body = { requests: server.requests(), users: server.ids().length };
  } else if (req.method === 'POST' && url.pathname === '/delete') {
    const picked = id();
    server.remove(picked);
    changed++;
    body = { id: picked };
  } else if (req.method === 'POST' && url.pathname === '/update') {
    const picked = id();
    const name = `Updated${++changed}`;
    body = { id: picked, name, updatedAt: server.rename(picked, name) };
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
const info: ServerInfo = { provider: provider as BenchProvider, url: server.url, secretKey: server.secretKey, users, controlUrl };
process.stdout.write(`${JSON.stringify(info)}\n`);

const stop = () => {
  control.close();
  void server.close().then(() => process.exit(0));
};
process.stdin.on('end', stop).on('close', stop).resume();
process.on('SIGTERM', stop);
