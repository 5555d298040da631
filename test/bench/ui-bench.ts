// `npm run bench:ui`: the window's speed on N users (default 100,000), measured through
// `seren-auth serve` in headless Chromium on each target, and printed as a table:
//   - drag: after a fast drag of the users grid from 20 % to 80 % (30 scroll steps in 1 s), ms
//     until every row on screen is filled once the scroll stops (aim 300 ms), per sort;
//   - console: ms from Ctrl+Enter on `select * from seren_auth.users_sync` until its first rows
//     show (aim 500 ms);
//   - export: whether an export of the whole result completes with exactly N rows, when the
//     build has a streaming export (reported as not measured otherwise).
//
//   node dist/test/bench/ui-bench.js [--users N] [--targets pglite,postgres] [--rounds 3] [--postgres-url URL]
//
// It is a measurement, not a test: missed aims are reported and the exit code is 0 unless a run crashed.
import type { Page } from 'playwright-core';
import { DEMO_SECRET_KEY, startClerkServer } from '../../electron/core/demo/index.js';
import { seedUsersFrom } from '../support/seed-users.js';
import { launchBrowser, openApp, startServe } from '../e2e/support.js';
import { BenchArgs } from './bench-args.js';
import { freshTarget } from './fresh-target.js';
import { formatTable } from './table.js';
import { measureExport } from './ui-bench-export.js';

const AIMS = { dragMs: 300, consoleMs: 500 };

const args = new BenchArgs('usage: npm run bench:ui -- [--users N] [--targets pglite,postgres] [--rounds N] [--postgres-url URL]');
const { users, rounds, targets, postgresUrl } = args.read({ users: 100_000, rounds: 3 });

/**
 * Runs in the page (a string: this build has no DOM types): scrolls the users grid from 20 % to
 * 80 % in 30 steps over a second, then polls every frame until the rows intersecting the
 * viewport hold data. Resolves to the ms after the last step.
 */
const DRAG_AND_WAIT = `new Promise((resolve, reject) => {
  const grid = document.querySelector('[role="grid"][aria-label="Users"]');
  const scroller = grid.querySelector('.grid-scroll');
  const max = scroller.scrollHeight - scroller.clientHeight;
  const steps = 30;
  const filled = () => {
    const view = scroller.getBoundingClientRect();
    const rows = Array.from(grid.querySelectorAll('[role="row"][aria-rowindex]')).filter((row) => {
      if (row.getAttribute('aria-rowindex') === '1') return false;
      const r = row.getBoundingClientRect();
      return r.bottom > view.top + 30 && r.top < view.bottom;
    });
    return rows.length > 0 && rows.every((row) => !row.textContent.includes('Loading…'));
  };
  let step = 0;
  const timer = setInterval(() => {
    scroller.scrollTop = max * (0.2 + (0.6 * step) / (steps - 1));
    if (++step < steps) return;
    clearInterval(timer);
    const stopped = performance.now();
    const poll = () => {
      if (filled()) resolve(performance.now() - stopped);
      else if (performance.now() - stopped > 60000) reject(new Error('rows still loading 60 s after the drag'));
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }, 1000 / steps);
})`;

async function sortBy(page: Page, label: string, direction: 'ascending' | 'descending'): Promise<void> {
  const grid = page.getByRole('grid', { name: 'Users' });
  const header = grid.getByRole('columnheader', { name: new RegExp(label) });
  for (let i = 0; i < 3 && (await header.getAttribute('aria-sort')) !== direction; i++) {
    await grid.getByRole('button', { name: label }).click();
  }
  await grid.getByRole('row').filter({ has: page.getByRole('gridcell') }).filter({ hasNotText: 'Loading…' }).first().waitFor();
}

