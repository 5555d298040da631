// Measured child: the simplest code that does the same job, the yardstick for the engine.
// Fetch each page of users in creation order and bulk-insert it with one statement, through
// the same Database layer (so PGlite runs in the same worker thread, pg with the same pool).
import { openDatabase } from '../../electron/core/db/open-database.js';
import { parseTarget } from '../../electron/core/db/target.js';
import { measure, printReport, readRunArgs } from './measure.js';

const PAGE_SIZE = 500;

const INSERT_PAGE = `
INSERT INTO seren_auth.users_sync (id, name, email, created_at, updated_at, raw_json)
SELECT u->>'id',
       nullif(concat_ws(' ', nullif(u->>'first_name', ''), nullif(u->>'last_name', '')), ''),
       (SELECT e->>'email_address' FROM jsonb_array_elements(u->'email_addresses') e
         WHERE e->>'id' = u->>'primary_email_address_id'),
       to_timestamp((u->>'created_at')::bigint / 1000.0),
       to_timestamp((u->>'updated_at')::bigint / 1000.0),
       u
FROM jsonb_array_elements($1::jsonb) AS u`;

const args = readRunArgs();
const db = await openDatabase(parseTarget(args.target, args.target));
try {
  const report = await measure(async () => {
    let loaded = 0;
    let after: string | null = null;
    for (;;) {
      const url = new URL('/v1/users', args.apiUrl);
      url.searchParams.set('limit', String(PAGE_SIZE));
      url.searchParams.set('order_by', '+created_at');
      if (after) url.searchParams.set('starting_after', after);
      const response = await fetch(url, { headers: { Authorization: `Bearer ${args.secretKey}` } });
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
      const page = (await response.json()) as { id: string }[];
      if (page.length > 0) await db.query(INSERT_PAGE, [JSON.stringify(page)]);
      loaded += page.length;
      if (page.length < PAGE_SIZE) return loaded;
      after = page[page.length - 1].id;
    }
  });
  printReport(report);
} finally {
  await db.close();
}
