// The loopback transport refuses anyone without the token, with a foreign Host or Origin, and
// validates input before the core sees it.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../../electron/core/api/http-server.js';
import { forgetSecrets, registerSecret } from '../../electron/core/redact.js';
import type { CoreApi } from '../../shared/api.js';
import { makeTempDir } from '../support/temp.js';
import fs from 'node:fs/promises';
import path from 'node:path';

function rawRequest(port: number, options: http.RequestOptions & { body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('loopback API server', () => {
  let server: ApiServer;
  let calls: unknown[];
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    calls = [];
    tmp = await makeTempDir();
    await fs.writeFile(path.join(tmp.dir, 'index.html'), '<!doctype html><title>app</title>');
    const api = new Proxy({}, {
      get: (_t, method) => async (input: unknown) => {
        calls.push({ method, input });
        return { ok: true };
      },
    }) as CoreApi;
    server = await startApiServer({ api, subscribe: () => () => {}, staticDir: tmp.dir });
  });
  afterAll(async () => {
    await server.close();
    await tmp.remove();
  });

  const post = (pathname: string, headers: Record<string, string>, body = '{}') =>
    rawRequest(server.port, { method: 'POST', path: pathname, headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers a call with the token', async () => {
    const res = await post('/api/listUsers', { 'x-seren-token': server.token }, '{"search":"ada"}');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(calls.at(-1)).toEqual({ method: 'listUsers', input: { search: 'ada', filter: 'all', sort: { column: 'created_at', direction: 'desc' }, start: { at: 0 }, limit: 200, withTotal: true } });
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const before = calls.length;
    expect((await post('/api/getStatus', {})).status).toBe(401);
    expect((await post('/api/getStatus', { 'x-seren-token': 'f'.repeat(server.token.length) })).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (another website)', async () => {
    expect((await post('/api/getStatus', { 'x-seren-token': server.token, host: 'evil.example:80' })).status).toBe(403);
    expect((await post('/api/getStatus', { 'x-seren-token': server.token, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('/api/getStatus', { 'x-seren-token': server.token, origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('rejects invalid input with a readable message, before the core', async () => {
    const before = calls.length;
    const res = await post('/api/listUsers', { 'x-seren-token': server.token }, '{"limit":"lots"}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/Invalid input for listUsers: limit/);
    expect((await post('/api/dropEverything', { 'x-seren-token': server.token })).status).toBe(404);
    expect((await post('/api/getStatus', { 'x-seren-token': server.token }, '{nope')).status).toBe(400);
    expect(calls.length).toBe(before);
  });

  it('serves the public page and assets without the token, never setting a cookie', async () => {
    const page = await rawRequest(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(server.pageUrl).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect((await rawRequest(server.port, { path: '/../../etc/passwd' })).status).toBe(404);
  });

  it('accepts the token only in its header: not in a cookie, not in the query string', async () => {
    const before = calls.length;
    expect((await post('/api/getStatus', { cookie: `seren_token=${server.token}` })).status).toBe(401);
    expect((await post(`/api/getStatus?token=${server.token}`, {})).status).toBe(401);
    expect((await rawRequest(server.port, { path: `/api/events?token=${server.token}` })).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it('answers a malformed %-escape with 400, not 500', async () => {
    expect((await rawRequest(server.port, { path: '/%E0%A4%A' })).status).toBe(400);
    expect((await rawRequest(server.port, { path: '/%c0%ae%c0%ae/x' })).status).toBe(400);
  });
});

describe('what the loopback server sends to the page', () => {
  it('never carries a configured secret: status messages and errors show its masked form', async () => {
    const key = 'sk_test_AUDITkey9zq8X7w6V5u4T3s2R1p0';
    registerSecret(key, 'sk_test_…R1p0');
    const api = {
      getStatus: async () => ({ message: `Reading the Clerk instance: network error: "Bearer ${key}" is invalid` }),
      getUser: async () => {
        throw new Error(`failed with ${key}`);
      },
    } as unknown as CoreApi;
    const server = await startApiServer({ api, subscribe: () => () => {} });
    try {
      const headers = { 'x-seren-token': server.token, 'content-type': 'application/json' };
      const status = await rawRequest(server.port, { method: 'POST', path: '/api/getStatus', headers, body: '{}' });
      expect(status.body).not.toContain('AUDIT');
      expect(JSON.parse(status.body).message).toContain('Bearer sk_test_…R1p0');
      const failed = await rawRequest(server.port, { method: 'POST', path: '/api/getUser', headers, body: '{"id":"user_1"}' });
      expect(failed.body).not.toContain('AUDIT');
    } finally {
      await server.close();
      forgetSecrets();
    }
  });
});
