// Measured child, latency mode: the engine as the app runs it (its default share of the rate
// budget) against a server answering every request after a production-like delay.
//   latency-run <target> <apiUrl> <secretKey> <controlUrl>
// Reports the first sync's seconds (the backfill, fresh target included), then how long one
// deletion takes to show and how many requests that cost, and how long an update takes to
// show while a reconciliation runs. Prints one JSON line (LatencyReport).
import { ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { SyncEngine } from '../../electron/core/sync/engine.js';
import { tuneHeapForSync } from '../../electron/core/heap-tuning.js';
import { readRunArgs, withLoopDelay } from './measure.js';
import { activeUsers, controlClient, floorSeconds, mirroredRow, secondsSince as seconds, until } from './run-control.js';

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

// As the CLI and the app run the engine.
tuneHeapForSync();
const args = readRunArgs();
const controlUrl = process.argv[5];
if (!controlUrl) throw new Error('usage: latency-run <target> <apiUrl> <secretKey> <controlUrl>');
const control = controlClient(controlUrl);

const { result: report, p99Ms } = await withLoopDelay(async () => {
  const started = performance.now();
  const db = await openDatabase(parseTarget(args.target, args.target));
  const provider = new ClerkProvider({ secretKey: args.secretKey, apiUrl: args.apiUrl });
  const engine = new SyncEngine({ db, provider, reconcileIntervalMs: RECONCILE_INTERVAL_MS });
  const abort = new AbortController();
  const watching = engine.watch(abort.signal);
  try {
    // Done when the table holds every user the server has (the engine may watch meanwhile).
    const { users } = await control<{ users: number }>('GET', '/requests');
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
  } finally {
    abort.abort();
    await watching.catch(() => {});
    await db.close();
  }
});
const full: LatencyReport = { ...report, peakRssMb: process.resourceUsage().maxRSS / 1024, eventLoopP99Ms: p99Ms };
process.stdout.write(`${JSON.stringify(full)}\n`);
