// `seren-auth demo`: a local provider-compatible server (Clerk or Stack Auth) to try the sync
// without an account.
import type { RunningDemo } from '../providers/definition.js';
import { findProvider, PROVIDERS, providerKinds } from '../providers/registry.js';
import { commandHelp, parseCommand, stringOption, type CommandSpec } from './command-spec.js';
import { CliError, EXIT } from './errors.js';
import { formatCount } from './format.js';
import { listenForInterrupt } from './interrupt.js';

export const DEMO_DEFAULT_PORT = 4010;

export const DEMO_SPEC: CommandSpec = {
  name: 'demo',
  usage: `seren-auth demo [--provider ${providerKinds().join('|')}] [--port N] [--users N] [--churn R] [--seed N]`,
  summary: `Start a local ${PROVIDERS.map((p) => p.label).join(' or ')}-compatible server with generated users, and print the commands to sync it.`,
  details: 'It listens on 127.0.0.1 only and accepts public demo credentials (it prints them). Stop it with Ctrl+C.',
  options: [
    { name: 'provider', type: 'string', value: providerKinds().join('|'), default: 'clerk', description: 'Which provider the server imitates.' },
    { name: 'port', type: 'string', value: '<N>', default: String(DEMO_DEFAULT_PORT), description: 'Port to listen on (0 = any free port).' },
    { name: 'users', type: 'string', value: '<N>', default: '1000', description: 'Users generated at start.' },
    { name: 'churn', type: 'string', value: '<R>', default: '0.5', description: 'Users created, updated or deleted per second in the background (0 = none).' },
    { name: 'seed', type: 'string', value: '<N>', default: '1', description: 'Seed for the generated users (same seed, same users).' },
  ],
};

export async function runDemo(argv: string[]): Promise<number> {
  const { values, help } = parseCommand(DEMO_SPEC, argv);
  if (help) {
    process.stdout.write(commandHelp(DEMO_SPEC));
    return EXIT.ok;
  }
  const port = integerOption(values, 'port', DEMO_DEFAULT_PORT, 0, 65535);
  const users = integerOption(values, 'users', 1000, 0, 10_000_000);
  const seed = integerOption(values, 'seed', 1, 0, 2 ** 31);
  const churn = Number(stringOption(values, 'churn') ?? '0.5');
  if (!(churn >= 0 && churn <= 10_000)) throw new CliError('--churn must be a number of changes per second, 0 or more.');

  const kind = stringOption(values, 'provider') ?? 'clerk';
  const definition = findProvider(kind);
  if (!definition) throw new CliError(`--provider must be ${providerKinds().join(' or ')}, not "${kind}".`);
  let server: RunningDemo;
  try {
    server = await definition.startDemo({ port, users, churnPerSecond: churn, seed });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new CliError(`Port ${port} is already in use. Pick another with --port (0 = any free port).`);
    }
    throw error;
  }
  const interrupt = listenForInterrupt(() => {});
  process.stdout.write(
    [
      `Demo ${server.description} with ${formatCount(users)} users at ${server.url}` +
        (churn > 0 ? `, changing ${churn} users per second.` : '.'),
      'Run next, in another terminal:',
      `  ${syncEnvironment(server)} npx seren-auth sync${kind === PROVIDERS[0].kind ? '' : ` --provider ${kind}`}`,
      `  npx seren-auth query "select id, name, email, updated_at from seren_auth.users_sync order by updated_at desc limit 10"`,
      'Press Ctrl+C to stop the demo server.',
      '',
    ].join('\n'),
  );
  await new Promise((resolve) => interrupt.signal.addEventListener('abort', resolve, { once: true }));
  interrupt.dispose();
  await server.close();
  process.stderr.write('Demo server stopped.\n');
  return EXIT.ok;
}

/** The environment `sync` needs for this demo: its credentials and URL. */
function syncEnvironment(server: RunningDemo): string {
  const definition = findProvider(server.config.kind)!;
  const vars = definition.fields.map((f) => `${f.env[0]}=${server.config.fields[f.name]}`);
  return [...vars, `${definition.apiUrlEnv[0]}=${server.url}`].join(' ');
}

function integerOption(values: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const text = typeof values[name] === 'string' ? (values[name] as string) : String(fallback);
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`--${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return n;
}
