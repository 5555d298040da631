// The --database option every command shares: a postgres:// URL, or a folder for the embedded
// PGlite; without it, the app's own data folder (so the CLI and the desktop app see one database).
import fs from 'node:fs';
import { defaultDatabaseDir } from '../app-paths.js';
import { parseTarget, type DatabaseTarget } from '../db/target.js';
import { CliError } from './errors.js';
import type { OptionSpec } from './command-spec.js';

export const DATABASE_OPTION: OptionSpec = {
  name: 'database',
  type: 'string',
  value: '<target>',
  default: "the app's data folder",
  description: 'A postgres:// or postgresql:// URL, or a folder for the embedded database (PGlite).',
};

export const DATABASE_ENV: [string, string][] = [
  ['SEREN_AUTH_HOME', `The app's data folder; the default database is its db folder (now ${defaultDatabaseDir()}).`],
];

export function databaseTarget(option: string | undefined): DatabaseTarget {
  return parseTarget(option, defaultDatabaseDir());
}

/** Reading commands must not create an empty database where the user made a typo. */
export function requireExistingFolder(target: DatabaseTarget): void {
  if (target.kind === 'pglite' && !fs.existsSync(target.dir)) {
    throw new CliError(`There is no database in ${target.dir}. Run "seren-auth sync" first, or pass --database.`);
  }
}
