// `seren-auth`: the command-line entry. Routes to one module per command, and turns any
// failure into one sentence on stderr and an exit code (the stack only with --debug).
import { dataHomeProblem, defaultDatabaseDir } from '../app-paths.js';
import { DEMO_DEFAULT_PORT, runDemo } from './demo-command.js';
import { EXIT, EXIT_CODES_HELP, exitCodeFor, messageFor } from './errors.js';
import { redactStream } from '../redact.js';
import { runQuery } from './query-command.js';
import { runServe } from './serve-command.js';
import { runStatus } from './status-command.js';
import { runSync } from './sync-command.js';
import { appVersion } from './version.js';
import { providerEnvironment } from './provider-option.js';
import { PROVIDERS } from '../providers/registry.js';
import { tuneHeapForSync } from '../heap-tuning.js';

const PROVIDER_NAMES = PROVIDERS.map((p) => p.label).join(' or ');

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; summary: string }> = {
  sync: { run: (argv) => runSync(argv), summary: `Keep seren_auth.users_sync equal to your ${PROVIDER_NAMES} users (--once: one pass).` },
  query: { run: runQuery, summary: 'Run SQL against the database and print the results.' },
  status: { run: runStatus, summary: 'Show the mirrored instance, user counts, last sync and last error.' },
  demo: { run: runDemo, summary: `Start a local ${PROVIDER_NAMES}-compatible demo server (port ${DEMO_DEFAULT_PORT}).` },
  serve: { run: runServe, summary: 'Serve the SerenDB Auth app in a browser.' },
};

function topLevelHelp(): string {
  const names = Object.keys(COMMANDS);
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    'Usage: seren-auth <command> [options]',
    '',
    `Keeps seren_auth.users_sync in your Postgres (or an embedded database folder) equal to your ${PROVIDER_NAMES} users.`,
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${COMMANDS[n].summary}`),
    '',
    'Run "seren-auth <command> --help" for its options and defaults.',
    '"seren-auth --version" (or -v) prints the version.',
    '',
    'Environment:',
    ...environmentRows([...providerEnvironment(), ['SEREN_AUTH_HOME', `The app's data folder; the default database is ${defaultDatabaseDir()}`]]),
    '',
    EXIT_CODES_HELP,
    '',
  ].join('\n');
}

function environmentRows(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([name]) => name.length)) + 2;
  return rows.map(([name, text]) => `  ${name.padEnd(width)}${text}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(topLevelHelp());
    return command === undefined ? EXIT.usage : EXIT.ok;
  }
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`seren-auth ${appVersion()}\n`);
    return EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) {
    process.stderr.write(`Unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run "seren-auth --help".\n`);
    return EXIT.usage;
  }
  const homeProblem = dataHomeProblem();
  if (homeProblem) {
    process.stderr.write(`${homeProblem}\n`);
    return EXIT.usage;
  }
  return entry.run(rest);
}

// Whatever any command prints passes the one redaction step: no configured secret is ever shown.
redactStream(process.stdout);
redactStream(process.stderr);

tuneHeapForSync();
const argv = process.argv.slice(2);
let code: number;
try {
  code = await main(argv);
} catch (error) {
  process.stderr.write(`${messageFor(error)}\n`);
  if (argv.includes('--debug') && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  code = exitCodeFor(error);
}
// Exit explicitly (a half-closed pool or worker must not keep a finished command alive), but
// only once piped output is flushed: pipes are asynchronous on macOS.
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
process.exit(code);
