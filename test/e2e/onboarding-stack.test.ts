// Onboarding with Stack Auth: the provider is chosen first; a wrong key says so at once; the
// right project id and secret server key link the project, named by its display name, and the
// status bar names the provider. "Try with demo data" starts the Stack demo when Stack is chosen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { STACK_DEMO_PROJECT_ID, STACK_DEMO_SECRET_SERVER_KEY, startStackServer, type StackServer } from '../../electron/core/demo/stack-server.js';
import { describeInBrowser, launchBrowser, openApp, startServe, type ServeProcess } from './support.js';

describeInBrowser('onboarding with Stack Auth', () => {
  let browser: Browser;
  let stack: StackServer;

  beforeAll(async () => {
    browser = await launchBrowser();
    stack = await startStackServer({ users: 40, seed: 8, rateLimit: 0, displayName: 'Acme Production' });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  describe('linking a project', () => {
    let serve: ServeProcess;
    beforeAll(async () => {
      serve = await startServe([], 60_000, { STACK_API_URL: stack.url });
    });
    afterAll(async () => serve?.stop());

    it('checks the credentials at once, then syncs and names the project', { timeout: 240_000 }, async () => {
      const { page } = await openApp(browser, serve);
      await page.getByRole('radio', { name: 'Stack Auth' }).check();
      await page.getByRole('textbox', { name: 'Stack Auth project id' }).fill(STACK_DEMO_PROJECT_ID);
      await page.getByLabel('Stack Auth secret server key').fill('ssk_wrong_wrong_wrong_0000');
      await page.getByRole('button', { name: 'Link' }).click();
      // The embedded database opens first (slow on a busy machine), then the key is checked.
      await page.getByRole('alert').filter({ hasText: 'INVALID_SECRET_SERVER_KEY' }).waitFor({ timeout: 90_000 });

      await page.getByLabel('Stack Auth secret server key').fill(STACK_DEMO_SECRET_SERVER_KEY);
      await page.getByRole('button', { name: 'Link' }).click();
      const status = page.getByRole('status', { name: 'Sync status' });
      await status.filter({ hasText: 'Stack Auth · Acme Production' }).waitFor({ timeout: 60_000 });
      await expect.poll(async () => Number((await status.textContent())?.match(/(\d+) active/)?.[1] ?? 0), { timeout: 60_000 }).toBe(40);
      expect(await page.content()).not.toContain(STACK_DEMO_SECRET_SERVER_KEY);
    });
  });

  describe('the Stack demo', () => {
    let serve: ServeProcess;
    beforeAll(async () => {
      serve = await startServe();
    });
    afterAll(async () => serve?.stop());

    it('"Try with demo data" with Stack Auth chosen syncs the Stack demo project', { timeout: 120_000 }, async () => {
      const { page } = await openApp(browser, serve);
      await page.getByRole('radio', { name: 'Stack Auth' }).check();
      await page.getByRole('button', { name: 'Try with demo data' }).click();
      await page.getByRole('status', { name: 'Sync status' }).filter({ hasText: 'Stack Auth · SerenDB demo project' }).waitFor({ timeout: 60_000 });
    });
  });
});
