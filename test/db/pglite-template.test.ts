// A fresh PGlite folder made from the pre-initialised template (no initdb in the process), and
// what happens around it: later migrations, a template of another PGlite version, a first run
// killed halfway, a folder that is not a database.
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPgliteTemplate } from '../../electron/core/db/build-pglite-template.js';
import { MIGRATIONS } from '../../electron/core/db/migrations.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { templateIsCurrent, usableTemplate } from '../../electron/core/db/pglite-template.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { expectUsersSyncContract } from '../support/contract.js';
import { makeTempDir } from '../support/temp.js';

// Each test opens (and some reopen) PGlite folders: slow on a shared 2-core machine.
describe('a first run from the PGlite template', { timeout: 180_000 }, () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let current: string;
  let older: string;
  beforeAll(async () => {
    tmp = await makeTempDir();
    current = path.join(tmp.dir, 'current.tar.gz');
    older = path.join(tmp.dir, 'older.tar.gz');
    await buildPgliteTemplate(current);
    // A template made before any migration existed stands in for one older than the code.
    await buildPgliteTemplate(older, []);
  }, 300_000); // two initdb runs on a shared 2-core machine
  afterAll(async () => tmp?.remove());

  const appliedAt = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
    (await db.query<{ version: number; applied_at: Date }>('SELECT version, applied_at FROM seren_auth.schema_migrations ORDER BY version')).rows;

  it('creates a working, migrated folder with the contract, without running the migrations again', async () => {
    expect(await templateIsCurrent(current)).toBe(true);
    const dir = path.join(tmp.dir, 'fresh', 'db');
    const openedAt = new Date();
    const db = await openDatabase(parseTarget(dir, dir), { template: current });
    try {
      await expectUsersSyncContract(db);
      const applied = await appliedAt(db);
      expect(applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
      // Applied when the template was built, not now: this folder was loaded, not initialised.
      for (const m of applied) expect(m.applied_at.getTime()).toBeLessThan(openedAt.getTime());
      await db.query(`INSERT INTO seren_auth.users_sync (id, raw_json) VALUES ('user_1', '{"id":"user_1"}')`);
    } finally {
      await db.close();
    }
    expect(existsSync(`${dir}.creating`)).toBe(false);
    const reopened = await openDatabase(parseTarget(dir, dir), { template: current });
    try {
      expect((await reopened.query('SELECT id FROM seren_auth.users_sync')).rows).toEqual([{ id: 'user_1' }]);
    } finally {
      await reopened.close();
    }
  });

  it('applies the migrations added since an older template was made', async () => {
    expect(await templateIsCurrent(older)).toBe(false);
    const dir = path.join(tmp.dir, 'from-older');
    const openedAt = new Date();
    const db = await openDatabase(parseTarget(dir, dir), { template: older });
    try {
      await expectUsersSyncContract(db);
      const applied = await appliedAt(db);
      expect(applied.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));
      for (const m of applied) expect(m.applied_at.getTime()).toBeGreaterThanOrEqual(openedAt.getTime() - 1000);
    } finally {
      await db.close();
    }
  });

  it('ignores a template made by another PGlite version', async () => {
    const other = path.join(tmp.dir, 'other.tar.gz');
    await fs.copyFile(current, other);
    const manifest = JSON.parse(await fs.readFile(current.replace(/\.tar\.gz$/, '.json'), 'utf8'));
    await fs.writeFile(other.replace(/\.tar\.gz$/, '.json'), JSON.stringify({ ...manifest, pgliteVersion: '0.0.1' }));
    expect(await usableTemplate(other)).toBeNull();
    expect(await usableTemplate(current)).toBe(current);
    expect(await usableTemplate(path.join(tmp.dir, 'missing.tar.gz'))).toBeNull();
  });

  it('recovers from a first run killed halfway (a partial folder beside the target)', async () => {
    const dir = path.join(tmp.dir, 'killed');
    await fs.mkdir(`${dir}.creating/base`, { recursive: true });
    await fs.writeFile(`${dir}.creating/PG_VERSION`, '18\n');
    const db = await openDatabase(parseTarget(dir, dir), { template: current });
    try {
      await expectUsersSyncContract(db);
    } finally {
      await db.close();
    }
    expect(existsSync(`${dir}.creating`)).toBe(false);
  });

  it('says the shipped template is damaged, in one sentence, and makes no folder from it', async () => {
    const damaged = path.join(tmp.dir, 'damaged.tar.gz');
    await fs.writeFile(damaged, 'not a tarball');
    await fs.copyFile(current.replace(/\.tar\.gz$/, '.json'), damaged.replace(/\.tar\.gz$/, '.json'));
    const dir = path.join(tmp.dir, 'from-damaged');
    await expect(openDatabase(parseTarget(dir, dir), { template: damaged })).rejects.toThrow(/damaged.*reinstall SerenDB Auth/);
    expect(existsSync(dir)).toBe(false);
  });

  it('makes the unpacked folder private', async () => {
    const dir = path.join(tmp.dir, 'private', 'db');
    const db = await openDatabase(parseTarget(dir, dir), { template: current });
    await db.close();
    for (const entry of [dir, path.join(dir, 'base'), path.join(dir, 'PG_VERSION')]) {
      expect((await fs.stat(entry)).mode & 0o077).toBe(0);
    }
  });

  it('refuses to create a database in a folder that holds other files', async () => {
    const dir = path.join(tmp.dir, 'documents');
    await fs.mkdir(dir);
    await fs.writeFile(path.join(dir, 'notes.txt'), 'mine');
    await expect(openDatabase(parseTarget(dir, dir), { template: current })).rejects.toThrow(/not empty and holds no/);
    expect(await fs.readdir(dir)).toEqual(['notes.txt']);
  });
});
