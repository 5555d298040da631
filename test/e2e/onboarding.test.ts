// A first run without --demo and without a Clerk key: onboarding, then "Try with demo data"
// leads to a filled users grid and a sync that settles on Watching.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser, openApp, saveScreenshot, startServe, type ServeProcess } from './support.js';

describeInBrowser('onboarding in the browser', () => {
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

  it('starts the demo from onboarding and shows synced users', { timeout: 90_000 }, async () => {
    const { page } = await openApp(browser, serve);

    await page.getByRole('heading', { name: '1. Choose a database' }).waitFor();
    await page.getByRole('radio', { name: /Embedded \(PGlite\)/ }).check();
    await saveScreenshot(page, 'onboarding.png');
    await page.getByRole('button', { name: 'Try with demo data' }).click();

    const grid = page.getByRole('grid', { name: 'Users' });
    const loadedRows = grid.getByRole('row').filter({ has: page.getByRole('gridcell') }).filter({ hasNotText: 'Loading…' });
    await expect.poll(() => loadedRows.count(), { timeout: 60_000 }).toBeGreaterThan(5);

    const status = page.getByRole('status', { name: 'Sync status' });
    await status.filter({ hasText: 'Watching' }).waitFor({ timeout: 60_000 });
    // The demo instance has 250 users; churn moves the number a little either way.
    await expect.poll(async () => Number((await status.textContent())?.match(/(\d+) active/)?.[1] ?? 0), { timeout: 30_000 }).toBeGreaterThan(200);
  });
});
