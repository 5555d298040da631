// An embedded folder whose sync was killed (SIGKILL: no shutdown, no lock release) in the middle
// of its backfill: the next sync takes over the stale lock, reopens the folder (PGlite replays
// its WAL), resumes from the last committed page and converges.
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { readFolderLock } from '../../electron/core/db/folder-lock.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { runCli, startCli } from '../support/cli-process.js';
import { makeTempDir } from '../support/temp.js';
import { MIRROR_SQL, mirrorDifferences, type MirrorRow } from './mirror.js';

let server: ClerkServer | undefined;
let tmp: Awaited<ReturnType<typeof makeTempDir>> | undefined;

afterEach(async () => {
  await server?.close();
  await tmp?.remove();
});

it('reopens a folder whose engine was SIGKILLed mid-batch and converges', async () => {
  server = await startClerkServer({ users: 2000, seed: 51, rateLimit: false });
  tmp = await makeTempDir();
  const database = path.join(tmp.dir, 'db');
  const env = { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server.url };
  const first = startCli(['sync', '--database', database], env);
  // List requests: 0 reads the high-water mark, 1.. are backfill pages of 500, each asked for as
  // soon as the one before arrives (one page read ahead). So when page 3 is asked for, page 1 is
  // committed and page 2 is being written: the kill lands in that batch.
  const stopHook = server.faults.beforeListPage(({ page }) => {
    if (page === 3) setTimeout(() => first.child.kill('SIGKILL'), 100);
  });
  const killed = await first.exited;
  stopHook();
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.stderr).not.toContain('Watching for changes');
  // The dead process's lock is still there, and stale.
  expect(await readFolderLock(database)).toBeNull();

  const second = await runCli(['sync', '--once', '--database', database], env);
  expect(second.code, second.stderr).toBe(0);
  const inserted = Number(/Synced: ([\d,]+) inserted/.exec(second.stdout)?.[1].replace(/,/g, ''));
  // It resumed after the last committed page (1, or 2 if its commit beat the kill).
  expect(inserted).toBeGreaterThanOrEqual(1000);
  expect(inserted).toBeLessThanOrEqual(1500);

  const db = await openDatabase(parseTarget(database, database));
  try {
    const { rows } = await db.query<MirrorRow>(MIRROR_SQL);
    expect(mirrorDifferences(rows, server)).toEqual([]);
    const runs = await db.query<{ status: string }>('SELECT status FROM seren_auth.sync_runs ORDER BY id');
    // The killed run never finished; the one after it did.
    expect(runs.rows.at(-1)).toEqual({ status: 'ok' });
  } finally {
    await db.close();
  }
}, 300_000);
