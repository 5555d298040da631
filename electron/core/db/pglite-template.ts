// A pre-initialised, migrated, empty PGlite data folder shipped with the package, so a first run
// loads it (PGlite's loadDataDir) instead of running initdb: initdb peaks near 790 MB of RSS in
// the process that runs it and takes 5-10 s here; loading the template takes ~300 MB and 1-4 s.
// `npm run build` makes it (build-pglite-template.ts) next to the compiled code. Data folders are
// specific to a PGlite version, so the template records the version it was made with and is
// ignored by any other; migrations added since it was made are applied on open as usual.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS, type Migration } from './migrations.js';

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
