// `seren-auth sync`: check the credentials, open the database, then sync once or keep watching.
import type { OpenedDatabase } from '../db/open-database.js';
import { startControlServer } from '../api/control-server.js';
import { SyncEngine, type CycleSummary } from '../sync/engine.js';
import { openSyncDatabase } from './sync-database.js';
import { ProviderAuthError, ProviderRequestError, type ProviderInstance, type UserProvider } from '../providers/provider.js';
import { UsersStore } from '../sync/users-store.js';
import { CliError, EXIT, InterruptedError } from './errors.js';
import { formatCount, formatInterval } from './format.js';
import { listenForInterrupt } from './interrupt.js';
import { parseSyncOptions, syncHelp, type SyncOptions } from './sync-options.js';
import { quarantineLines, SyncReporter } from './sync-reporter.js';

/** After Ctrl+C the batch in flight gets this long to finish or roll back. */
const SHUTDOWN_GRACE_MS = 15_000;

export async function runSync(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = parseSyncOptions(argv, env);
  if (options === 'help') {
    process.stdout.write(syncHelp());
    return EXIT.ok;
  }
  const reporter = new SyncReporter(process.stderr, {
    tty: process.stderr.isTTY === true,
    showChanges: !options.once,
    watchingText: `Watching for changes (polling every ${formatInterval(options.pollIntervalMs)}). Press Ctrl+C to stop.`,
  });
  const interrupt = listenForInterrupt((sig) => {
    reporter.line(`${sig} received: stopping after the batch in flight (press Ctrl+C again to quit at once).`);
    setTimeout(() => {
      process.stderr.write(`Did not stop within ${SHUTDOWN_GRACE_MS / 1000} s; quitting.\n`);
      process.exit(EXIT.failure);
    }, SHUTDOWN_GRACE_MS).unref();
  });
  const { definition } = options;
  const provider = definition.create(options.provider, {
    rateShare: options.rateShare,
    timeoutMs: options.timeoutMs,
    retryWindowMs: options.retryWindowMs,
    requestsPerWindow: options.requestsPerWindow,
  });
  // Until the engine exists (checking the credentials), retries are reported directly.
  const stopReportingRetries = provider.onRetry((notice) => reporter.retry(notice.reason, new Date(notice.nextRetryAt).toISOString()));
  try {
    reporter.line(`Checking the ${definition.label} credentials ${definition.describeCredentials(options.provider.fields)} with ${options.provider.apiUrl}`);
    const instance = await checkCredentials(provider, options, interrupt.signal);
    stopReportingRetries();
    reporter.line(`${describeInstance(provider, instance)}`);
    const db = await openSyncDatabase(options, reporter, interrupt.signal);
    try {
      reporter.line(`Database: ${db.label}`);
      const engine = new SyncEngine({
        db,
        provider,
        deletionMode: options.deletionMode,
        allowMassDelete: options.allowMassDelete,
        reset: options.reset,
        pollIntervalMs: options.pollIntervalMs,
        reconcileIntervalMs: options.reconcileIntervalMs,
        minScanIntervalMs: options.minScanIntervalMs,
      });
      engine.on('status', (status) => reporter.status(status));
      engine.on('change', (change) => reporter.change(change));
      const store = new UsersStore(db);
      await engine.prepare(interrupt.signal);
      if (options.once) {
        const summary = await engine.syncOnce(interrupt.signal);
        reporter.finish();
        process.stdout.write(await summaryText(summary, engine, store));
        return EXIT.ok;
      }
      return await watch(engine, db, store, options, reporter, interrupt.signal);
    } finally {
      reporter.finish();
      await db.close();
    }
  } catch (error) {
    // Whatever the engine threw while being stopped, the user asked for it.
    if (interrupt.signal.aborted) throw new InterruptedError();
    throw error;
  } finally {
    interrupt.dispose();
  }
}

/** "Clerk instance ins_… (development)", "Stack Auth project "My App" (9f…)". */
export function describeInstance(provider: UserProvider, instance: ProviderInstance): string {
  const name = instance.label === instance.id ? instance.id : `"${instance.label}" (${instance.id})`;
  return `${provider.label} ${provider.instanceNoun} ${name}${instance.environment ? ` (${instance.environment})` : ''}`;
}

/** The credentials first: bad ones must end the run before any database is created or touched. */
async function checkCredentials(provider: UserProvider, options: SyncOptions, signal: AbortSignal): Promise<ProviderInstance> {
  const { definition } = options;
  const what = `${definition.describeCredentials(options.provider.fields)} (${definition.fields.map((f) => f.env[0]).join(', ')})`;
  try {
    return await provider.describeInstance(signal);
  } catch (error) {
    if (error instanceof ProviderAuthError) throw new CliError(`${error.message} Credentials: ${what}.`, EXIT.usage);
    if (error instanceof ProviderRequestError) {
      // A non-retryable answer (e.g. 404) means the URL or key is wrong; a retryable one, that the provider stayed unreachable.
      const code = error.retryable ? EXIT.failure : EXIT.usage;
      throw new CliError(
        `Could not check the credentials ${what} with ${options.provider.apiUrl} (${definition.apiUrlEnv[0]}): ${error.message}.`, code);
    }
    throw error;
  }
}

