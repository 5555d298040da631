// The embedded database is one session shared by the SQL console and the sync. A long console
// query makes the sync's queries wait (and the database says so); cancelling it stops only the
// console query: what waited behind it runs afterwards, and a query ahead of it is not disturbed.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../electron/core/db/database.js';
import { openPglite, type PgliteDatabase } from '../../electron/core/db/pglite-host.js';
import { makeTempDir } from '../support/temp.js';
import { waitFor } from '../support/wait.js';

describe('PGlite console queries and the other queries', () => {
  let db: PgliteDatabase;
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  const waits: (string | null)[] = [];
  beforeAll(async () => {
    tmp = await makeTempDir();
    db = await openPglite(path.join(tmp.dir, 'db'));
    db.onWait!((reason) => waits.push(reason));
    await db.query('CREATE TABLE marks (n int)');
  });
  afterAll(async () => {
    await db?.close();
    await tmp?.remove();
  });

  it('says while queries wait behind a console query; a cancel stops only that query', async () => {
    const session = await db.openConsoleSession();
    const sleeping = session.query('SELECT pg_sleep(60)').catch((e: unknown) => e);
    const waiting = db.transaction([{ sql: 'INSERT INTO marks VALUES (1)' }, { sql: 'SELECT count(*)::int AS n FROM marks' }]);
    await waitFor(() => waits.includes('a console query is running'), 'the wait to be reported');
    await session.cancel();
    const outcome = await sleeping;
    expect(outcome).toBeInstanceOf(DatabaseError);
    expect(outcome).toMatchObject({ code: '57014' });
    // The transaction that waited ran once, after the cancel, on the restarted database.
    expect((await waiting)[1].rows).toEqual([{ n: 1 }]);
    await waitFor(() => waits.at(-1) === null, 'the wait to be over');
    expect((await db.query('SELECT count(*)::int AS n FROM marks')).rows).toEqual([{ n: 1 }]);
  });

  it('a console query cancelled while it waits never runs, and the query ahead of it finishes', async () => {
    const session = await db.openConsoleSession();
    const ahead = db.query('SELECT pg_sleep(1.5), 7 AS seven');
    const queued = session.query('INSERT INTO marks VALUES (2)').catch((e: unknown) => e);
    // One turn of the event loop: both requests are posted to the worker, the sleep runs first.
    await new Promise(setImmediate);
    await session.cancel();
    expect(await queued).toMatchObject({ code: '57014' });
    expect((await ahead).rows).toEqual([{ pg_sleep: '', seven: 7 }]);
    expect((await db.query('SELECT count(*)::int AS n FROM marks WHERE n = 2')).rows).toEqual([{ n: 0 }]);
    expect((await session.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
