// The app's data folder, the embedded database folder and every file in them are the current
// user's alone (0700 / 0600), when created and when an older, looser folder is opened again.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsFile } from '../../electron/core/app/settings-file.js';
import { openPglite } from '../../electron/core/db/pglite-host.js';
import { makeTempDir } from '../support/temp.js';

/** Every folder and file under root whose mode lets group or others in: "0755 dir path". */
function shared(root: string): string[] {
  const found: string[] = [];
  const walk = (p: string) => {
    const stat = fs.lstatSync(p);
    if ((stat.mode & 0o077) !== 0) found.push(`${(stat.mode & 0o777).toString(8)} ${stat.isDirectory() ? 'dir' : 'file'} ${path.relative(root, p) || '.'}`);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
  };
  walk(root);
  return found;
}

function loosen(root: string): void {
  const walk = (p: string) => {
    const stat = fs.lstatSync(p);
    fs.chmodSync(p, stat.isDirectory() ? 0o755 : 0o666);
    if (stat.isDirectory()) for (const entry of fs.readdirSync(p)) walk(path.join(p, entry));
  };
  walk(root);
}

describe.skipIf(process.platform === 'win32')('file modes', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let previousUmask: number;
  beforeEach(async () => {
    // The usual desktop umask: without the app's care, files would be 0644/0666 and folders 0755.
    previousUmask = process.umask(0o022);
    tmp = await makeTempDir();
  });
  afterEach(async () => {
    process.umask(previousUmask);
    await tmp.remove();
  });

  // Creating a PGlite cluster takes a while on a loaded machine.
  it('creates the data folder, the database folder and every file PGlite writes private', { timeout: 180_000 }, async () => {
    const dataDir = path.join(tmp.dir, 'home', 'serendb-auth');
    const settings = await SettingsFile.load(dataDir);
    await settings.update({ settings: { deletionMode: 'soft', safeMode: null, maxResultRows: 1000 } });
    const db = await openPglite(path.join(dataDir, 'db'));
    try {
      await db.query('create table emails (address text)');
      await db.query("insert into emails values ('ada@example.com')");
      const files = fs.readdirSync(path.join(dataDir, 'db'), { recursive: true }) as string[];
      expect(files).toContain(path.join('pg_wal'));
      expect(files.length).toBeGreaterThan(500);
      expect(shared(path.join(tmp.dir, 'home'))).toEqual([]);
    } finally {
      await db.close();
    }
    expect(shared(path.join(tmp.dir, 'home'))).toEqual([]);
  });

  it('tightens an existing data folder and database folder when they are opened', { timeout: 180_000 }, async () => {
    const dataDir = path.join(tmp.dir, 'serendb-auth');
    const first = await openPglite(path.join(dataDir, 'db'));
    await first.close();
    fs.writeFileSync(path.join(dataDir, 'settings.json'), '{}', { mode: 0o666 });
    loosen(dataDir);
    expect(shared(dataDir).length).toBeGreaterThan(500);

    await SettingsFile.load(dataDir);
    const db = await openPglite(path.join(dataDir, 'db'));
    try {
      expect(shared(dataDir)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