/**
 * Watches until a signal (exit 0), or until the engine stops itself: the mass-deletion guard
 * (exit 3) or a non-retryable failure (exit 2). A stopped CLI engine cannot be told to go on,
 * so it exits with the reason instead of idling.
 */
async function watch(
  engine: SyncEngine,
  db: OpenedDatabase,
  store: UsersStore,
  options: SyncOptions,
  reporter: SyncReporter,
  interrupted: AbortSignal,
): Promise<number> {
  const stopped = new AbortController();
  let stopCode: number = EXIT.ok;
  engine.on('status', (status) => {
    if (status.state !== 'guard_stopped' && status.state !== 'failed') return;
    stopCode = status.state === 'guard_stopped' ? EXIT.guard : EXIT.usage;
    stopped.abort();
  });
  if (db.socketAddress) {
    const [host, port] = splitAddress(db.socketAddress);
    reporter.line(`Postgres clients can connect (one at a time, no TLS, any password): psql "postgres://postgres@${host}:${port}/postgres?sslmode=disable"`);
  }
  reportQuarantine(engine, store, reporter);
  const control = options.target.kind === 'pglite' ? await startControl(engine, db, options, reporter) : null;
  try {
    await engine.watch(AbortSignal.any([interrupted, stopped.signal]));
  } finally {
    await control?.close().catch(() => {});
  }
  reporter.finish();
  if (stopCode !== EXIT.ok && !interrupted.aborted) {
    reporter.line(stopCode === EXIT.guard ? 'Sync stopped by the mass-deletion guard.' : 'Sync stopped.');
    return stopCode;
  }
  reporter.line('Stopped.');
  return EXIT.ok;
}

/**
 * Tells about quarantined users as they appear, as --once does at its end: looked up when the
 * quarantine count changes, and after each sync while it is not empty (one user may replace another).
 */
function reportQuarantine(engine: SyncEngine, store: UsersStore, reporter: SyncReporter): void {
  let seen: { count: number; lastSyncAt: string | null } = { count: 0, lastSyncAt: null };
  let reading: Promise<void> | null = null;
  let again = false;
  const read = () => {
    if (reading) return void (again = true);
    reading = store.quarantined().then(
      (entries) => reporter.quarantine(entries),
      () => {}, // the engine reports database trouble; this is only a courtesy
    ).finally(() => {
      reading = null;
      if (again) (again = false), read();
    });
  };
  engine.on('status', ({ counts, lastSyncAt }) => {
    const changed = counts.quarantined !== seen.count || (counts.quarantined > 0 && lastSyncAt !== seen.lastSyncAt);
    seen = { count: counts.quarantined, lastSyncAt };
    if (changed) read();
  });
}

/** Lets `query` and `status` on the same folder go through this process. Optional: sync works without it. */
async function startControl(engine: SyncEngine, db: OpenedDatabase, options: SyncOptions, reporter: SyncReporter) {
  try {
    const server = await startControlServer({ db, engine: () => engine, deletionMode: () => options.deletionMode });
    if (!db.setLockControl) throw new Error('this database keeps no folder lock');
    await db.setLockControl({ url: server.url, token: server.token });
    return server;
  } catch (error) {
    reporter.line(`Note: "seren-auth query" and "status" cannot reach this process (${(error as Error).message}).`);
    return null;
  }
}

function splitAddress(address: string): [string, string] {
  const i = address.lastIndexOf(':');
  const host = address.slice(0, i);
  return [host.includes(':') && !host.startsWith('[') ? `[${host}]` : host, address.slice(i + 1)];
}

async function summaryText(summary: CycleSummary, engine: SyncEngine, store: UsersStore): Promise<string> {
  const { counts, instance } = engine.status;
  const lines = [
    `Synced: ${formatCount(summary.inserted)} inserted, ${formatCount(summary.updated)} updated, ` +
      `${formatCount(summary.deleted)} deleted, ${formatCount(summary.quarantined)} quarantined. ` +
      `Now ${formatCount(counts.active)} active and ${formatCount(counts.deleted)} deleted users` +
      (instance ? ` from ${instance.label === instance.id ? instance.id : `${instance.label} (${instance.id})`}${instance.environment ? ` (${instance.environment})` : ''}.` : '.'),
  ];
  lines.push(...quarantineLines(counts.quarantined > 0 ? await store.quarantined() : []));
  return `${lines.join('\n')}\n`;
}
