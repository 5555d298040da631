// `seren-auth serve`: the desktop app's window in a browser, for headless boxes, devcontainers
// and end-to-end tests. Same core, same renderer, carried over a loopback HTTP socket that
// only answers requests with this run's token.
import fs from 'node:fs';
import { defaultDataDir, rendererBuildDir } from '../app-paths.js';
import { AppCore } from '../app/app-core.js';
import { memoryOnlySecrets } from '../app/secret-store.js';
import { startApiServer } from '../api/http-server.js';
import { commandHelp, parseCommand, stringOption, type CommandSpec } from './command-spec.js';
import { DATABASE_ENV, DATABASE_OPTION, databaseTarget } from './database-option.js';
import { CliError, EXIT } from './errors.js';
import { listenForInterrupt } from './interrupt.js';
import { apiUrlsFromEnv, providerFromEnv } from '../providers/environment.js';
import { findProvider, providerKinds } from '../providers/registry.js';
import { providerEnvironment } from './provider-option.js';

export const SERVE_SPEC: CommandSpec = {
  name: 'serve',
  usage: 'seren-auth serve [--database <target>] [--port N] [--demo] [--demo-provider clerk|stack]',
  summary: 'Serve the SerenDB Auth app at http://127.0.0.1:<port> for a browser.',
  details:
    'It binds 127.0.0.1 only and prints a URL with a random token for this run after #: API requests without the token, ' +
    'or from another Host or Origin, are refused. With --database and a provider\'s credentials (or --demo) it skips onboarding and ' +
    'opens on the users table, syncing. A key pasted in the browser is kept in memory for this run only.',
  options: [
    { ...DATABASE_OPTION, default: 'chosen in the browser (embedded by default)' },
    { name: 'port', type: 'string', value: '<N>', default: '0 (any free port)', description: 'Port to listen on.' },
    { name: 'demo', type: 'boolean', description: 'Start with the built-in demo Clerk server and a demo posts table.' },
    { name: 'demo-provider', type: 'string', value: providerKinds().join('|'), default: 'clerk', description: 'Which demo server --demo starts.' },
  ],
  environment: [...providerEnvironment(), ...DATABASE_ENV],
};

export async function runServe(argv: string[]): Promise<number> {
  const { values, help } = parseCommand(SERVE_SPEC, argv);
  if (help) {
    process.stdout.write(commandHelp(SERVE_SPEC));
    return EXIT.ok;
  }
  const demoProvider = stringOption(values, 'demo-provider') ?? 'clerk';
  if (!findProvider(demoProvider)) throw new CliError(`--demo-provider must be ${providerKinds().join(' or ')}, not "${demoProvider}".`);
  const demoKind = (demo: unknown) => (demo === true ? demoProvider : undefined);
  const portText = stringOption(values, 'port') ?? '0';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a whole number from 0 to 65535, not "${portText}".`);
  const staticDir = rendererBuildDir();
  if (!fs.existsSync(staticDir)) throw new CliError(`The app is not built (${staticDir} is missing): run "npm run build" first.`);

  const database = stringOption(values, 'database');
  // Checked like every command's --database: a bad one is one sentence and exit 2.
  if (database !== undefined) databaseTarget(database);
  const core = await AppCore.start({
    dataDir: defaultDataDir(),
    settingsFileName: 'serve-settings.json',
    secrets: memoryOnlySecrets('In browser mode a pasted secret key is kept in memory for this run only: set the provider environment variables (see --help) to skip linking next time.'),
    initial: {
      database,
      provider: providerFromEnv(process.env),
      demo: demoKind(values.demo),
    },
    apiUrls: apiUrlsFromEnv(process.env),
  });
  let server;
  try {
    server = await startApiServer({
      api: core.api, subscribe: (l) => core.subscribe(l), port, staticDir, exports: core.exportDownloads,
    });
  } catch (error) {
    await core.close();
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CliError(`Port ${port} is already in use: pick another with --port.`);
    throw error;
  }
  const interrupt = listenForInterrupt(() => process.stderr.write('\nStopping…\n'));
  process.stdout.write(`SerenDB Auth is running at:\n  ${server.pageUrl}\nPress Ctrl+C to stop.\n`);
  await new Promise((resolve) => interrupt.signal.addEventListener('abort', resolve, { once: true }));
  await server.close();
  await core.close();
  interrupt.dispose();
  return EXIT.ok;
}