async function consoleFirstRows(page: Page): Promise<number> {
  await page.getByRole('tab', { name: 'SQL console' }).click();
  const editor = page.getByRole('textbox', { name: 'SQL editor' });
  await editor.click();
  await page.keyboard.press('Control+A');
  // A tiny result first, so the one awaited below is the new one.
  await page.keyboard.insertText('select 1 as bench_reset');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  const results = page.getByRole('grid', { name: 'Results' });
  await results.getByRole('columnheader', { name: 'bench_reset' }).waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('select * from seren_auth.users_sync');
  await page.keyboard.press('Escape');
  const started = Date.now();
  await page.keyboard.press('Control+Enter');
  await results.getByRole('columnheader', { name: /raw_json/ }).waitFor({ timeout: 180_000 });
  await results.getByRole('gridcell').first().waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  await page.getByRole('tab', { name: 'Users' }).click();
  return ms;
}


const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const verdict = (ms: number, aim: number) => (ms <= aim ? 'met' : 'MISSED');
const rows: string[][] = [];
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

/** Prints each figure as it comes (a long run is worth seeing), and keeps it for the table. */
function addRow(row: string[]): void {
  rows.push(row);
  process.stderr.write(`${row.join('  ')}\n`);
}

/** One measure's median against its aim; a failure is reported, not thrown. */
async function measureRow(kind: string, label: string, aim: number, run: () => Promise<number[]>): Promise<void> {
  try {
    const runs = await run();
    const ms = median(runs);
    addRow([kind, label, `${Math.round(ms)} ms`, `${aim} ms`, verdict(ms, aim), runs.map(Math.round).join(' / ')]);
  } catch (error) {
    addRow([kind, label, 'failed', `${aim} ms`, 'MISSED', firstLine(error)]);
  }
}
const clerk = await startClerkServer({ users, seed: 1, churnPerSecond: 0 });
const browser = await launchBrowser();
try {
  for (const kind of targets) {
    const fresh = await freshTarget(kind, postgresUrl);
    try {
      process.stderr.write(`${kind}: writing ${users.toLocaleString('en-US')} users…\n`);
      await seedUsersFrom(clerk, fresh.target);
      const serve = await startServe(['--database', fresh.target], 120_000, { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: clerk.url });
      try {
        const { page, context } = await openApp(browser, serve);
        await page.getByRole('status', { name: 'Sync status' }).filter({ hasText: 'Watching' }).waitFor({ timeout: 300_000 });
        for (const [label, direction] of [['Created', 'descending'], ['Email', 'ascending']] as const) {
          await measureRow(kind, `drag 20→80 %, ${label} ${direction === 'ascending' ? '▲' : '▼'}`, AIMS.dragMs, async () => {
            const runs: number[] = [];
            for (let r = 0; r < rounds; r++) {
              // Another sort and back: a new query starts at the top with an empty cache.
              await sortBy(page, label === 'Email' ? 'Name' : 'Email', 'ascending');
              await sortBy(page, label, direction);
              await page.waitForTimeout(300); // let the top rows settle
              runs.push(await page.evaluate<number>(DRAG_AND_WAIT));
            }
            return runs;
          });
        }
        await measureRow(kind, 'console: first rows of select *', AIMS.consoleMs, async () => {
          const runs: number[] = [];
          for (let r = 0; r < rounds; r++) runs.push(await consoleFirstRows(page));
          return runs;
        });
        try {
          const exported = await measureExport(page, users);
          addRow([kind, 'export of the whole result', exported.result, `${users.toLocaleString('en-US')} rows`, exported.verdict, exported.detail]);
        } catch (error) {
          addRow([kind, 'export of the whole result', 'failed', `${users.toLocaleString('en-US')} rows`, 'MISSED', firstLine(error)]);
        }
        await context.close();
      } finally {
        await serve.stop();
      }
    } finally {
      await fresh.remove();
    }
  }
} finally {
  await browser.close();
  await clerk.close();
}

process.stdout.write(`\nUI on ${users.toLocaleString('en-US')} users (median of ${rounds} runs)\n`);
process.stdout.write(formatTable(['target', 'measure', 'result', 'aim', '', 'runs'], rows));
