// A first run without --demo and without a Clerk key: onboarding, then "Try with demo data"
// leads to a filled users grid and a sync that settles on Watching, in the embedded database
// or in a Postgres given by URL.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';
import { describeInBrowser, launchBrowser, openApp, saveScreenshot, startServe, type ServeProcess } from './support.js';

/** After "Try with demo data": the grid fills and the status bar settles on Watching. */
async function expectSyncedUsers(page: Page): Promise<void> {
  const grid = page.getByRole('grid', { name: 'Users' });
  const loadedRows = grid.getByRole('row').filter({ has: page.getByRole('gridcell') }).filter({ hasNotText: 'Loading…' });
  await expect.poll(() => loadedRows.count(), { timeout: 60_000 }).toBeGreaterThan(5);

  const status = page.getByRole('status', { name: 'Sync status' });
  await status.filter({ hasText: 'Watching' }).waitFor({ timeout: 60_000 });
  // The demo instance has 250 users; churn moves the number a little either way.
  await expect.poll(async () => Number((await status.textContent())?.match(/(\d+) active/)?.[1] ?? 0), { timeout: 30_000 }).toBeGreaterThan(200);
}

const withPostgres = await postgresReachable();

describeInBrowser('onboarding in the browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  describe('with the embedded database', () => {
    let serve: ServeProcess;

    beforeAll(async () => {
      serve = await startServe();
    });

    afterAll(async () => {
      await serve?.stop();
    });

    it('starts the demo from onboarding and shows synced users', { timeout: 90_000 }, async () => {
      const { page } = await openApp(browser, serve);

      await page.getByRole('heading', { name: '1. Choose a database' }).waitFor();
      await page.getByRole('radio', { name: /Embedded \(PGlite\)/ }).check();
      await saveScreenshot(page, 'onboarding.png');
      await page.getByRole('button', { name: 'Try with demo data' }).click();

      await expectSyncedUsers(page);
      await page.getByRole('banner').getByText('PGlite', { exact: true }).waitFor();
    });
  });

  describe.skipIf(!withPostgres)('with a Postgres URL', () => {
    let serve: ServeProcess;
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase('seren_e2e');
      serve = await startServe();
    });

    afterAll(async () => {
      await serve?.stop();
      await database?.drop();
    });

    it('tests the connection, starts the demo and fills users_sync in that database', { timeout: 90_000 }, async () => {
      const { page } = await openApp(browser, serve);

      await page.getByRole('radio', { name: /Remote Postgres/ }).check();
      await page.getByRole('textbox', { name: 'Postgres URL' }).fill(database.url);
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByRole('status').filter({ hasText: /^Connected to .*PostgreSQL/ }).waitFor();
      await page.getByRole('button', { name: 'Try with demo data' }).click();

      await expectSyncedUsers(page);
      await page.getByRole('banner').getByText('Postgres', { exact: true }).waitFor();
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM seren_auth.users_sync');
        expect(Number(rows[0].n)).toBeGreaterThan(200);
      } finally {
        await client.end();
      }
    });
  });
});
