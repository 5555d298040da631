// What `seren-auth status` shows, read with SQL from seren_auth.* (directly or through the
// running process), plus the live engine status when a running process answers.
import type { ChangeLatency, SqlRunResult, SyncState, SyncStatus } from '../../../shared/types.js';
import { CliError, EXIT } from './errors.js';
import { formatCount } from './format.js';
import { formatSqlError, lastRowsAsObjects } from './sql-output.js';
import type { SqlRunner } from './sql-runner.js';
import { USER_COUNTS_SQL } from '../sync/users-store.js';
import { findProvider, providerLabels } from '../providers/registry.js';

export interface LastRun {
  kind: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  inserted: number;
  updated: number;
  deleted: number;
  quarantined: number;
  error: string | null;
}

export interface StatusReport {
  database: string;
  /** The pid of the running seren-auth that answered, or null when read from the tables. */
  runningPid: number | null;
  /** The live engine state, when a running process answered. */
  state: SyncState | null;
  message: string | null;
  instance: { provider: string; id: string; label: string; environment: string | null } | null;
  counts: { active: number; deleted: number; quarantined: number };
  lastSyncAt: string | null;
  /** How long a change can take to arrive, at the current user count (estimated from the defaults when no engine answers). */
  latency: ChangeLatency | null;
  lastRun: LastRun | null;
  lastError: { message: string; at: string | null } | null;
}

const STATUS_SQL = [
  `SELECT provider, instance_id, instance_label, environment, updated_at FROM seren_auth.sync_state ORDER BY updated_at DESC LIMIT 1`,
  USER_COUNTS_SQL,
  `SELECT kind, status, started_at, finished_at, inserted, updated, deleted, quarantined, error
     FROM seren_auth.sync_runs ORDER BY id DESC LIMIT 1`,
  `SELECT error, coalesce(finished_at, started_at) AS at FROM seren_auth.sync_runs
    WHERE error IS NOT NULL ORDER BY id DESC LIMIT 1`,
].join(';\n');

type Row = Record<string, unknown>;

export async function readStatus(
  runner: SqlRunner,
  source: { database: string; pid: number | null; live: SyncStatus | null },
): Promise<StatusReport> {
  const { live } = source;
  const run = await runner.run(STATUS_SQL);
  if (run.error) throw new CliError(`Could not read the sync status: ${formatSqlError(run.error, STATUS_SQL)}`, EXIT.failure);
  const [state, counts, lastRun, lastError] = [0, 1, 2, 3].map((i) => rowsOf(run, i)[0] as Row | undefined);
  return {
    database: source.database,
    runningPid: source.pid,
    state: live?.state ?? null,
    message: live?.message ?? null,
    instance: live?.instance ?? (state ? storedInstance(state) : null),
    counts: {
      active: Number(counts?.active ?? 0),
      deleted: Number(counts?.deleted ?? 0),
      quarantined: Number(counts?.quarantined ?? 0),
    },
    lastSyncAt: live?.lastSyncAt ?? (state ? textOrNull(state.updated_at) : null),
    latency: live?.latency ?? (state ? findProvider(String(state.provider))?.estimateLatency(Number(counts?.active ?? 0)) ?? null : null),
    lastRun: lastRun ? {
      kind: String(lastRun.kind), status: String(lastRun.status),
      startedAt: textOrNull(lastRun.started_at), finishedAt: textOrNull(lastRun.finished_at),
      inserted: Number(lastRun.inserted), updated: Number(lastRun.updated),
      deleted: Number(lastRun.deleted), quarantined: Number(lastRun.quarantined),
      error: textOrNull(lastRun.error),
    } : null,
    lastError: live?.lastError ?? (lastError ? { message: String(lastError.error), at: textOrNull(lastError.at) } : null),
  };
}

function storedInstance(state: Row): NonNullable<StatusReport['instance']> {
  const id = String(state.instance_id);
  return {
    provider: providerLabels(String(state.provider)).label,
    id,
    label: textOrNull(state.instance_label) ?? id,
    environment: textOrNull(state.environment),
  };
}

function rowsOf(run: SqlRunResult, index: number): Row[] {
  return lastRowsAsObjects({ ...run, results: run.results.slice(index, index + 1) });
}

function describeStored(i: NonNullable<StatusReport['instance']>): string {
  const name = i.label === i.id ? i.id : `${i.label} (${i.id})`;
  return `${i.provider} ${name}${i.environment ? ` (${i.environment})` : ''}`;
}

function formatDuration(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`;
}

const textOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

export function formatStatus(r: StatusReport): string {
  const rows: [string, string][] = [
    ['Database', r.runningPid === null ? r.database : `${r.database} (answered by the running seren-auth, pid ${r.runningPid})`],
  ];
  if (r.state) rows.push(['Sync', r.message ? `${r.state}: ${r.message}` : r.state]);
  else rows.push(['Sync', 'no seren-auth is syncing this database right now']);
  rows.push(['Instance', r.instance ? describeStored(r.instance) : 'none yet: run "seren-auth sync"']);
  rows.push(['Users', `${formatCount(r.counts.active)} active, ${formatCount(r.counts.deleted)} deleted, ${formatCount(r.counts.quarantined)} quarantined`]);
  rows.push(['Last sync', r.lastSyncAt ?? 'never']);
  if (r.latency) rows.push(['Change latency', `at most ${formatDuration(r.latency.worstCaseMs)}: ${r.latency.basis}`]);
  if (r.lastRun) {
    const run = r.lastRun;
    const when = run.finishedAt ? `finished ${run.finishedAt}` : `started ${run.startedAt}`;
    rows.push(['Last run', `${run.kind} ${run.status}, ${when}: ${run.inserted} inserted, ${run.updated} updated, ${run.deleted} deleted, ${run.quarantined} quarantined`]);
  }
  rows.push(['Last error', r.lastError ? `${r.lastError.message}${r.lastError.at ? ` (${r.lastError.at})` : ''}` : 'none']);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return `${rows.map(([k, v]) => `${`${k}:`.padEnd(width)}${v}`).join('\n')}\n`;
}
