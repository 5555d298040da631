// The export part of `npm run bench:ui`: runs `select * from seren_auth.users_sync` in the
// console, clicks Export CSV and counts the records in the downloaded file.
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** CSV records, honouring quoted fields that hold line breaks; the header line is not counted. */
export function countCsvRecords(text: string): number {
  let records = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted; // '"' ("" inside a quoted field toggles twice)
    else if (c === 10 && !quoted) records++;
  }
  if (text.length > 0 && !text.endsWith('\n')) records++;
  return Math.max(0, records - 1);
}

export async function measureExport(page: Page, expected: number): Promise<{ result: string; verdict: string; detail: string }> {
  await page.getByRole('tab', { name: 'SQL console' }).click();
  await page.getByRole('textbox', { name: 'SQL editor' }).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('select * from seren_auth.users_sync');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Enter');
  await page.getByRole('grid', { name: 'Results' }).getByRole('gridcell').first().waitFor({ timeout: 120_000 });
  const started = Date.now();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 300_000 }),
    page.getByRole('button', { name: /^Export CSV/ }).click(),
  ]);
  const file = await download.path();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const records = countCsvRecords(await fs.readFile(file, 'utf8'));
  await page.getByRole('tab', { name: 'Users' }).click();
  return {
    result: `${records.toLocaleString('en-US')} rows`,
    verdict: records === expected ? 'met' : 'MISSED',
    detail: `${seconds} s to the saved file`,
  };
}
