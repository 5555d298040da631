// `query` and `status` send SQL to the address a folder's lock file names only when that file
// is the current user's own (owner and 0600), so another local user cannot plant an address.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { lockPathFor } from '../../electron/core/db/folder-lock.js';
import { makeTempDir } from '../support/temp.js';
import { runCli } from '../support/cli-process.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let planted: http.Server;
let received: string[];
let dir: string;

beforeAll(async () => {
  tmp = await makeTempDir();
  dir = path.join(tmp.dir, 'db');
  fs.mkdirSync(dir);
  // A server that would receive the SQL: it answers like a holder would, so only the trust check stops it.
  planted = http.createServer((req, res) => {
    received.push(req.url ?? '');
    req.resume();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ results: [], error: null, cancelled: false, durationMs: 1 }));
  });
  await new Promise<void>((resolve) => planted.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => planted.close(resolve));
  await tmp.remove();
});
beforeEach(() => {
  received = [];
});

/** A lock naming the planted server, held by a live process (this one). */
function plantLock(mode: number, owner?: number): void {
  const lock = lockPathFor(dir);
  fs.rmSync(lock, { force: true });
  const port = (planted.address() as import('node:net').AddressInfo).port;
  const info = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString(), kind: 'long-lived', command: 'sync', control: { url: `http://127.0.0.1:${port}`, token: 'x'.repeat(48) } };
  fs.writeFileSync(lock, JSON.stringify(info), { mode });
  fs.chmodSync(lock, mode);
  if (owner !== undefined) fs.chownSync(lock, owner, owner);
}

it('refuses a lock file other users can write or read, and sends them nothing', async () => {
  plantLock(0o666);
  const result = await runCli(['query', 'select 1', '--database', dir]);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim()).toMatch(/^Refusing to use the control address in .*db\.lock: other users can read or write it \(mode 0666\)\./);
  expect(received).toEqual([]);
});

it.skipIf(process.getuid?.() !== 0)('refuses a lock file that belongs to another user', async () => {
  plantLock(0o600, 65534);
  const result = await runCli(['status', '--database', dir]);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr.trim()).toMatch(/it belongs to another user \(uid 65534\)/);
  expect(received).toEqual([]);
});

it('uses the address in its own 0600 lock file', async () => {
  plantLock(0o600);
  const result = await runCli(['query', 'select 1', '--database', dir]);
  expect(received).toEqual(['/api/runSql']);
  expect(result.code, result.stderr).toBe(0);
});
