// `seren-auth query "<sql>"`: run SQL and print every statement's result (or --json rows).
import { commandHelp, parseCommand, stringOption, type CommandSpec } from './command-spec.js';
import { DATABASE_ENV, DATABASE_OPTION, databaseTarget } from './database-option.js';
import { CliError, EXIT } from './errors.js';
import { formatRunResultText, formatSqlError, lastRowsAsObjects } from './sql-output.js';
import { openSqlRunner } from './sql-runner.js';

export const QUERY_SPEC: CommandSpec = {
  name: 'query',
  usage: 'seren-auth query "<sql>" [--database <target>] [--json]',
  summary: 'Run SQL against the database and print the results (several statements: each result in turn).',
  details: [
    'If a running seren-auth holds the embedded database folder, the SQL runs through that process.',
    'An SQL error prints Postgres\'s message, detail, hint and position and exits 1.',
  ].join('\n'),
  positionals: 1,
  options: [
    DATABASE_OPTION,
    { name: 'json', type: 'boolean', description: "Print the last statement's rows as a JSON array of objects (timestamps ISO 8601)." },
  ],
  environment: DATABASE_ENV,
};

export async function runQuery(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(QUERY_SPEC, argv);
  if (help) {
    process.stdout.write(commandHelp(QUERY_SPEC));
    return EXIT.ok;
  }
  const sql = positionals[0];
  if (!sql.trim()) throw new CliError('The SQL is empty. Usage: seren-auth query "select count(*) from seren_auth.users_sync"');
  const runner = await openSqlRunner(databaseTarget(stringOption(values, 'database')));
  try {
    const result = await runner.run(sql);
    if (values.json === true) {
      if (!result.error) process.stdout.write(`${JSON.stringify(lastRowsAsObjects(result), null, 2)}\n`);
    } else if (result.results.length > 0) {
      process.stdout.write(`${formatRunResultText(result)}\n`);
    }
    if (result.error) {
      process.stderr.write(`${formatSqlError(result.error, sql)}\n`);
      return EXIT.failure;
    }
    if (result.cancelled) {
      process.stderr.write('The query was cancelled.\n');
      return EXIT.failure;
    }
    return EXIT.ok;
  } finally {
    await runner.close();
  }
}
