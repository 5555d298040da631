// Measured child: the sync engine's first full sync (backfill, catch-up, deletion check) into a
// fresh target, the first open (PGlite folder creation, migrations) inside the clock.
import { ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { SyncEngine } from '../../electron/core/sync/engine.js';
import { tuneHeapForSync } from '../../electron/core/heap-tuning.js';
import { measure, printReport, readRunArgs } from './measure.js';

// As the CLI and the app run the engine.
tuneHeapForSync();
const args = readRunArgs();
const report = await measure(async () => {
  const db = await openDatabase(parseTarget(args.target, args.target));
  try {
    // The whole production budget (1000 requests / 10 s): the client-side limiter is not what we measure.
    const provider = new ClerkProvider({ secretKey: args.secretKey, apiUrl: args.apiUrl, rateShare: 1 });
    const summary = await new SyncEngine({ db, provider }).syncOnce();
    return summary.inserted;
  } finally {
    await db.close();
  }
});
printReport(report);
