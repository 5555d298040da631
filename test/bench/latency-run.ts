// Measured child, latency mode: the engine as the app runs it (its default share of the rate
// budget) against a server answering every request after a production-like delay.
//   latency-run <target> <apiUrl> <secretKey> <controlUrl>
// Reports the first sync's seconds (the backfill, fresh target included), then how long one
// deletion takes to show and how many requests that cost, and how long an update takes to
// show while a reconciliation runs. Prints one JSON line (LatencyReport).
import { ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { SyncEngine } from '../../electron/core/sync/engine.js';
import { activeUsers, floorSeconds, mirroredRow, runWatched, secondsSince as seconds, until } from './run-control.js';

export interface LatencyReport {
  users: number;
  backfillSeconds: number;
  /** Pages the backfill needs ÷ the requests per second the engine's budget allows. */
  floorSeconds: number;
  pages: number;
  /** null: not seen within the wait. */
  deletionSeconds: number | null;
  deletionRequests: number;
  updateSeconds: number | null;
  peakRssMb: number;
  eventLoopP99Ms: number;
}

const WAIT_MS = 240_000;
/** Periodic reconciliations, so one runs soon after the deletion even if that needs no walk. */
const RECONCILE_INTERVAL_MS = 20_000;

let provider!: ClerkProvider;
await runWatched<Omit<LatencyReport, 'peakRssMb' | 'eventLoopP99Ms'>>('latency-run', (db, args) => {
  provider = new ClerkProvider({ secretKey: args.secretKey, apiUrl: args.apiUrl });
  return new SyncEngine({ db, provider, reconcileIntervalMs: RECONCILE_INTERVAL_MS });
}, async ({ db, engine, users, started, control }) => {
  // Done when the table holds every user the server has (the engine may watch meanwhile).
  if (!(await until(async () => engine.status.state === 'watching' && (await activeUsers(db)) >= users, 30 * 60_000))) {
    throw new Error(`the first sync did not finish: ${JSON.stringify(engine.status)}`);
  }
  const backfillSeconds = seconds(started);
  const floor = floorSeconds(users, provider.maxPageSize, provider.rateBudget());
  const row = (id: string) => mirroredRow(db, id);

  let reconciling = false;
  engine.on('status', (s) => (reconciling ||= s.state === 'reconciling'));
  const requestsBefore = (await control<{ requests: number }>('GET', '/requests')).requests;
  const deleted = await control<{ id: string }>('POST', '/delete');
  const deletedAt = performance.now();
  const updateSeconds = (async () => {
    if (!(await until(() => reconciling, WAIT_MS))) return null;
    const updated = await control<{ id: string; updatedAt: number }>('POST', '/update');
    const updatedAt = performance.now();
    const seen = await until(async () => ((await row(updated.id))?.updated_at?.getTime() ?? 0) >= updated.updatedAt, WAIT_MS);
    return seen ? seconds(updatedAt) : null;
  })();
  const deletionSeen = await until(async () => (await row(deleted.id))?.deleted_at != null, WAIT_MS);
  const deletionSeconds = deletionSeen ? seconds(deletedAt) : null;
  const deletionRequests = (await control<{ requests: number }>('GET', '/requests')).requests - requestsBefore;
  return { users, backfillSeconds, floorSeconds: floor.seconds, pages: floor.pages, deletionSeconds, deletionRequests, updateSeconds: await updateSeconds };
});
