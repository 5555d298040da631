// The window's "Remote Postgres" field takes a postgres:// or postgresql:// URL and nothing else:
// text like "localhost:5432/mydb" used to "connect" by creating an embedded folder of that name.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app/app-core.js';
import { memoryOnlySecrets } from '../../electron/core/app/secret-store.js';
import { remotePostgresUrlProblem } from '../../shared/postgres-url.js';
import { makeTempDir } from '../support/temp.js';

let tmp: Awaited<ReturnType<typeof makeTempDir>>;
let core: AppCore;
const cwd = process.cwd();

beforeAll(async () => {
  tmp = await makeTempDir();
  // A relative "folder" would land here, where the app was started.
  process.chdir(tmp.dir);
  core = await AppCore.start({ dataDir: path.join(tmp.dir, 'data'), secrets: memoryOnlySecrets(null) });
});
afterAll(async () => {
  await core?.close();
  process.chdir(cwd);
  await tmp?.remove();
});

it('refuses text that is not a postgres:// URL, without creating any folder or repeating the text', async () => {
  for (const text of ['localhost:5432/mydb', 'mysql://root:hunter2@127.0.0.1:3306/x', 'some/folder']) {
    const tested = await core.api.testDatabase({ target: text });
    expect(tested).toEqual({ ok: false, message: expect.stringMatching(/^This is not a Postgres URL: it must start with postgres:\/\/ or postgresql:\/\//) });
    expect(tested.message).not.toContain('hunter2');
    await expect(core.api.setDatabase({ target: text })).rejects.toThrow(/not a Postgres URL/);
  }
  expect(fs.readdirSync(tmp.dir).sort()).toEqual(['data']);
  expect((await core.api.getAppState({})).database).toBeNull();
});

it('accepts both URL schemes, and the form uses the same check', () => {
  expect(remotePostgresUrlProblem('postgres://u@h/db')).toBeNull();
  expect(remotePostgresUrlProblem(' postgresql://u@h/db ')).toBeNull();
  expect(remotePostgresUrlProblem('localhost:5432/mydb')).toMatch(/not a Postgres URL/);
  expect(remotePostgresUrlProblem('')).toMatch(/Enter the Postgres URL/);
});
