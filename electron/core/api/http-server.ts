// The loopback transport of the API contract, for `seren-auth serve` (the renderer in a
// browser) and for the CLI's control endpoint. It binds 127.0.0.1 only, refuses a foreign Host
// or Origin (DNS rebinding, cross-site POSTs), and answers /api/ only with the per-run token in
// the X-Seren-Token header. The token never travels in a cookie: cookies ignore ports, so every
// other server on 127.0.0.1 would receive it. The page gets it from the URL fragment (#token=…,
// which browsers never send) and keeps it in the tab's own storage. The static files of the
// renderer are public code and load without it. The one /api/ route without the header is an
// export's download (a browser navigation cannot send headers): its single-use ticket, issued
// to a request with the token, is its credential.
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiInputError, isApiMethod, parseApiInput, SQL_EXPORT_PATH, type CoreApi, type ExportTicket } from '../../../shared/api.js';
import { serveExportDownload, ticketInPath } from './export-route.js';
import type { ExportDownloads } from './export-downloads.js';
import { HttpError } from './http-errors.js';
import type { ApiEvent } from '../../../shared/types.js';
import { redact, redactValue } from '../redact.js';

export const TOKEN_HEADER = 'x-seren-token';
const MAX_BODY_BYTES = 2 * 1024 * 1024;

const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:",
  "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.ico': 'image/x-icon',
};

export interface ApiServerOptions {
  api: CoreApi;
  subscribe: (listener: (event: ApiEvent) => void) => () => void;
  port?: number;
  /** The built renderer (dist/renderer); null serves the API only. */
  staticDir?: string | null;
  token?: string;
  /** Console results as browser downloads (serve mode), see SQL_EXPORT_PATH. */
  exports?: ExportDownloads;
}

export interface ApiServer {
  url: string;
  port: number;
  token: string;
  /** The page with its token in the fragment: what `serve` prints. */
  pageUrl: string;
  close(): Promise<void>;
}

export { HttpError };

export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const token = options.token ?? randomBytes(24).toString('hex');
  const expected = Buffer.from(token);
  const sockets = new Set<import('node:net').Socket>();
  const closers = new Set<() => void>();
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error) => sendError(res, error));
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    checkHostAndOrigin(req, port);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      const ticket = req.method === 'GET' ? ticketInPath(url.pathname) : null;
      if (ticket !== null && options.exports) return serveExportDownload(ticket, res, options.exports, options.api);
      // Every other API route, present and future, passes this one check first.
      requireToken(req, expected);
      return routeApi(url, req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Method not allowed.', 'method_not_allowed');
    return serveStatic(url.pathname, res);
  }

  function routeApi(url: URL, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> | void {
    if (url.pathname === '/api/events' && req.method === 'GET') return streamEvents(req, res);
    if (req.method !== 'POST') throw new HttpError(405, 'API calls use POST.', 'method_not_allowed');
    if (url.pathname === SQL_EXPORT_PATH && options.exports) return issueExportTicket(req, res, options.exports);
    return callApi(url.pathname.slice('/api/'.length), req, res);
  }

  async function issueExportTicket(req: http.IncomingMessage, res: http.ServerResponse, exports: ExportDownloads): Promise<void> {
    const answer: ExportTicket = { ticket: await exports.issue(parseApiInput('exportSql', await readJson(req))) };
    sendJson(res, 200, answer);
  }

  async function callApi(method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isApiMethod(method)) throw new HttpError(404, `Unknown API method: ${method}`, 'not_found');
    const body = await readJson(req);
    const input = parseApiInput(method, body);
    const output = await (options.api[method] as (i: unknown) => Promise<unknown>)(input);
    // No secret reaches the page, whatever a status message or an error quoted.
    sendJson(res, 200, redactValue(output ?? null));
  }

  function streamEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(': connected\n\n');
    const unsubscribe = options.subscribe((event) => res.write(`data: ${JSON.stringify(redactValue(event))}\n\n`));
    const keepAlive = setInterval(() => res.write(': ping\n\n'), 15_000);
    const stop = () => {
      clearInterval(keepAlive);
      unsubscribe();
      closers.delete(stop);
      res.end();
    };
    closers.add(stop);
    req.on('close', stop);
  }

  async function serveStatic(pathname: string, res: http.ServerResponse): Promise<void> {
    if (!options.staticDir) throw new HttpError(404, 'Not found.', 'not_found');
    const root = path.resolve(options.staticDir);
    const relative = pathname === '/' ? 'index.html' : decodePath(pathname).replace(/^\/+/, '');
    const file = path.resolve(root, relative);
    if (file !== root && !file.startsWith(root + path.sep)) throw new HttpError(404, 'Not found.', 'not_found');
    let content: Buffer;
    try {
      content = await fs.readFile(file);
    } catch {
      throw new HttpError(404, 'Not found.', 'not_found');
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(content);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as import('node:net').AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    pageUrl: `http://127.0.0.1:${port}/#token=${token}`,
    async close() {
      for (const stop of [...closers]) stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

function checkHostAndOrigin(req: http.IncomingMessage, port: number): void {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) {
    throw new HttpError(403, 'Refused: unexpected Host header.', 'forbidden_host');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin)) {
    throw new HttpError(403, 'Refused: request from another origin.', 'forbidden_origin');
  }
}

/**
 * The auth check of every /api/ route: this run's token in the X-Seren-Token header. Neither a
 * cookie nor the query string is accepted (both reach places the header does not).
 */
export function requireToken(req: http.IncomingMessage, expected: Buffer): void {
  const given = req.headers[TOKEN_HEADER];
  if (typeof given !== 'string' || !sameToken(Buffer.from(given), expected)) {
    throw new HttpError(401, 'Missing or wrong token: open the URL that `seren-auth serve` printed (it ends in #token=…).', 'unauthorized');
  }
}

function sameToken(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A path with a malformed %-escape is the client's mistake (400), not a server failure. */
function decodePath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, 'Bad request: the path has a malformed %-escape.', 'bad_path');
  }
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large.', 'too_large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Request body is not valid JSON.', 'bad_json');
  }
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendError(res: http.ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = error instanceof HttpError ? error.status : error instanceof ApiInputError ? 400 : 500;
  const code = error instanceof HttpError ? error.code : error instanceof ApiInputError ? 'invalid_input' : ((error as { code?: string })?.code ?? null);
  const message = redact((error as Error)?.message ?? String(error));
  sendJson(res, status, { error: { message, code: typeof code === 'string' ? code : null } });
}
