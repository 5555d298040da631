// The app on demo data (`seren-auth serve --demo`) in one browser page, used the way a developer
// would: inspect a user's raw_json, run the README's join, watch live changes arrive, read an
// SQL error, cancel a long query. The page is never reloaded between the tests.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser, openApp, saveScreenshot, startServe, type ServeProcess } from './support.js';

// The README's join, on three lines so the screenshot shows all of it.
const DEMO_JOIN_SQL = [
  'SELECT posts.*, seren_auth.users_sync.name AS author_name',
  'FROM posts',
  'JOIN seren_auth.users_sync ON posts.author_id = seren_auth.users_sync.id',
].join('\n');

async function showTab(page: Page, name: 'Users' | 'SQL console'): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** Replaces the editor's text and runs it as a user would: Ctrl+Enter, or Shift+Ctrl+Enter for all of it. */
async function runSql(page: Page, sql: string, { all = false } = {}): Promise<void> {
  await showTab(page, 'SQL console');
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
  await page.keyboard.press(all ? 'Shift+Control+Enter' : 'Control+Enter');
}

/** Rows of a grid that hold data (not the header, not a page still loading). */
function dataRows(page: Page, gridName: string) {
  return page
    .getByRole('grid', { name: gridName })
    .getByRole('row')
    .filter({ has: page.getByRole('gridcell') })
    .filter({ hasNotText: 'Loading…' });
}

describeInBrowser('the demo app in the browser', () => {
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    serve = await startServe(['--demo']);
    browser = await launchBrowser();
    ({ page } = await openApp(browser, serve));
    await page.getByRole('status', { name: 'Sync status' }).filter({ hasText: 'Watching' }).waitFor({ timeout: 60_000 });
    await dataRows(page, 'Users').nth(5).waitFor({ timeout: 30_000 });
    // Survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { e2eNoReload: boolean }).e2eNoReload = true));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it("inspects a user's raw_json and copies a nested node's SQL path", async () => {
    await showTab(page, 'Users');
    await dataRows(page, 'Users').filter({ hasText: '@' }).first().click();

    const tree = page.getByRole('tree');
    await tree.getByRole('treeitem', { name: /^email_addresses\s*:\s*\[\d+\]/ }).click();
    await page.keyboard.press('ArrowRight');
    await tree.getByRole('treeitem', { name: /^0\s*:\s*\{\d+\}/ }).click();
    await page.keyboard.press('ArrowRight');
    const emailNode = tree.getByRole('treeitem', { name: /^email_address\s*:\s*"/ });
    await emailNode.click();
    expect(await emailNode.textContent()).toContain('@');

    await page.getByRole('button', { name: 'Copy as SQL path' }).click();
    await page.getByRole('status').filter({ hasText: 'Copied SQL path' }).waitFor();
    const expected = "raw_json->'email_addresses'->0->>'email_address'";
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(expected);
    expect(await page.getByLabel('SQL path of the selected node').textContent()).toBe(expected);
    await saveScreenshot(page, 'users.png');
    await page.getByRole('status').filter({ hasText: 'Copied SQL path' }).getByRole('button', { name: 'Dismiss' }).click();
  });

  it('runs the join of posts with users_sync in the console', async () => {
    // The demo creates public.posts just after the first sync; wait for it like the schema panel would.
    await expect
      .poll(async () => {
        const response = await fetch(`${serve.origin}/api/getSchemaInfo`, { method: 'POST', headers: { 'X-Seren-Token': serve.token }, body: '{}' });
        const info = (await response.json()) as { schemas: { name: string; tables: { name: string }[] }[] };
        return info.schemas.some((s) => s.name === 'public' && s.tables.some((t) => t.name === 'posts'));
      }, { timeout: 30_000 })
      .toBe(true);

    // The inspector from the previous test would squeeze the results.
    const closeInspector = page.getByRole('button', { name: 'Close inspector' });
    if (await closeInspector.isVisible()) await closeInspector.click();
    await runSql(page, DEMO_JOIN_SQL);
    const results = page.getByRole('grid', { name: 'Results' });
    await results.getByRole('columnheader', { name: 'author_name' }).waitFor();
    await expect.poll(() => dataRows(page, 'Results').count()).toBeGreaterThan(0);
    expect(await results.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining(['id', 'author_id', 'title', 'author_name']),
    );
    await page.keyboard.press('Escape'); // closes the completion popup the typing opened
    // docs/console.png comes from console-tabs.test.ts, which shows tabs and saved queries too.
  });

  it('shows a change made in Clerk without reloading the page', { timeout: 90_000 }, async () => {
    await showTab(page, 'Users');
    const usersCount = page.getByRole('region', { name: 'Users' }).getByText(/^\S+ users?$/);
    // What the user sees in the grid: its newest rows (on top: it sorts by creation, newest first)
    // and its total. How many rows the virtualiser renders varies with layout, so only the top
    // rows count. The demo churns 0.5 changes a second, a third of them new users.
    const snapshot = async () => {
      const top = (await dataRows(page, 'Users').allInnerTexts()).slice(0, 5);
      return [...top, await usersCount.innerText()].join('\n');
    };
    const before = await snapshot();
    await expect.poll(snapshot, { timeout: 75_000, interval: 500 }).not.toBe(before);
    expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);
  });

  it('shows an SQL error and marks its position in the editor', async () => {
    await runSql(page, 'SELECT nosuchcolumn FROM seren_auth.users_sync');
    await page.getByRole('alert').filter({ hasText: 'column "nosuchcolumn" does not exist' }).waitFor();
    const mark = page.locator('.cm-editor .cm-sql-error');
    await mark.waitFor();
    expect(await mark.textContent()).toBe('nosuchcolumn');

    // Further down a script run as a whole, the mark still lands on the culprit.
    await runSql(page, 'SELECT 1;\nSELECT id,\n  nosuchcolumn2 FROM seren_auth.users_sync;', { all: true });
    await page.getByRole('alert').filter({ hasText: 'column "nosuchcolumn2" does not exist' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'in statement 2' }).waitFor();
    await expect.poll(() => mark.textContent()).toBe('nosuchcolumn2');
  });

  it('cancels a long query and keeps working', { timeout: 30_000 }, async () => {
    await runSql(page, 'select pg_sleep(60)');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('status').filter({ hasText: 'Query cancelled' }).waitFor();

    await runSql(page, 'select 1 as one');
    const results = page.getByRole('grid', { name: 'Results' });
    await results.getByRole('columnheader', { name: 'one' }).waitFor();
    expect(await dataRows(page, 'Results').allInnerTexts()).toEqual([expect.stringMatching(/^1\s+1$/)]);

    await showTab(page, 'Users');
    await expect.poll(() => dataRows(page, 'Users').count()).toBeGreaterThan(5);
    expect(await page.evaluate(() => (window as unknown as { e2eNoReload?: boolean }).e2eNoReload)).toBe(true);
  });
});
