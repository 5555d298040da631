// Results belong to their query tab, as in TablePlus: switching tabs shows each tab's own last
// result, and a statement started in one tab keeps running while another is shown, lands in its
// own tab, is cancelled from its tab, and is cancelled when its tab closes. The long statements
// read a table the test holds locked, so the test decides when they finish (no sleeps).
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';
import { describeInBrowser, launchBrowser, openApp, startServe, type ServeProcess } from './support.js';

const describeWithPostgres = (await postgresReachable()) ? describeInBrowser : describeInBrowser.skip;
const WAITS_FOR_LOCK = 'select count(*) as gate_rows from public.gate';

describeWithPostgres('results per query tab', () => {
  let database: TestDatabase;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  let holder: pg.Client;

  const tab = (name: string) => page.getByRole('tablist', { name: 'Query tabs' }).getByRole('tab', { name, exact: true });
  const column = (name: string) => page.getByRole('grid', { name: 'Results' }).getByRole('columnheader', { name });
  const running = () => page.getByRole('status', { name: 'Query running' });
  const run = async (sql: string) => {
    await page.getByRole('textbox', { name: 'SQL editor' }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(sql);
    await page.keyboard.press('Escape'); // the completion popup
    await page.keyboard.press('Control+Enter');
  };
  /** The console's statements that are waiting on the test's lock right now. */
  const waitingOnLock = async () => {
    // Inside the holder's transaction the statistics would stay those of its first look.
    await holder.query('select pg_stat_clear_snapshot()');
    const { rows } = await holder.query(
      `select count(*)::int as n from pg_stat_activity where pid <> pg_backend_pid() and wait_event_type = 'Lock' and query like '%public.gate%'`,
    );
    return rows[0].n as number;
  };
  const holdLock = async () => {
    await holder.query('begin');
    await holder.query('lock table public.gate in access exclusive mode');
  };

  beforeAll(async () => {
    database = await createTestDatabase('seren_e2e_tab_results');
    holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('create table public.gate (x int); insert into public.gate values (1)');
    serve = await startServe(['--demo', '--database', database.url]);
    browser = await launchBrowser();
    ({ page } = await openApp(browser, serve));
    await page.getByRole('tab', { name: 'SQL console' }).click({ timeout: 60_000 });
    await tab('Query 1').waitFor();
  });

  afterAll(async () => {
    await holder?.end().catch(() => {});
    await browser?.close();
    await serve?.stop();
    await database?.drop();
  });

  it("shows each tab's own last result when switching tabs", async () => {
    await run("select 'one' as tab_one_result");
    await column('tab_one_result').waitFor();

    await page.getByRole('button', { name: 'New query tab' }).click();
    await page.getByText('Run a query to see results here.').waitFor();
    expect(await page.getByRole('grid', { name: 'Results' }).count()).toBe(0);
    await run("select 'two' as tab_two_result");
    await column('tab_two_result').waitFor();

    await tab('Query 1').click();
    await column('tab_one_result').waitFor();
    expect(await column('tab_two_result').count()).toBe(0);
    await tab('Query 2').click();
    await column('tab_two_result').waitFor();
  });

  it('lands a long statement in the tab that ran it while another tab is shown', async () => {
    await holdLock();
    await tab('Query 1').click();
    await run("select 'late' as tab_one_late from public.gate");
    await running().waitFor();
    await expect.poll(waitingOnLock).toBe(1);
    expect(await tab('Query 1').getAttribute('aria-busy')).toBe('true');

    // Tab 2 shows its own result, with no counter, no Cancel, and Run free.
    await tab('Query 2').click();
    await column('tab_two_result').waitFor();
    expect(await running().count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Run', exact: true }).isEnabled()).toBe(true);

    await holder.query('commit');
    // Tab 1's run is over (its result arrived) while tab 2 is still shown.
    await expect.poll(() => tab('Query 1').getAttribute('aria-busy')).toBe('false');
    await column('tab_two_result').waitFor();
    expect(await column('tab_one_late').count()).toBe(0);

    await tab('Query 1').click();
    await column('tab_one_late').waitFor();
  });

  it('cancels from the tab that runs the statement, and when that tab closes', async () => {
    await holdLock();
    try {
      await tab('Query 2').click();
      await run(WAITS_FOR_LOCK);
      await running().waitFor();
      await tab('Query 1').click();
      await column('tab_one_late').waitFor();
      expect(await page.getByRole('button', { name: 'Cancel', exact: true }).count()).toBe(0);
      await tab('Query 2').click();
      await page.getByRole('button', { name: 'Cancel', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Query cancelled' }).waitFor();
      expect(await waitingOnLock()).toBe(0);

      // Closing a tab cancels its statement (and drops its result).
      await run(WAITS_FOR_LOCK);
      await expect.poll(waitingOnLock).toBe(1);
      await page.getByRole('button', { name: 'Close Query 2' }).click();
      await page.getByRole('alertdialog').getByRole('button', { name: 'Close tab' }).click();
      await expect.poll(waitingOnLock).toBe(0);
      await column('tab_one_late').waitFor();
    } finally {
      await holder.query('rollback');
    }
  });
});
