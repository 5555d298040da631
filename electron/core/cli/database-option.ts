// The --database option every command shares: a postgres:// URL, or a folder for the embedded
// PGlite; without it, the app's own data folder (so the CLI and the desktop app see one database).
import { defaultDatabaseDir } from '../app-paths.js';
import { parseTarget, type DatabaseTarget } from '../db/target.js';
import { databaseFolderProblem, holdsDatabase } from '../db/database-folder.js';
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

/** The target --database names; a folder is checked now, so each mistake is one sentence and exit 2. */
export function databaseTarget(option: string | undefined): DatabaseTarget {
  if (option !== undefined && option.trim() === '') {
    // Likely an unset variable ("--database $DB"): never fall back to the app's own database.
    throw new CliError("--database is empty: give a postgres:// URL or a folder, or leave --database out for the app's own database.");
  }
  const target = parseTarget(option, defaultDatabaseDir());
  if (target.kind === 'pglite') {
    // A folder that does not exist yet is checked when it is created (sync) or reported missing (query, status).
    const problem = databaseFolderProblem(target.dir, { create: false });
    if (problem) throw new CliError(problem);
  }
  return target;
}

/** Reading commands must not create an empty database where the user made a typo. */
export function requireExistingFolder(target: DatabaseTarget): void {
  if (target.kind === 'pglite' && !holdsDatabase(target.dir)) {
    throw new CliError(`There is no database in ${target.dir}. Run "seren-auth sync" first, or pass --database.`);
  }
}
