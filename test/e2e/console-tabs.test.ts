// The SQL console as a daily tool: query tabs and saved queries that survive a restart of
// `seren-auth serve` (a new port, so nothing can come from the browser's storage), and completion
// that knows the columns of the statement's tables, aliases and tables created a moment ago.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir } from '../support/temp.js';
import { DEMO_JOIN_SQL } from '../../shared/demo-queries.js';
import { describeInBrowser, launchBrowser, openApp, saveScreenshot, startServe, type ServeProcess } from './support.js';

async function openConsole(browser: Browser, serve: ServeProcess): Promise<Page> {
  const { page } = await openApp(browser, serve);
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab').first().waitFor();
  return page;
}

const queryTabs = (page: Page) => page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab');
const editor = (page: Page) => page.getByRole('textbox', { name: 'SQL editor' });

async function replaceText(page: Page, sql: string): Promise<void> {
  await editor(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(sql);
}

/** The labels of the completion popup, opened as Ctrl+Space does. */
async function completions(page: Page): Promise<string[]> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Space');
  const options = page.getByRole('listbox').getByRole('option');
  await options.first().waitFor();
  return (await options.locator('.cm-completionLabel').allTextContents()).slice(0, 5);
}

describeInBrowser('the SQL console', () => {
  let home: Awaited<ReturnType<typeof makeTempDir>>;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    home = await makeTempDir('seren-auth-e2e-console-');
    serve = await startServe(['--demo'], 60_000, {}, { home: home.dir });
    browser = await launchBrowser();
    page = await openConsole(browser, serve);
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await home?.remove();
  });

  it('keeps tabs, their text and saved queries across a restart of serve', { timeout: 120_000 }, async () => {
    expect(await queryTabs(page).allTextContents()).toEqual(['Query 1']);

    // A saved query, kept under a name and listed in the sidebar.
    await replaceText(page, 'select count(*) as users from seren_auth.users_sync');
    await page.getByRole('button', { name: 'Save query' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('User count');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    const saved = page.getByRole('list', { name: 'Saved queries' });
    await saved.getByRole('button', { name: 'User count', exact: true }).waitFor();
    expect(await queryTabs(page).allTextContents()).toEqual(['User count']);

    // A second tab (numbered with the first free number), renamed by double-click; each tab keeps its own text.
    await page.getByRole('button', { name: 'New query tab' }).click();
    expect(await queryTabs(page).allTextContents()).toEqual(['User count', 'Query 1']);
    await replaceText(page, "select 'second tab' as marker");
    await queryTabs(page).filter({ hasText: 'Query 1' }).dblclick();
    await page.getByRole('textbox', { name: 'Tab name' }).fill('Markers');
    await page.keyboard.press('Enter');
    await queryTabs(page).filter({ hasText: 'Markers' }).waitFor();
    await queryTabs(page).filter({ hasText: 'User count' }).click();
    await expect.poll(() => editor(page).textContent()).toBe('select count(*) as users from seren_auth.users_sync');
    await queryTabs(page).filter({ hasText: 'Markers' }).click();
    await expect.poll(() => editor(page).textContent()).toBe("select 'second tab' as marker");

    // The core has written them (what a restart reads back).
    const settingsFile = path.join(home.dir, 'serve-settings.json');
    await expect.poll(async () => (await fs.readFile(settingsFile, 'utf8').catch(() => '')).includes('Markers'), { timeout: 10_000 }).toBe(true);

    await page.context().close();
    await serve.stop();
    serve = await startServe(['--demo'], 60_000, {}, { home: home.dir });
    page = await openConsole(browser, serve);

    expect(await queryTabs(page).allTextContents()).toEqual(['User count', 'Markers']);
    expect(await queryTabs(page).filter({ hasText: 'Markers' }).getAttribute('aria-selected')).toBe('true');
    expect(await editor(page).textContent()).toBe("select 'second tab' as marker");
    await page.getByRole('list', { name: 'Saved queries' }).getByRole('button', { name: 'User count', exact: true }).waitFor();
  });

  it('closes tabs, asking first when their text is saved nowhere', async () => {
    await page.getByRole('button', { name: 'Close Markers' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Close "Markers"?' });
    await dialog.getByRole('button', { name: 'Close tab' }).click();
    expect(await queryTabs(page).allTextContents()).toEqual(['User count']);

    // Its text is the saved query's: it closes at once, and the last tab leaves a fresh one.
    await page.getByRole('button', { name: 'Close User count' }).click();
    expect(await queryTabs(page).allTextContents()).toEqual(['Query 1']);
    // An empty editor shows only its placeholder.
    expect(await editor(page).textContent()).toMatch(/^Write SQL here/);
  });

  it('opens, renames and deletes a saved query', async () => {
    const saved = page.getByRole('list', { name: 'Saved queries' });
    await saved.getByRole('button', { name: 'User count', exact: true }).click();
    expect(await queryTabs(page).allTextContents()).toEqual(['Query 1', 'User count']);
    expect(await editor(page).textContent()).toBe('select count(*) as users from seren_auth.users_sync');

    await saved.getByRole('button', { name: 'Rename saved query User count' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Users in the mirror');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await saved.getByRole('button', { name: 'Users in the mirror', exact: true }).waitFor();
    await queryTabs(page).filter({ hasText: 'Users in the mirror' }).waitFor();

    await saved.getByRole('button', { name: 'Delete saved query Users in the mirror' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Queries you keep with Save query appear here.').waitFor();
    expect(await saved.getByRole('button').count()).toBe(0);
  });

  it('completes the columns of the tables in the statement, aliases included', { timeout: 60_000 }, async () => {
    // The demo creates public.posts just after its first sync, while the console is already open.
    await expect
      .poll(async () => {
        const response = await fetch(`${serve.origin}/api/getSchemaInfo`, { method: 'POST', headers: { 'X-Seren-Token': serve.token }, body: '{}' });
        const info = (await response.json()) as { schemas: { name: string; tables: { name: string }[] }[] };
        return info.schemas.some((s) => s.name === 'public' && s.tables.some((t) => t.name === 'posts'));
      }, { timeout: 45_000 })
      .toBe(true);
    // Completion may list keywords a moment before the columns arrive: poll what the list settles on.
    await replaceText(page, 'select * from seren_auth.users_sync where em');
    await expect.poll(async () => (await completions(page))[0]).toBe('email');

    await replaceText(page, 'select u.id from posts p join seren_auth.users_sync u on u.id = p.author_id where auth');
    await expect.poll(async () => (await completions(page))[0]).toBe('author_id');

    await replaceText(page, 'select * from seren_auth.users_sync u where u.crea');
    await expect.poll(async () => (await completions(page))[0]).toBe('created_at');
    await page.keyboard.press('Escape');
  });

  it('completes the columns of a table created in the console', async () => {
    await replaceText(page, 'create table public.e2e_widgets (id int, widget_colour text)');
    await page.keyboard.press('Control+Enter');
    await page.getByText(/CREATE/).first().waitFor();

    await replaceText(page, 'select * from e2e_widgets where widget_c');
    await expect.poll(async () => (await completions(page))[0], { timeout: 10_000 }).toBe('widget_colour');
    await page.keyboard.press('Escape');
  });

  it('shows tabs, saved queries and a result together (the README picture)', { timeout: 60_000 }, async () => {
    const saveAs = async (name: string, sql: string) => {
      await page.getByRole('button', { name: 'New query tab' }).click();
      await replaceText(page, sql);
      await page.keyboard.press('Escape');
      // Ctrl+S in the editor is Save query (not the browser's Save page).
      await page.keyboard.press('Control+s');
      await page.getByRole('dialog').getByLabel('Name').fill(name);
      await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await queryTabs(page).filter({ hasText: name }).waitFor();
    };
    // On several lines, so the picture shows all of it.
    await saveAs('Posts with their author', DEMO_JOIN_SQL.replace(/ (FROM|JOIN) /g, '\n$1 '));
    await saveAs('Newest sign-ups', 'SELECT name, email, created_at, updated_at\nFROM seren_auth.users_sync\nWHERE deleted_at IS NULL\nORDER BY created_at DESC\nLIMIT 200;');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('grid', { name: 'Results' }).getByRole('columnheader', { name: 'updated_at' }).waitFor();

    const saved = page.getByRole('list', { name: 'Saved queries' });
    expect(await saved.getByRole('button', { name: /^(Posts|Newest)/ }).allTextContents()).toEqual(['Newest sign-ups', 'Posts with their author']);
    expect(await queryTabs(page).filter({ hasText: 'Newest sign-ups' }).getAttribute('aria-selected')).toBe('true');
    await editor(page).click();
    await saveScreenshot(page, 'console.png');
  });

  it('has a dark theme that follows the system', { timeout: 60_000 }, async () => {
    const { page: dark, context } = await openApp(browser, serve, { colorScheme: 'dark' });
    try {
      const rows = dark.getByRole('grid', { name: 'Users' }).getByRole('row').filter({ has: dark.getByRole('gridcell') });
      await rows.filter({ hasText: '@' }).first().click({ timeout: 30_000 });
      await dark.getByRole('tree').waitFor();
      // The page background is dark (relative luminance well under half).
      const luminance = await dark.evaluate(() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
      expect(luminance).toBeLessThan(0.25);
      await saveScreenshot(dark, 'dark.png');
    } finally {
      await context.close();
    }
  });
});
