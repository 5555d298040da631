// A fresh, empty target for each measured run: a new PGlite folder, or a new database on the
// local Postgres. `remove()` deletes it afterwards.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TargetKind = 'pglite' | 'postgres';

export interface FreshTarget {
  /** What openDatabase's parseTarget takes: a folder or a postgres:// URL. */
  target: string;
  remove(): Promise<void>;
}

export async function freshTarget(kind: TargetKind, adminUrl: string): Promise<FreshTarget> {
  if (kind === 'pglite') {
    const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'seren-auth-bench-'));
    return { target: path.join(tmp, 'db'), remove: () => fs.rm(tmp, { recursive: true, force: true }) };
  }
  const name = `seren_bench_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: url.toString(),
    remove: async () => {
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
