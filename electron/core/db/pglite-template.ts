// A pre-initialised, migrated, empty PGlite data folder shipped with the package, so a first run
// unpacks it instead of running initdb: initdb peaks near 790 MB of RSS in the process that runs
// it and takes 5-10 s here. The template is PGlite's own dump (dumpDataDir: a tarball of the data
// folder), so unpacking it into the folder is what loadDataDir would do, without a PGlite
// instance: loading it that way left ~80 MB behind in the process.
// `npm run build` makes it (build-pglite-template.ts) next to the compiled code. Data folders are
// specific to a PGlite version, so the template records the version it was made with and is
// ignored by any other; migrations added since it was made are applied on open as usual.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract } from 'tar';
import { MIGRATIONS, type Migration } from './migrations.js';
import { PRIVATE_DIR_MODE, tightenTree } from '../private-files.js';

export interface TemplateManifest {
  pgliteVersion: string;
  /** Hash of the migrations applied in the template (to tell a stale build). */
  migrations: string;
}

/** Where `npm run build` puts the template: next to this module's compiled file. */
export const BUILT_TEMPLATE = fileURLToPath(new URL('./pglite-template.tar.gz', import.meta.url));

const manifestPath = (template: string) => template.replace(/\.tar\.gz$/, '.json');

/** The installed @electric-sql/pglite version (its package.json, found from its entry point). */
export function installedPgliteVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function migrationsHash(migrations: readonly Migration[] = MIGRATIONS): string {
  return createHash('sha256').update(JSON.stringify(migrations)).digest('hex').slice(0, 16);
}

async function readManifest(template: string): Promise<TemplateManifest | null> {
  try {
    return JSON.parse(await fs.readFile(manifestPath(template), 'utf8')) as TemplateManifest;
  } catch {
    return null;
  }
}

/** `template` if it exists and was made by the installed PGlite version, else null. */
export async function usableTemplate(template: string = BUILT_TEMPLATE): Promise<string | null> {
  const manifest = await readManifest(template);
  if (!manifest || manifest.pgliteVersion !== installedPgliteVersion() || !existsSync(template)) return null;
  return template;
}

/** True when `template` is usable and holds exactly these migrations (nothing to rebuild). */
export async function templateIsCurrent(template: string, migrations: readonly Migration[] = MIGRATIONS): Promise<boolean> {
  const manifest = await readManifest(template);
  return (await usableTemplate(template)) !== null && manifest?.migrations === migrationsHash(migrations);
}

export async function writeManifest(template: string, migrations: readonly Migration[]): Promise<void> {
  const manifest: TemplateManifest = { pgliteVersion: installedPgliteVersion(), migrations: migrationsHash(migrations) };
  await fs.writeFile(manifestPath(template), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Unpacks `template` into the new folder `dir`, private like every folder the app makes. */
export async function unpackTemplate(template: string, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // The dump names its entries from the root (/PG_VERSION): they land inside `dir`, with a notice
  // (TAR_ENTRY_INFO) for each. Anything else means the file is not the dump it should be.
  let problem: string | null = null;
  try {
    // Small reads: the default 16 MB buffers showed as memory the sync then started with.
    await extract({ file: template, cwd: dir, maxReadSize: 1 << 18, onwarn: (code, message) => {
      if (code !== 'TAR_ENTRY_INFO') problem ??= message;
    } });
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem !== null || !existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new Error(`The empty database shipped with the app (${template}) is damaged (${problem ?? 'no PG_VERSION'}): reinstall SerenDB Auth, or run npm run build in a checkout.`);
  }
  await tightenTree(dir);
}
