// `seren-auth sync`: its options, their defaults and validation.
import type { DeletionMode } from '../../../shared/types.js';
import type { DatabaseTarget } from '../db/target.js';
import type { ProviderConfig, ProviderDefinition } from '../providers/definition.js';
import { commandHelp, parseCommand, stringOption, type CommandSpec } from './command-spec.js';
import { DATABASE_ENV, DATABASE_OPTION, databaseTarget } from './database-option.js';
import { CliError } from './errors.js';
import { parseDuration } from './format.js';
import { chooseProvider, PROVIDER_OPTION, providerConfig, providerEnvironment } from './provider-option.js';

export const SYNC_SPEC: CommandSpec = {
  name: 'sync',
  usage: 'seren-auth sync [options]',
  summary: 'Keep seren_auth.users_sync in the database equal to the users of your Clerk instance or Stack Auth project.',
  details: [
    'Without --once it keeps watching until Ctrl+C (or SIGTERM), then finishes or rolls back the batch in',
    'flight and exits 0. The credentials are checked before the database is touched. A database mirrors one',
    'provider instance: syncing another one into it is refused (exit 2) unless --reset.',
    'On an embedded database folder, `seren-auth query` and `seren-auth status` on the same folder run',
    'through this process while it runs.',
  ].join('\n'),
  options: [
    PROVIDER_OPTION,
    DATABASE_OPTION,
    { name: 'once', type: 'boolean', description: 'Sync once (backfill or catch up, then check deletions), print a summary and exit.' },
    { name: 'deletion', type: 'string', value: 'soft|hard', default: 'soft', description: 'soft sets deleted_at on users deleted at the provider; hard removes their rows.' },
    { name: 'allow-mass-delete', type: 'boolean', description: 'Apply a reconciliation even if it would delete more than half of the users.' },
    { name: 'reset', type: 'boolean', description: 'Re-bind a database that mirrors another provider or instance (its users are marked deleted first).' },
    { name: 'rate-share', type: 'string', value: '<0..1>', default: '0.5', description: "Share of the provider's rate limit the sync may use." },
    { name: 'rate-limit', type: 'string', value: '<N>', default: '50', description: 'Stack Auth only (it publishes no limit): requests per 10 s the project allows.' },
    { name: 'poll-interval', type: 'string', value: '<duration>', default: '2s', description: 'How often to poll for changes (e.g. 500ms, 2s, 1m).' },
    { name: 'reconcile-interval', type: 'string', value: '<duration>', default: '15m', description: 'Clerk: how often to walk every user id to find deletions.' },
    { name: 'scan-interval', type: 'string', value: '<duration>', default: '1m', description: 'Stack Auth: least time between full scans (they find updates and deletions; the rate budget may space them more).' },
    { name: 'timeout', type: 'string', value: '<duration>', default: '30s', description: 'Abort one provider request attempt after this long (it is retried).' },
    {
      name: 'retry-window', type: 'string', value: '<duration>', default: '2m',
      description: 'Stop retrying a provider request after this long: --once then exits 1 naming the host; watching tries again later.',
    },
    {
      name: 'listen', type: 'string', value: '127.0.0.1:<port>',
      description: 'Embedded database only: also serve it to psql and other Postgres clients on this loopback port ' +
        '(one client at a time, no TLS, any password accepted, loopback addresses only; port 0 = any free port).',
    },
  ],
  environment: [...providerEnvironment(), ...DATABASE_ENV],
};

export interface SyncOptions {
  once: boolean;
  target: DatabaseTarget;
  deletionMode: DeletionMode;
  allowMassDelete: boolean;
  reset: boolean;
  rateShare: number;
  pollIntervalMs: number;
  reconcileIntervalMs: number;
  minScanIntervalMs: number;
  requestsPerWindow: number;
  timeoutMs: number;
  retryWindowMs: number;
  listen: { host: string; port: number } | null;
  definition: ProviderDefinition;
  provider: ProviderConfig;
  debug: boolean;
}

export function syncHelp(): string {
  return commandHelp(SYNC_SPEC);
}

/** Parsed and checked options, or 'help'. Throws CliError (exit 2) on bad usage. */
export function parseSyncOptions(argv: string[], env: NodeJS.ProcessEnv): SyncOptions | 'help' {
  const { values, help } = parseCommand(SYNC_SPEC, argv);
  if (help) return 'help';
  const target = databaseTarget(stringOption(values, 'database'));
  const deletion = stringOption(values, 'deletion') ?? 'soft';
  if (deletion !== 'soft' && deletion !== 'hard') throw new CliError(`--deletion must be soft or hard, not "${deletion}".`);
  const rateShare = Number(stringOption(values, 'rate-share') ?? '0.5');
  if (!(rateShare > 0 && rateShare <= 1)) throw new CliError('--rate-share must be a number above 0 and at most 1 (e.g. 0.5).');
  const listenText = stringOption(values, 'listen');
  if (listenText !== undefined && target.kind !== 'pglite') {
    throw new CliError('--listen serves the embedded database only; a postgres:// database already has its own port.');
  }
  const definition = chooseProvider(stringOption(values, 'provider'), env);
  const provider = providerConfig(definition, env);
  const requestsPerWindow = Number(stringOption(values, 'rate-limit') ?? '50');
  if (!(Number.isInteger(requestsPerWindow) && requestsPerWindow >= 1)) throw new CliError('--rate-limit must be a whole number of requests, 1 or more.');
  return {
    once: values.once === true,
    target,
    deletionMode: deletion,
    allowMassDelete: values['allow-mass-delete'] === true,
    reset: values.reset === true,
    rateShare,
    pollIntervalMs: durationOption(values, 'poll-interval', '2s'),
    reconcileIntervalMs: durationOption(values, 'reconcile-interval', '15m'),
    minScanIntervalMs: durationOption(values, 'scan-interval', '1m'),
    requestsPerWindow,
    timeoutMs: durationOption(values, 'timeout', '30s'),
    retryWindowMs: durationOption(values, 'retry-window', '2m'),
    listen: listenText === undefined ? null : parseListen(listenText),
    definition,
    provider,
    debug: values.debug === true,
  };
}

function durationOption(values: Record<string, unknown>, name: string, fallback: string): number {
  const text = typeof values[name] === 'string' ? (values[name] as string) : fallback;
  const ms = parseDuration(text);
  if (ms === null || ms <= 0) throw new CliError(`--${name} must be a duration such as 200ms, 2s or 15m, not "${text}".`);
  return ms;
}

/** "127.0.0.1:5433", "localhost:5433", "[::1]:5433" or just "5433"; loopback hosts only. */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : NaN;
  if (!match || port > 65535) throw new CliError(`--listen must look like 127.0.0.1:5433, not "${text}".`);
  const host = (match[1] ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  if (host === 'localhost') return { host: '127.0.0.1', port };
  if (/^127(\.\d{1,3}){3}$/.test(host) || host === '::1') return { host, port };
  throw new CliError(
    `--listen accepts loopback addresses only (127.0.0.1, ::1, localhost), not "${host}": the socket has no TLS and accepts any password.`,
  );
}
