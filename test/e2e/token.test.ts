// serve's loopback server answers its API only with this run's token in a header: no token
// means 401, a foreign Origin or Host (another website, DNS rebinding) means 403. The token
// never travels in a cookie, which every other server on 127.0.0.1 would receive.
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

  it('explains itself when the page is opened without its token', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const apiStatuses: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/api/')) apiStatuses.push(r.status());
    });
    await page.goto(`${serve.origin}/`);
    await expect.poll(() => page.getByRole('heading', { name: 'Open the link that seren-auth serve printed' }).count()).toBe(1);
    expect(await page.textContent('body')).toContain('#token=');
    expect(await page.getByRole('heading', { name: 'SerenDB Auth' }).count()).toBe(0);
    expect(apiStatuses.every((s) => s === 401)).toBe(true);
    await context.close();
  });

  it('keeps the token out of cookies, so another server on 127.0.0.1 never receives it', async () => {
    const seen: string[] = [];
    const other = http.createServer((req, res) => {
      seen.push(`${req.url} cookie=${req.headers.cookie ?? ''}`);
      res.end('<!doctype html><title>other</title>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(serve.url);
      await expect.poll(() => page.getByRole('heading', { name: 'SerenDB Auth' }).count()).toBe(1);
      // The token left the address bar, and a reload still works from the tab's own storage.
      expect(page.url()).not.toContain(serve.token);
      await page.reload();
      await expect.poll(() => page.getByRole('heading', { name: 'SerenDB Auth' }).count()).toBe(1);
      expect(await context.cookies()).toEqual([]);
      await page.goto(`http://127.0.0.1:${(other.address() as import('node:net').AddressInfo).port}/`);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.join('\n')).not.toContain(serve.token);
    } finally {
      await context.close();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('refuses the token in a cookie or the query string', async () => {
    expect(await request(serve, 'POST', '/api/getStatus', { Cookie: `seren_token=${serve.token}` })).toBe(401);
    expect(await request(serve, 'POST', `/api/getStatus?token=${serve.token}`)).toBe(401);
    expect(await request(serve, 'GET', `/api/events?token=${serve.token}`)).toBe(401);
  });

  it('refuses a foreign Origin or Host even with the token', async () => {
    const token = { 'X-Seren-Token': serve.token };
    expect(await request(serve, 'POST', '/api/getStatus', { ...token, Origin: 'http://evil.example' })).toBe(403);
    expect(await request(serve, 'POST', '/api/getStatus', { ...token, Host: `evil.example:${serve.port}` })).toBe(403);
    expect(await request(serve, 'GET', '/', { Host: `evil.example:${serve.port}` })).toBe(403);
    // The same request from the page's own origin is fine.
    expect(await request(serve, 'POST', '/api/getStatus', { ...token, Origin: serve.origin })).toBe(200);
  });
});
