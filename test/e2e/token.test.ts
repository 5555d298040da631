// serve's loopback server answers only this run's page: no token means 401, a foreign Origin
// or Host (another website, DNS rebinding) means 403, with or without the token.
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser, startServe, type ServeProcess } from './support.js';

/** Raw request, so the Host header can be set as a rebinding attacker's browser would send it. */
function request(serve: ServeProcess, method: string, pathname: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: serve.port, method, path: pathname, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describeInBrowser('the serve token check', () => {
  let serve: ServeProcess;
  let browser: Browser;

  beforeAll(async () => {
    serve = await startServe();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('answers API calls that carry the token', async () => {
    const response = await fetch(`${serve.origin}/api/getStatus`, { method: 'POST', headers: { 'X-Seren-Token': serve.token }, body: '{}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ state: 'idle' });
  });

  it('refuses API calls and the event stream without the token', async () => {
    const response = await fetch(`${serve.origin}/api/getStatus`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('"state"');
    expect(await request(serve, 'POST', '/api/getStatus', { 'X-Seren-Token': 'not-the-token' })).toBe(401);
    expect(await request(serve, 'GET', '/api/events')).toBe(401);
  });

  it('refuses the page in a fresh browser without ?token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${serve.origin}/`);
    expect(response?.status()).toBe(401);
    await expect.poll(() => page.getByRole('heading', { name: 'SerenDB Auth' }).count()).toBe(0);
    await context.close();
  });

  it('refuses a foreign Origin or Host even with the token', async () => {
    const token = { 'X-Seren-Token': serve.token };
    expect(await request(serve, 'POST', '/api/getStatus', { ...token, Origin: 'http://evil.example' })).toBe(403);
    expect(await request(serve, 'POST', '/api/getStatus', { ...token, Host: `evil.example:${serve.port}` })).toBe(403);
    expect(await request(serve, 'GET', `/?token=${serve.token}`, { Host: `evil.example:${serve.port}` })).toBe(403);
    // The same request from the page's own origin is fine.
    expect(await request(serve, 'POST', '/api/getStatus', { ...token, Origin: serve.origin })).toBe(200);
  });
});
