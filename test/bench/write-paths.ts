// The two ways UsersStore can write a page (upsert-statements.ts), measured on both targets:
// N users (default 20,000) of the demo's ~2 KB JSON in pages of 500, into a fresh target, then
// the same pages again (all unchanged: compared, not rewritten). Paths alternate per round.
//   node dist/test/bench/write-paths.js [--users N] [--rounds 3] [--targets pglite,postgres]
import { mapClerkUser } from '../../electron/core/providers/clerk/clerk-user.js';
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { UserStore } from '../../electron/core/demo/user-store.js';
import type { MappedUser } from '../../electron/core/providers/provider.js';
import { UsersStore, type WritePath } from '../../electron/core/sync/users-store.js';
import { BenchArgs } from './bench-args.js';
import { freshTarget } from './fresh-target.js';
import { formatTable } from './table.js';

const args = new BenchArgs('usage: node dist/test/bench/write-paths.js [--users N] [--rounds N] [--targets pglite,postgres] [--postgres-url URL]');
const { users: userCount, rounds, targets, postgresUrl } = args.read({ users: 20_000, rounds: 3 });
const PAGE = 500;
const demo = new UserStore({ seed: 1, users: userCount, now: Date.now });
const users: MappedUser[] = demo.listAll().map((u) => mapClerkUser(JSON.parse(JSON.stringify(u))));
const pages: MappedUser[][] = [];
for (let i = 0; i < users.length; i += PAGE) pages.push(users.slice(i, i + PAGE));

async function writeAll(store: UsersStore): Promise<number> {
  const started = performance.now();
  for (const page of pages) await store.writePage(page, null);
  return (performance.now() - started) / 1000;
}

const best: Record<string, { insert: number; unchanged: number }> = {};
for (const target of targets) {
  for (let round = 0; round < rounds; round++) {
    const order: WritePath[] = round % 2 === 0 ? ['jsonb', 'copy'] : ['copy', 'jsonb'];
    for (const path of order) {
      const fresh = await freshTarget(target, postgresUrl);
      const db = await openDatabase(parseTarget(fresh.target, fresh.target));
      try {
        const store = new UsersStore(db, path);
        const insert = await writeAll(store);
        const unchanged = await writeAll(store);
        console.log(`  ${target} ${path} #${round + 1}: insert ${insert.toFixed(2)} s, unchanged ${unchanged.toFixed(2)} s`);
        const key = `${target} ${path}`;
        best[key] = { insert: Math.min(insert, best[key]?.insert ?? Infinity), unchanged: Math.min(unchanged, best[key]?.unchanged ?? Infinity) };
      } finally {
        await db.close();
        await fresh.remove();
      }
    }
  }
}
const rows = Object.entries(best).map(([key, b]) => {
  const [target] = key.split(' ');
  const jsonb = best[`${target} jsonb`];
  return [...key.split(' '), b.insert.toFixed(2), (b.insert / jsonb.insert).toFixed(2), b.unchanged.toFixed(2), (b.unchanged / jsonb.unchanged).toFixed(2)];
});
console.log('');
console.log(formatTable(['target', 'path', 'insert s', 'vs jsonb', 'unchanged s', 'vs jsonb'], rows));
console.log(`${users.length} users, pages of ${PAGE}, best of ${rounds} round(s) per path.`);
