// Measured child: the simplest fast loader, the yardstick for the engine. Open the fresh target
// (first-run set-up included, as for the engine), fetch every page of users in creation order,
// then load them all with COPY: no overlap, no checkpoints, no change detection. It goes
// through the same Database layer (PGlite in the same worker thread, pg with the same pool).
import { mapClerkUser } from '../../electron/core/providers/clerk/clerk-user.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { measure, printReport, readRunArgs } from './measure.js';

const PAGE_SIZE = 500;
/** PGlite reads COPY data from one in-memory blob: keep each one moderate (pglite.md §6.2). */
const ROWS_PER_COPY = { postgres: Infinity, pglite: 10_000 };

const COPY_SQL = 'COPY seren_auth.users_sync (id, name, email, created_at, updated_at, raw_json) FROM STDIN';
const field = (v: string | null) => (v === null ? '\\N' : v.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!));
const time = (ms: number | null) => (ms === null ? '\\N' : new Date(ms).toISOString());

const args = readRunArgs();
const report = await measure(async () => {
  const db = await openDatabase(parseTarget(args.target, args.target));
  try {
    const lines: string[] = [];
    let after: string | null = null;
    for (;;) {
      const url = new URL('/v1/users', args.apiUrl);
      url.searchParams.set('limit', String(PAGE_SIZE));
      url.searchParams.set('order_by', '+created_at');
      if (after) url.searchParams.set('starting_after', after);
      const response = await fetch(url, { headers: { Authorization: `Bearer ${args.secretKey}` } });
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      const page = (await response.json()) as unknown[];
      for (const raw of page) {
        const u = mapClerkUser(raw);
        lines.push(`${field(u.id)}\t${field(u.name)}\t${field(u.email)}\t${time(u.created_at)}\t${time(u.updated_at)}\t${field(JSON.stringify(raw))}\n`);
      }
      if (page.length < PAGE_SIZE) break;
      after = mapClerkUser(page[page.length - 1]).id;
    }
    const chunk = ROWS_PER_COPY[db.kind];
    const statements = [];
    for (let i = 0; i < lines.length; i += chunk) statements.push({ sql: COPY_SQL, copyFrom: lines.slice(i, i + chunk).join('') });
    await db.transaction(statements);
    return lines.length;
  } finally {
    await db.close();
  }
});
printReport(report);
