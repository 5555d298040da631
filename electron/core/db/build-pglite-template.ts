// Makes the PGlite data-folder template (see pglite-template.ts): a fresh folder created by
// initdb, migrated, and dumped as a gzipped tarball. `npm run build` runs this file, in its own
// short-lived process, so initdb's memory peak is paid once at build time and never by a user:
//   node dist/electron/core/db/build-pglite-template.js [out.tar.gz]
// It does nothing when the template is already current (same PGlite version, same migrations).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, MIGRATIONS, type Migration } from './migrations.js';
import { openPglite } from './pglite-host.js';
import { BUILT_TEMPLATE, templateIsCurrent, writeManifest } from './pglite-template.js';

export async function buildPgliteTemplate(out: string, migrations: readonly Migration[] = MIGRATIONS): Promise<void> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'seren-auth-template-'));
  try {
    const db = await openPglite(path.join(tmp, 'db'), { template: null });
    try {
      await migrate(db, migrations);
      // Checkpointed and vacuumed: the tarball holds no WAL to replay and no dead rows.
      await db.query('VACUUM');
      await db.query('CHECKPOINT');
      await db.dumpDataDir(path.join(tmp, 'template.tar.gz'));
    } finally {
      await db.close();
    }
    await fs.mkdir(path.dirname(out), { recursive: true });
    await fs.rename(path.join(tmp, 'template.tar.gz'), out).catch(() => fs.copyFile(path.join(tmp, 'template.tar.gz'), out));
    await writeManifest(out, migrations);
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? BUILT_TEMPLATE);
  if (await templateIsCurrent(out)) {
    console.log(`PGlite template is current: ${out}`);
  } else {
    const started = Date.now();
    await buildPgliteTemplate(out);
    console.log(`PGlite template written in ${((Date.now() - started) / 1000).toFixed(1)} s: ${out}`);
  }
}
