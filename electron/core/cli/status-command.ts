// `seren-auth status`: the instance, user counts, last sync and last error of a database.
import { commandHelp, parseCommand, stringOption, type CommandSpec } from './command-spec.js';
import { DATABASE_ENV, DATABASE_OPTION, databaseTarget } from './database-option.js';
import { EXIT } from './errors.js';
import { openSqlRunner } from './sql-runner.js';
import { formatStatus, readStatus } from './status-report.js';

export const STATUS_SPEC: CommandSpec = {
  name: 'status',
  usage: 'seren-auth status [--database <target>] [--json]',
  summary: 'Show which Clerk instance the database mirrors, its user counts, the last sync and the last error.',
  details: 'If a running seren-auth holds the embedded database folder, it answers (with its live sync state).',
  options: [DATABASE_OPTION, { name: 'json', type: 'boolean', description: 'Print the status as JSON.' }],
  environment: DATABASE_ENV,
};

export async function runStatus(argv: string[]): Promise<number> {
  const { values, help } = parseCommand(STATUS_SPEC, argv);
  if (help) {
    process.stdout.write(commandHelp(STATUS_SPEC));
    return EXIT.ok;
  }
  const target = databaseTarget(stringOption(values, 'database'));
  const runner = await openSqlRunner(target, 'status');
  try {
    const live = runner.control ? await runner.control.call('getStatus', {}) : null;
    const report = await readStatus(runner, { database: target.label, pid: runner.control?.pid ?? null, live });
    process.stdout.write(values.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report));
    return EXIT.ok;
  } finally {
    await runner.close();
  }
}
