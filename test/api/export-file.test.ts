// The desktop app's export: the file the save dialog picked gets every row; a cancelled dialog
// writes nothing, and a cancelled export leaves no partial file.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { exportToFile, streamSink } from '../../electron/core/api/export-file.js';
import { memoryHistory, SqlConsole } from '../../electron/core/api/sql-console.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import { testTargets } from '../support/targets.js';
import { makeTempDir } from '../support/temp.js';

describe('export to a file (desktop app)', () => {
  let db: OpenedDatabase;
  let cleanup: () => Promise<void>;
  let sql: SqlConsole;
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;

  beforeAll(async () => {
    ({ db, cleanup } = await testTargets[0].open());
    sql = new SqlConsole(db, () => ({ safeMode: false, maxResultRows: 10 }), memoryHistory());
    tmp = await makeTempDir();
  });
  afterAll(async () => {
    await sql?.close();
    await cleanup?.();
    await tmp?.remove();
  });

  it('writes every row to the chosen file, reporting progress, readable only by its owner', async () => {
    const file = path.join(tmp.dir, 'out.json');
    const progress: [number, boolean][] = [];
    const result = await exportToFile(sql, { sql: 'select g from generate_series(1, 5000) g', queryId: 'f1', format: 'json' }, async () => file, (rows, done) => progress.push([rows, done]));
    expect(result).toEqual({ rows: 5000, cancelled: false, file });
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toHaveLength(5000);
    expect(progress.at(-1)).toEqual([5000, true]);
    expect((await fs.stat(file)).mode & 0o077).toBe(0);
  });

  it('writes nothing when the dialog is cancelled, and removes the file of a cancelled export', async () => {
    expect(await exportToFile(sql, { sql: 'select 1', queryId: 'f2', format: 'csv' }, async () => null, () => {})).toEqual({ rows: 0, cancelled: true, file: null });
    const file = path.join(tmp.dir, 'cancelled.csv');
    const result = await exportToFile(sql, { sql: 'select generate_series(1, 1000000)', queryId: 'f3', format: 'csv' }, async () => file, (rows) => {
      if (rows > 0) void sql.cancel('f3');
    });
    expect(result.cancelled).toBe(true);
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('fails with the file error, and writes nothing, when the chosen file cannot be created', async () => {
    const file = path.join(tmp.dir, 'no-such-folder', 'out.csv');
    const progress: [number, boolean][] = [];
    await expect(
      exportToFile(sql, { sql: 'select g from generate_series(1, 5000) g', queryId: 'f4', format: 'csv' }, async () => file, (rows, done) => progress.push([rows, done])),
    ).rejects.toMatchObject({ code: 'ENOENT' });
    expect(progress.at(-1)?.[1]).toBe(true);
    await expect(fs.stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('stops waiting for a full stream that is destroyed (a browser that went away never drains)', async () => {
    // Takes the first chunk and never finishes it: the buffer stays full, no 'drain' ever comes.
    const stream = new Writable({ highWaterMark: 1, write: () => {} });
    const sink = streamSink(stream);
    const waiting = sink.write('a full buffer');
    stream.destroy();
    await waiting;
    await sink.write('written after the stream went away');
    expect(stream.destroyed).toBe(true);
  });
});
