// The SQL console against a real remote Postgres, driven in the browser as a user would: the
// smuggling reproduction refused in safe mode, the DROP confirmation naming its table, Load more,
// and an export holding every row of a 200,000-row result (not the 1,000 on screen), downloaded by
// the browser itself, with progress and a Cancel that fails the download.
import fs from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';
import { describeInBrowser, launchBrowser, openApp, startServe, type ServeProcess } from './support.js';

const describeWithPostgres = (await postgresReachable()) ? describeInBrowser : describeInBrowser.skip;

async function runSql(page: Page, sql: string): Promise<void> {
  await page.getByRole('tab', { name: 'SQL console' }).click();
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
  await page.keyboard.press('Escape'); // the completion popup
  await page.keyboard.press('Shift+Control+Enter');
}

describeWithPostgres('the SQL console on remote Postgres', () => {
  let database: TestDatabase;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const victimExists = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(`SELECT to_regclass('public.victim') IS NOT NULL AS present`)).rows[0].present as boolean;
    } finally {
      await client.end();
    }
  };
  const setSafeMode = async (safeMode: boolean) => {
    const response = await fetch(`${serve.origin}/api/updateSettings`, {
      method: 'POST', headers: { 'X-Seren-Token': serve.token, 'Content-Type': 'application/json' }, body: JSON.stringify({ safeMode }),
    });
    expect(response.status).toBe(200);
    await page.getByText(safeMode ? 'Safe mode: read-only' : 'Safe mode off').waitFor();
  };

  beforeAll(async () => {
    database = await createTestDatabase('seren_e2e_console');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query('CREATE TABLE public.victim (id int)');
    await client.end();
    serve = await startServe(['--demo', '--database', database.url]);
    browser = await launchBrowser();
    ({ page } = await openApp(browser, serve));
    await page.getByRole('tab', { name: 'SQL console' }).waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await database?.drop();
  });

  it('refuses the dollar-quote smuggling reproduction in safe mode and keeps the table', async () => {
    await runSql(page, 'select 1 as a$$x$; commit; drop table public.victim; select 1 as b$$x$');
    await page.getByRole('alert').filter({ hasText: 'refuses BEGIN, COMMIT' }).waitFor();
    expect(await victimExists()).toBe(true);
  });

  it('asks before a DROP with safe mode off, naming the table, and Cancel keeps it', async () => {
    await setSafeMode(false);
    try {
      await runSql(page, 'select 1 as a$$x$; commit; drop table public.victim; select 1 as b$$x$');
      const dialog = page.getByRole('alertdialog', { name: 'Run a destructive statement?' });
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('DROP TABLE public.victim');
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(await victimExists()).toBe(true);
    } finally {
      await setSafeMode(true);
    }
  });

  it('warns that safe mode is no boundary for the superuser it is connected as', async () => {
    await page.getByRole('tab', { name: 'SQL console' }).click();
    const note = page.getByRole('note', { name: 'Superuser warning' });
    await note.waitFor();
    expect(await note.textContent()).toMatch(/a superuser\. Safe mode guards against mistakes; it is not a security boundary/);
  });

  it('clears the previous result while a statement runs, counts the seconds, then shows DDL by its tag', async () => {
    await runSql(page, 'select 1 as previous');
    await page.getByRole('grid', { name: 'Results' }).getByRole('columnheader', { name: 'previous' }).waitFor();
    await setSafeMode(false);
    try {
      await runSql(page, 'select pg_sleep(1.5); create table public.tagged (x int)');
      const running = page.getByRole('status', { name: 'Query running' });
      await running.waitFor();
      expect(await page.getByRole('grid', { name: 'Results' }).count()).toBe(0);
      await expect.poll(() => running.textContent()).toMatch(/^Running… [1-9]\.\d s$/);
      await page.getByRole('tab', { name: '2. CREATE TABLE' }).click();
      await expect.poll(() => page.locator('.result-summary').textContent()).toMatch(/^CREATE TABLE · \d/);
    } finally {
      await setSafeMode(true);
    }
  });

  it('loads more rows beyond the display cap', async () => {
    await runSql(page, 'select g from generate_series(1, 2500) g');
    const summary = page.locator('.result-summary');
    await expect.poll(() => summary.textContent()).toMatch(/^showing first 1,000 of 2,500 rows/);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => summary.textContent()).toMatch(/^showing first 2,000 of 2,500 rows/);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => summary.textContent()).toMatch(/^2,500 rows/);
    await expect(page.getByRole('button', { name: 'Load more' }).count()).resolves.toBe(0);
  });

  it('exports every row of a 200,000-row result, not the rows on screen', { timeout: 120_000 }, async () => {
    await runSql(page, 'select g as n, md5(g::text) as h from generate_series(1, 200000) g');
    await expect.poll(() => page.locator('.result-summary').textContent()).toMatch(/^showing first 1,000 of 200,000 rows/);
    const download = page.waitForEvent('download', { timeout: 100_000 });
    await page.getByRole('button', { name: 'Export CSV' }).click();
    // The browser's own download (not a file the page assembled in memory), named by the server.
    expect((await download).suggestedFilename()).toMatch(/^result-[0-9TZ-]+\.csv$/);
    const file = await (await download).path();
    const lines = (await fs.readFile(file, 'utf8')).trimEnd().split('\r\n');
    expect(lines).toHaveLength(200_001);
    expect(lines[0]).toBe('n,h');
    expect(lines[200_000]).toMatch(/^200000,[0-9a-f]{32}$/);
    await page.getByText('Exported 200,000 rows.').waitFor();
  });

  it('counts the rows written while the browser downloads, and Cancel fails the download', { timeout: 60_000 }, async () => {
    await runSql(page, "select g, repeat('x', 200) as filler from generate_series(1, 2000000) g");
    await expect.poll(() => page.locator('.result-summary').textContent(), { timeout: 30_000 }).toMatch(/^showing first 1,000 of 2,000,000 rows/);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.getByRole('status', { name: 'Export progress' }).filter({ hasText: /^Exporting… [1-9][\d,]* rows$/ }).waitFor();
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await page.getByText('Export cancelled.').waitFor();
    // Cut off mid-stream: the browser keeps no file that could pass for the whole result.
    expect(await (await download).failure()).not.toBeNull();
    await page.getByRole('button', { name: 'Export CSV' }).waitFor();
  });
});
