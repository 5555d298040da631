// The status bar and onboarding tell the truth: user counts while a backfill runs, "Disconnected"
// once serve has gone, the users filter on Active, and a Postgres password that stays masked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { describeInBrowser, launchBrowser, openApp, startServe, type ServeProcess } from './support.js';

const USERS = 1500;

describeInBrowser('honest status', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('while a backfill runs, and after serve has gone', () => {
    let clerk: ClerkServer;
    let serve: ServeProcess;
    let page: Page;
    let release!: () => void;
    let held = false;

    beforeAll(async () => {
      clerk = await startClerkServer({ users: USERS, seed: 7, rateLimit: false });
      // Hold the third backfill page (the engine fetches page n+1 while writing page n): two pages
      // of users are in the table, and the backfill stays on until the test lets it go.
      const gate = new Promise<void>((resolve) => (release = resolve));
      let cursorPages = 0;
      clerk.faults.beforeListPage(async ({ params }) => {
        if (!params.get('starting_after') || ++cursorPages < 2) return;
        held = true;
        await gate;
      });
      serve = await startServe([], 60_000, { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: clerk.url });
      ({ page } = await openApp(browser, serve));
    });

    afterAll(async () => {
      release?.();
      await serve?.stop();
      await clerk?.close();
    });

    it('shows the users written so far beside the backfill progress, then the total', { timeout: 90_000 }, async () => {
      const status = page.getByRole('status', { name: 'Sync status' });
      await expect.poll(() => held, { timeout: 60_000 }).toBe(true);
      // How many users the held walk has written depends on how the engine splits it; the count beside must match.
      const progress = new RegExp(`Backfilling ([\\d,]+) of ${USERS.toLocaleString('en-US')}`);
      await status.filter({ hasText: progress }).waitFor({ timeout: 30_000 });
      await expect.poll(async () => {
        const text = (await status.textContent()) ?? '';
        const done = progress.exec(text)?.[1];
        return done !== undefined && done !== '0' && text.includes(`${done} active`);
      }, { timeout: 30_000 }).toBe(true);

      release();
      await status.filter({ hasText: 'Watching' }).waitFor({ timeout: 60_000 });
      expect(await status.textContent()).toContain(`${USERS.toLocaleString('en-US')} active`);
    });

    it('opens the users table on Active', async () => {
      const filters = page.getByRole('group', { name: 'Filter users' });
      expect(await filters.getByRole('button', { name: 'Active' }).getAttribute('aria-pressed')).toBe('true');
      expect(await filters.getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe('false');
    });

    it('says Disconnected, with a Retry, once serve has stopped', { timeout: 60_000 }, async () => {
      await serve.stop();
      const status = page.getByRole('status', { name: 'Sync status' });
      await status.filter({ hasText: 'Disconnected' }).waitFor({ timeout: 30_000 });
      expect(await status.textContent()).not.toContain('Watching');
      await status.getByRole('button', { name: 'Retry' }).click();
      await status.filter({ hasText: /Tried again at .*: no answer/ }).waitFor();
      expect(await status.textContent()).toContain('Disconnected');
    });
  });

  describe('onboarding', () => {
    let serve: ServeProcess;

    beforeAll(async () => {
      serve = await startServe();
    });

    afterAll(async () => {
      await serve?.stop();
    });

    it('moves a password typed in the Postgres URL into a masked field', async () => {
      const { page } = await openApp(browser, serve);
      await page.getByRole('radio', { name: /Remote Postgres/ }).check();
      const url = page.getByRole('textbox', { name: 'Postgres URL' });
      await url.fill('postgres://app:hunter2@db.example.com:5432/main');
      expect(await url.inputValue()).toBe('postgres://app@db.example.com:5432/main');
      const password = page.getByLabel('Postgres password');
      expect(await password.getAttribute('type')).toBe('password');
      expect(await password.inputValue()).toBe('hunter2');
      expect(await page.locator('body').innerText()).not.toContain('hunter2');
    });
  });
});
