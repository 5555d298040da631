// The grids as a TablePlus user works them, on 3,000 users: jumps that land on the right rows
// (keyset paging), copying cells, ranges and rows, keyboard navigation that follows the scroll,
// column resizing that survives a reload, one time format, and the result grid's sort and filter.
import { afterAll, beforeAll, expect, it } from 'vitest';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { seedUsersFrom } from '../support/seed-users.js';
import { makeTempDir } from '../support/temp.js';
import { describeInBrowser, launchBrowser, openApp, startServe, type ServeProcess } from './support.js';

const USERS = 3000;
const ROW_HEIGHT = 28;
const TIME_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+05:30$/;

describeInBrowser('the grids', () => {
  let clerk: ClerkServer;
  let temp: { dir: string; remove(): Promise<void> };
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  /** Runs SQL through serve's own API (the folder is serve's) and returns the rows' first cells. */
  async function firstColumn(sql: string): Promise<string[]> {
    const response = await fetch(`${serve.origin}/api/runSql`, {
      method: 'POST',
      headers: { 'X-Seren-Token': serve.token, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sql, queryId: `e2e-${Math.random()}` }),
    });
    const body = (await response.json()) as { results: { rows: unknown[][] }[] };
    return body.results[0].rows.map((r) => String(r[0]));
  }

  const users = () => page.getByRole('grid', { name: 'Users' });
  const scroller = () => users().locator('.grid-scroll');

  /** Rendered rows with data, as [position, id] (the ID column is the third). */
  async function renderedIds(): Promise<[number, string][]> {
    return users().evaluate((grid) =>
      Array.from(grid.querySelectorAll('[role="row"][aria-rowindex]'))
        .filter((row) => row.getAttribute('aria-rowindex') !== '1' && !row.textContent?.includes('Loading…'))
        .map((row) => [Number(row.getAttribute('aria-rowindex')) - 2, row.querySelectorAll('[role="gridcell"]')[2]?.getAttribute('title') ?? ''] as [number, string]),
    );
  }

  /** Scrolls so `row` is the top row and waits until the rows around it are loaded. */
  async function scrollToRow(row: number): Promise<void> {
    // Until a new query's total is in, the grid is too short to scroll there: set it again while waiting.
    await expect
      .poll(async () => {
        await scroller().evaluate((el, top) => (el.scrollTop = top), row * ROW_HEIGHT);
        return (await renderedIds()).some(([i]) => i === row + 5);
      }, { timeout: 30_000 })
      .toBe(true);
  }

  async function expectRowsMatch(orderBy: string): Promise<void> {
    const rendered = await renderedIds();
    expect(rendered.length).toBeGreaterThan(10);
    const from = rendered[0][0];
    const expected = await firstColumn(
      `select id from seren_auth.users_sync order by ${orderBy} offset ${from} limit ${rendered.length}`,
    );
    expect(rendered.map(([, id]) => id)).toEqual(expected);
  }

  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());

  beforeAll(async () => {
    clerk = await startClerkServer({ users: USERS, seed: 9, churnPerSecond: 0 });
    temp = await makeTempDir('seren-auth-grid-');
    const folder = path.join(temp.dir, 'db');
    await seedUsersFrom(clerk, folder);
    serve = await startServe(['--database', folder], 60_000, { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: clerk.url });
    browser = await launchBrowser();
    ({ page } = await openApp(browser, serve, { timezoneId: 'Asia/Kolkata' }));
    await page.getByRole('region', { name: 'Users' }).getByText(`${USERS.toLocaleString('en-US')} users`).waitFor({ timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    await clerk?.close();
    await temp?.remove();
  });

  it('lands on the right rows after jumps, End and a sort change', async () => {
    await scrollToRow(1700);
    await expectRowsMatch('created_at desc nulls last, id desc');
    await users().locator('[role="gridcell"]').first().click();
    await page.keyboard.press('End');
    await expect.poll(async () => (await renderedIds()).some(([i]) => i === USERS - 1)).toBe(true);
    await expectRowsMatch('created_at desc nulls last, id desc');

    await users().getByRole('button', { name: 'Email' }).click();
    await expect.poll(() => users().getByRole('columnheader', { name: /Email/ }).getAttribute('aria-sort')).toBe('ascending');
    await scrollToRow(900);
    await expectRowsMatch('email asc nulls last, id asc');
    // A few steps down: each new block is read by keyset after the one above it.
    for (const row of [960, 1020, 1080]) {
      await scrollToRow(row);
      await expectRowsMatch('email asc nulls last, id asc');
    }
    await users().getByRole('button', { name: 'Created' }).click();
    await users().getByRole('button', { name: 'Created' }).click();
    await expect.poll(() => users().getByRole('columnheader', { name: /Created/ }).getAttribute('aria-sort')).toBe('descending');
  });

  it('copies a cell, a range and a row', async () => {
    await scrollToRow(0);
    const cell = (row: number, col: number) => page.locator(`#user-cell-${row}-${col}`);
    await cell(1, 1).click();
    await page.keyboard.press('Control+C');
    await expect.poll(clipboard).toBe(await cell(1, 1).getAttribute('title'));

    await cell(3, 0).click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+C');
    const expected = [];
    for (const row of [1, 2, 3]) expected.push(`${(await cell(row, 0).getAttribute('title')) ?? ''}\t${await cell(row, 1).getAttribute('title')}`);
    await expect.poll(clipboard).toBe(expected.join('\n'));

    await cell(2, 2).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy row as JSON' }).click();
    await expect.poll(async () => (JSON.parse(await clipboard()) as { id: string }).id).toBe(await cell(2, 2).getAttribute('title'));

    await cell(2, 2).click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Copy row as SQL INSERT' }).click();
    await expect
      .poll(clipboard)
      .toMatch(new RegExp(`^INSERT INTO seren_auth\\.users_sync \\(id, name, email, created_at, updated_at, deleted_at, raw_json\\) VALUES \\('${await cell(2, 2).getAttribute('title')}'`));
  });

  it('moves between cells with the keyboard, and PageDown follows a mouse scroll', async () => {
    await scrollToRow(0);
    await page.locator('#user-cell-0-0').click();
    const active = () => users().getAttribute('aria-activedescendant');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await active()).toBe('user-cell-2-1');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+C');
    const emails = [await page.locator('#user-cell-2-1').getAttribute('title'), await page.locator('#user-cell-3-1').getAttribute('title')];
    await expect.poll(clipboard).toBe(emails.join('\n'));

    await scrollToRow(600);
    await page.keyboard.press('PageDown');
    const row = Number(/^user-cell-(\d+)-1$/.exec((await active()) ?? '')?.[1]);
    expect(row).toBeGreaterThan(600);
    expect(row).toBeLessThan(700);
    await expect(page.locator(`#${await active()}`).isVisible()).resolves.toBe(true);
  });

  it('shows every time as local time with its offset, the ISO value on hover, and dates beside epoch ms', async () => {
    await scrollToRow(0);
    const created = page.locator('#user-cell-0-3');
    const iso = (await created.getAttribute('title'))!;
    expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(await created.innerText()).toMatch(TIME_TEXT);
    // The same instant: 05:30 ahead of UTC.
    const shown = (await created.innerText()).replace(' +05:30', '+05:30').replace(' ', 'T');
    expect(new Date(shown).getTime()).toBe(Math.floor(new Date(iso).getTime() / 1000) * 1000);

    await created.click();
    const item = page.getByRole('tree').getByRole('treeitem', { name: /^created_at\s*:/ });
    expect(await item.locator('.tree-date').innerText()).toMatch(TIME_TEXT);

    // The inspector's splitter widens it, and the width survives a reload.
    const inspector = page.getByRole('complementary', { name: 'JSON inspector' });
    const before = (await inspector.boundingBox())!.width;
    const splitter = (await page.getByRole('separator', { name: 'Resize inspector' }).boundingBox())!;
    await page.mouse.move(splitter.x + splitter.width / 2, splitter.y + 200);
    await page.mouse.down();
    await page.mouse.move(splitter.x + splitter.width / 2 - 100, splitter.y + 200, { steps: 5 });
    await page.mouse.up();
    expect(Math.round((await inspector.boundingBox())!.width - before)).toBe(100);
    await page.getByRole('button', { name: 'Close inspector' }).click();
  });

  it('resizes a column by its header edge, remembers it, and scrolls sideways at 1024 px', async () => {
    const header = users().getByRole('columnheader', { name: /Email/ });
    const before = (await header.boundingBox())!.width;
    const edge = (await users().getByRole('separator', { name: 'Resize Email column' }).boundingBox())!;
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2);
    await page.mouse.down();
    await page.mouse.move(edge.x + edge.width / 2 + 120, edge.y + edge.height / 2, { steps: 6 });
    await page.mouse.up();
    expect(Math.round((await header.boundingBox())!.width - before)).toBe(120);

    await page.reload();
    await users().getByRole('columnheader', { name: /Email/ }).waitFor();
    expect(Math.round((await users().getByRole('columnheader', { name: /Email/ }).boundingBox())!.width - before)).toBe(120);

    await page.setViewportSize({ width: 1024, height: 768 });
    const deleted = users().getByRole('columnheader', { name: /Deleted/ });
    expect(await scroller().evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await scroller().evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const box = (await deleted.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1024);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('keeps the rows being read in place when users arrive above them, and shows new ones at the top', { timeout: 90_000 }, async () => {
    await page.getByRole('tab', { name: 'Users' }).click();
    await scrollToRow(500);
    const topRow = async () => {
      const top = await scroller().evaluate((el) => Math.ceil(el.scrollTop / 28));
      return (await renderedIds()).find(([i]) => i === top)?.[1];
    };
    const reading = await topRow();
    for (let i = 0; i < 3; i++) clerk.store.createUser();
    await page.getByRole('region', { name: 'Users' }).getByText(`${(USERS + 3).toLocaleString('en-US')} users`).waitFor({ timeout: 60_000 });
    await expect.poll(topRow).toBe(reading);
    // Its position moved by the three rows above it; the view moved with it.
    expect(await scroller().evaluate((el) => Math.ceil(el.scrollTop / 28))).toBe(503);
  });

  it('sorts, filters and copies in the result grid', async () => {
    await page.getByRole('tab', { name: 'SQL console' }).click();
    const editor = page.getByRole('textbox', { name: 'SQL editor' });
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('select id, email, created_at from seren_auth.users_sync order by id limit 40');
    await page.keyboard.press('Control+Enter');
    const results = page.getByRole('grid', { name: 'Results' });
    await results.getByRole('columnheader', { name: /email/ }).waitFor();
    await page.keyboard.press('Escape');

    const emails = await firstColumn('select email from seren_auth.users_sync order by id limit 40');
    await results.getByRole('button', { name: /^email/ }).click();
    const firstEmail = results.locator('#result-cell-0-1');
    await expect.poll(() => firstEmail.innerText()).toBe([...emails].sort((a, b) => a.localeCompare(b))[0]);
    expect(await results.locator('#result-cell-0-2').innerText()).toMatch(TIME_TEXT);

    await page.getByRole('searchbox', { name: 'Filter rows' }).fill(emails[7]);
    await page.getByText('1 of 40 loaded rows match').waitFor();
    await firstEmail.click();
    await page.keyboard.press('Control+C');
    await expect.poll(clipboard).toBe(emails[7]);
  });
});
