// A PGlite worker that dies on its own (an abort inside PGlite) is replaced on the next call,
// with the committed data intact, so a long-running app or sync carries on.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type PgliteDatabase } from '../../electron/core/db/pglite-host.js';
import { makeTempDir } from '../support/temp.js';

/** The worker thread behind the database: reached through private fields, to kill it as a crash would. */
async function hostWorker(db: PgliteDatabase): Promise<import('node:worker_threads').Worker> {
  const connection = await (db as unknown as { connection: Promise<{ worker: import('node:worker_threads').Worker }> }).connection;
  return connection.worker;
}

describe('PGlite worker crash', () => {
  let db: PgliteDatabase;
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    tmp = await makeTempDir();
    db = await openPglite(path.join(tmp.dir, 'db'));
  });
  afterAll(async () => {
    await db?.close();
    await tmp?.remove();
  });

  it('is replaced on the next call, with committed rows and listeners intact', async () => {
    await db.query('CREATE TABLE kept (n int)');
    await db.query('INSERT INTO kept VALUES (1), (2)');
    const heard: string[] = [];
    await db.listen('after_crash', (p) => heard.push(p));
    const worker = await hostWorker(db);
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // terminate() from outside is what a crash looks like to the host: the thread is gone unasked.
    await worker.terminate();
    await exited;
    const [a, b] = await Promise.all([db.query('SELECT count(*)::int AS n FROM kept'), db.query('SELECT 1 AS one')]);
    expect(a.rows).toEqual([{ n: 2 }]);
    expect(b.rows).toEqual([{ one: 1 }]);
    expect(await hostWorker(db)).not.toBe(worker);
    await db.query("SELECT pg_notify('after_crash', 'still listening')");
    await expect.poll(() => heard).toEqual(['still listening']);
  });
});
