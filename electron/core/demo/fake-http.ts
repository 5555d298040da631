// The HTTP side every local provider server shares (node:http only): the request log, faults
// turned into answers (each provider supplies its own error bodies), a reset halfway through a
// body, stalled requests, and a close that ends every connection.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Fault } from './faults.js';
import { badGatewayHtml, type ApiResponse } from './responses.js';

export interface RequestLogEntry<Route extends string = string> {
  method: string;
  path: string;
  /** The query string without '?'. */
  query: string;
  /** 0 when the request was stalled and never answered. */
  status: number;
  /** Set when an injected fault shaped the answer. */
  fault?: Fault['kind'];
  /** The route matched (absent for bad credentials or an unknown path). */
  route?: Route;
}

/** The provider's own bodies for the faults that are answers. */
export interface FaultBodies {
  tooManyRequests(retryAfterSeconds: number | null): ApiResponse;
  internal(status: number): ApiResponse;
}

/**
 * The answer a fault gives: a response, null for a stall (never answered), or undefined when
 * the request goes on normally (no fault, or one applied while sending). Notes it in `entry`.
 */
export function faultAnswer(fault: Fault | null, bodies: FaultBodies, entry: RequestLogEntry): ApiResponse | null | undefined {
  if (!fault) return undefined;
  entry.fault = fault.kind;
  if (fault.kind === 'stall') return null;
  if (fault.kind === 'rate_limit') return bodies.tooManyRequests(fault.retryAfter);
  if (fault.kind === 'server_error') return bodies.internal(fault.status);
  if (fault.kind === 'bad_gateway_html') return badGatewayHtml();
  return undefined;
}

export interface FakeHttpServer {
  url: string;
  port: number;
  requestLog: RequestLogEntry[];
  close(): Promise<void>;
}

const REQUEST_LOG_LIMIT = 5000;

export async function startFakeHttpServer(options: {
  port?: number;
  host?: string;
  /** The answer, or null to never answer (a stall). */
  handle(req: http.IncomingMessage, url: URL, entry: RequestLogEntry): Promise<ApiResponse | null>;
  internalError(): ApiResponse;
  /** After each answer is sent (counters). */
  onSent?: (entry: RequestLogEntry) => void;
  onClose?: () => void;
}): Promise<FakeHttpServer> {
  const requestLog: RequestLogEntry[] = [];
  const server = http.createServer((req, res) => {
    req.resume(); // bodies are never needed; drain them so keep-alive works
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), status: 0 };
    requestLog.push(entry);
    if (requestLog.length > REQUEST_LOG_LIMIT) requestLog.splice(0, requestLog.length - REQUEST_LOG_LIMIT);
    void options.handle(req, url, entry).then(
      (response) => {
        if (response) send(res, response, entry);
      },
      () => send(res, options.internalError(), entry),
    );
  });

  function send(res: http.ServerResponse, response: ApiResponse, entry: RequestLogEntry) {
    entry.status = response.status;
    options.onSent?.(entry);
    const body = Buffer.from(response.body);
    res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
    if (entry.fault === 'reset_mid_body') {
      // Promise the whole body, deliver half, then drop the connection.
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    requestLog,
    close() {
      closing ??= new Promise<void>((resolve) => {
        options.onClose?.();
        server.close(() => resolve());
        // Stalled requests and idle keep-alive sockets would otherwise hold the process open.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
