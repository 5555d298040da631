// Measured child for Stack Auth: the engine exactly as the app runs it (default rate budget and
// scan interval) against the local Stack server, which enforces the rate limit the provider
// assumes. Stack has no update time and no count, so changes arrive only with full scans.
//   stack-run <target> <apiUrl> <secretKey> <controlUrl>
// Reports the first sync's seconds (fresh target included) against its floor, one full scan's
// seconds (its sync_runs row), and the worst case for a change: while a scan runs, just after it
// passed the oldest users, one is updated and another deleted; how long until each shows.
// Prints one JSON line (StackReport).
import { STACK_DEMO_PROJECT_ID } from '../../electron/core/demo/stack-server.js';
import { StackProvider } from '../../electron/core/providers/stack/stack-provider.js';
import { SyncEngine } from '../../electron/core/sync/engine.js';
import { floorSeconds, mirroredRow, runWatched, secondsSince, until } from './run-control.js';

export interface StackReport {
  users: number;
  backfillSeconds: number;
  /** Pages the backfill needs ÷ the requests per second the engine's budget allows. */
  floorSeconds: number;
  fullScanSeconds: number;
  /** What the engine states (status.latency): one scan, and the worst case for a change. */
  statedScanSeconds: number;
  statedWorstSeconds: number;
  scanIntervalSeconds: number;
  /** null: not seen within the wait. */
  updateSeconds: number | null;
  deletionSeconds: number | null;
  peakRssMb: number;
  eventLoopP99Ms: number;
}

/** Longer than an interval and two scans at 100,000 users. */
const WAIT_MS = 10 * 60_000;

let provider!: StackProvider;
await runWatched<Omit<StackReport, 'peakRssMb' | 'eventLoopP99Ms'>>('stack-run', (db, args) => {
  provider = new StackProvider({ projectId: STACK_DEMO_PROJECT_ID, secretServerKey: args.secretKey, apiUrl: args.apiUrl });
  return new SyncEngine({ db, provider });
}, async ({ db, engine, users, started, control }) => {
  // The backfill ends when the status counts every user (shown as soon as its last page is in).
  let backfillSeconds: number | null = null;
  let scanPassedOldest = false;
  engine.on('status', (s) => {
    if (backfillSeconds === null && s.counts.active >= users) backfillSeconds = secondsSince(started);
    scanPassedOldest ||= backfillSeconds !== null && s.state === 'reconciling' && (s.progress?.done ?? 0) >= provider.maxPageSize;
  });
  if (!(await until(() => backfillSeconds !== null, 30 * 60_000))) throw new Error(`the first sync did not finish: ${JSON.stringify(engine.status)}`);
  const floor = floorSeconds(users, provider.maxPageSize, provider.rateBudget());
  // The scan walks oldest first: its first page is behind it, the rest of the walk ahead.
  if (!(await until(() => scanPassedOldest, WAIT_MS))) throw new Error(`no full scan started: ${JSON.stringify(engine.status)}`);
  const oldest = (await db.query<{ id: string }>('SELECT id FROM seren_auth.users_sync ORDER BY created_at, id LIMIT 2')).rows.map((r) => r.id);
  const updated = await control<{ id: string; name: string }>('POST', `/update?id=${encodeURIComponent(oldest[0])}`);
  const updatedAt = performance.now();
  await control('POST', `/delete?id=${encodeURIComponent(oldest[1])}`);
  const deletedAt = performance.now();
  const updateSeen = until(async () => (await mirroredRow(db, updated.id))?.name === updated.name, WAIT_MS).then((seen) => (seen ? secondsSince(updatedAt) : null));
  const deletionSeen = until(async () => (await mirroredRow(db, oldest[1]))?.deleted_at != null, WAIT_MS).then((seen) => (seen ? secondsSince(deletedAt) : null));
  const [updateSeconds, deletionSeconds] = await Promise.all([updateSeen, deletionSeen]);
  const scan = (await db.query<{ seconds: number }>(
    "SELECT extract(epoch FROM finished_at - started_at)::float8 AS seconds FROM seren_auth.sync_runs WHERE kind = 'reconcile' AND status = 'ok' ORDER BY id LIMIT 1")).rows[0];
  const latency = engine.status.latency!;
  return {
    users, backfillSeconds: backfillSeconds!, floorSeconds: floor.seconds, fullScanSeconds: scan.seconds,
    statedScanSeconds: latency.fullScanMs! / 1000, statedWorstSeconds: latency.worstCaseMs / 1000,
    scanIntervalSeconds: (latency.worstCaseMs - latency.fullScanMs!) / 1000, updateSeconds, deletionSeconds,
  };
});
