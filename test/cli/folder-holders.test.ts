// Two terminals on one embedded folder: a sync started while a short-lived `query` or `status`
// holds the folder waits for it (instead of exiting "in use"), a long-lived holder is still
// refused, and reading commands never create a database where there is none.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { readFolderLock } from '../../electron/core/db/folder-lock.js';
import { exitWithin, killIfRunning, runCli, startCli, type CliProcess } from '../support/cli-process.js';
import { holdLockInChild, killAndWait } from '../support/folder-holder.js';
import { makeTempDir } from '../support/temp.js';
import { waitFor } from '../support/wait.js';

let server: ClerkServer | undefined;
let tmp: { dir: string; remove(): Promise<void> } | undefined;
let sync: CliProcess | undefined;
const holders: Awaited<ReturnType<typeof holdLockInChild>>[] = [];

afterEach(async () => {
  await killIfRunning(sync);
  for (const h of holders.splice(0)) await killAndWait(h);
  await server?.close();
  await tmp?.remove();
});

it('a sync started while a query holds the folder waits for it, says so, then syncs', async () => {
  server = await startClerkServer({ users: 20, seed: 4 });
  tmp = await makeTempDir();
  const database = path.join(tmp.dir, 'db');
  const query = await holdLockInChild(database, 'short-lived', 'query');
  holders.push(query);
  sync = startCli(['sync', '--database', database, '--poll-interval', '200ms'], { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server.url });
  const running = sync;
  await waitFor(() => running.stderr().includes('Waiting for the database folder'), 'the sync to say it waits', 30_000);
  expect(running.stderr()).toContain(`Waiting for the database folder ${database}: seren-auth query (pid ${query.pid}) is using it.`);
  expect(running.child.exitCode).toBeNull();
  await killAndWait(query);
  await waitFor(() => running.stderr().includes('Watching for changes'), 'the sync to start watching', 150_000).catch((error: Error) => {
    throw new Error(`${error.message}\nsync stderr:\n${running.stderr()}`);
  });
  expect(await readFolderLock(database)).toMatchObject({ pid: running.child.pid, kind: 'long-lived', command: 'sync' });

  // While the sync holds the folder, query goes through it.
  const count = await runCli(['query', 'select count(*) as n from seren_auth.users_sync', '--database', database, '--json']);
  expect(count.code, count.stderr).toBe(0);
  expect(JSON.parse(count.stdout)).toEqual([{ n: '20' }]);

  running.child.kill('SIGTERM');
  expect((await exitWithin(running, 15_000)).code).toBe(0);
}, 240_000);

it('query and status refuse a long-lived holder that answers no queries, with the in-use sentence', async () => {
  tmp = await makeTempDir();
  const database = path.join(tmp.dir, 'db');
  const holder = await holdLockInChild(database, 'long-lived', 'sync');
  holders.push(holder);
  for (const args of [['query', 'select 1'], ['status']]) {
    const result = await runCli([...args, '--database', database]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`The database folder ${database} is in use by another seren-auth process (pid ${holder.pid}) that accepts no queries.`);
  }
});

it('query and status on a folder that holds no database create nothing and exit 2', async () => {
  tmp = await makeTempDir();
  const empty = path.join(tmp.dir, 'empty');
  await fs.mkdir(empty);
  for (const args of [['query', 'select 1'], ['status']]) {
    const result = await runCli([...args, '--database', empty]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toContain(`There is no database in ${empty}`);
    expect(await fs.readdir(empty)).toEqual([]);
  }
  expect(await readFolderLock(empty)).toBeNull();
});
