// Runs the local Clerk-compatible server in its own process, so its memory and CPU stay out of
// the measured process. Prints one JSON line {url, secretKey, users, controlUrl} on stdout when
// listening; stops when its stdin closes (the orchestrator ends or dies) or on SIGTERM.
//   clerk-server-process <users> [latencyMs]
// With a latency, the server also enforces the production rate limit (1000 requests / 10 s).
// The control server (loopback) lets a measured run change users as a developer would in
// Clerk's dashboard: POST /delete and /update (one user each), GET /requests (answered so far, and
// how many users the server holds).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_SECRET_KEY, startClerkServer } from '../../electron/core/demo/index.js';

const users = Number(process.argv[2] ?? 100_000);
const latencyMs = Number(process.argv[3] ?? 0);
const server = await startClerkServer({ users, rateLimit: latencyMs > 0, environment: 'production', latencyMs });

let changed = 0;
/** A different user each time, spread over the creation order (not only the newest). */
function pickUser(): string {
  const all = server.store.listAll();
  return all[Math.floor(((changed++ * 0.382 + 0.5) % 1) * all.length)].id;
}

const control = http.createServer((req, res) => {
  req.resume();
  let body: unknown;
  if (req.method === 'GET' && req.url === '/requests') {
    body = { requests: server.requestsServed.total, users: server.store.listAll().length };
  } else if (req.method === 'POST' && req.url === '/delete') {
    const id = pickUser();
    server.store.deleteUser(id);
    body = { id };
  } else if (req.method === 'POST' && req.url === '/update') {
    const user = server.store.updateUser(pickUser(), { first_name: `Updated${changed}` });
    body = { id: user.id, updatedAt: user.updated_at };
  } else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
process.stdout.write(`${JSON.stringify({ url: server.url, secretKey: DEMO_SECRET_KEY, users, controlUrl })}\n`);

const stop = () => {
  control.close();
  void server.close().then(() => process.exit(0));
};
process.stdin.on('end', stop).on('close', stop).resume();
process.on('SIGTERM', stop);
