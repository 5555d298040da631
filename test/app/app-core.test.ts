// The app behind the window: linking a key never lets the secret reach the window or the
// settings file in plain text; the choice survives a restart; the open database is kept when
// chosen again; demo data makes the join work.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppCore } from '../../electron/core/app/app-core.js';
import type { SecretStore } from '../../electron/core/app/secret-store.js';
import { startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import type { ApiEvent, SqlRunResult } from '../../shared/types.js';
import { parseApiInput, type ApiMethod, type ClientApi } from '../../shared/api.js';
import { DEMO_JOIN_SQL } from '../../shared/demo-queries.js';
import { makeTempDir } from '../support/temp.js';
import { waitFor } from '../support/wait.js';
import { runCli } from '../support/cli-process.js';
import { createTestDatabase } from '../support/postgres.js';

/** Calls the core as a transport does: inputs parsed by the contract first. */
function client(core: AppCore): ClientApi {
  return new Proxy({} as ClientApi, {
    get: (_target, method: ApiMethod) => (input: unknown) => (core.api[method] as (i: unknown) => Promise<unknown>)(parseApiInput(method, input)),
  });
}

const SECRET = 'sk_test_appcoretest_9f8e7d6c5b4a';

// Reversible but not plain: stands in for safeStorage, which needs Electron.
const sealingSecrets: SecretStore = {
  canPersist: true,
  warning: null,
  encrypt: (plain) => `sealed:${Buffer.from(plain).reverse().toString('base64')}`,
  decrypt: (sealed) => {
    if (!sealed.startsWith('sealed:')) throw new Error('cannot decrypt');
    return Buffer.from(sealed.slice('sealed:'.length), 'base64').reverse().toString();
  },
};

describe('AppCore', () => {
  let home: Awaited<ReturnType<typeof makeTempDir>>;
  let server: ClerkServer;
  // The entry points read API URLs from the environment and hand them to the core.
  const apiUrls = () => ({ clerk: server.url });

  beforeAll(async () => {
    home = await makeTempDir();
    server = await startClerkServer({ users: 25, secretKeys: [SECRET], rateLimit: false });
  });
  afterAll(async () => {
    await server.close();
    await home.remove();
  });

  // Opening an embedded folder and a first sync: seconds, far more on a busy machine.
  it('links a key, syncs, and never hands the secret to the window or writes it in plain text', { timeout: 180_000 }, async () => {
    const core = await AppCore.start({ dataDir: home.dir, secrets: sealingSecrets, pollIntervalMs: 100, apiUrls: apiUrls() });
    const api = client(core);
    const events: ApiEvent[] = [];
    core.subscribe((e) => events.push(e));
    try {
      expect((await api.getAppState({})).configured).toBe(false);
      await expect(api.linkProvider({ kind: 'clerk', fields: { secretKey: 'sk_test_wrong' } })).rejects.toThrow(/rejected the secret key/);
      const state = await api.linkProvider({ kind: 'clerk', fields: { secretKey: SECRET } });
      expect(state).toMatchObject({
        configured: true,
        provider: { linked: true, kind: 'clerk', label: 'Clerk', demo: false, maskedKey: 'sk_test_…5b4a', instance: { environment: 'development' } },
      });
      await waitFor(async () => (await api.getStatus({})).state === 'watching', 'the engine to finish its first sync');
      const page = await api.listUsers({ limit: 100 });
      expect(page.total).toBe(25);
      const everything = JSON.stringify([state, await api.getStatus({}), page, events]);
      expect(everything).not.toContain(SECRET);
      const settingsText = await fs.readFile(path.join(home.dir, 'settings.json'), 'utf8');
      expect(settingsText).not.toContain(SECRET);
    } finally {
      await core.close();
    }
  });

  it('restores the linked key and database after a restart', { timeout: 180_000 }, async () => {
    const core = await AppCore.start({ dataDir: home.dir, secrets: sealingSecrets, pollIntervalMs: 100, apiUrls: apiUrls() });
    const api = client(core);
    try {
      expect(await api.getAppState({})).toMatchObject({ configured: true, provider: { kind: 'clerk', maskedKey: 'sk_test_…5b4a' } });
      const fresh = server.store.createUser({ first_name: 'AfterRestart' });
      await waitFor(async () => (await api.getUser({ id: fresh.id })) !== null, 'the new user to sync');
      // The app holds the embedded folder; the CLI's query goes through it instead of failing "in use".
      const viaApp = await runCli(['query', 'select count(*)::int as n from seren_auth.users_sync', '--json'], { SEREN_AUTH_HOME: home.dir });
      expect(viaApp.code, viaApp.stderr).toBe(0);
      expect(JSON.parse(viaApp.stdout)).toEqual([{ n: 26 }]);
    } finally {
      await core.close();
    }
  });

  it('starts even when the saved database is unreachable, and says why', async () => {
    const brokenHome = await makeTempDir();
    await fs.writeFile(
      path.join(brokenHome.dir, 'settings.json'),
      JSON.stringify({ database: { target: 'postgres://root@127.0.0.1:1/gone', sealedTarget: null }, provider: { kind: 'clerk', sealedKey: 'not sealed by us', apiUrl: null } }),
    );
    const core = await AppCore.start({ dataDir: brokenHome.dir, secrets: sealingSecrets });
    try {
      const state = await client(core).getAppState({});
      expect(state.configured).toBe(false);
      expect(state.startupProblem).toMatch(/127\.0\.0\.1:1/);
      expect(state.startupProblem).toMatch(/Clerk credentials could not be decrypted/);
    } finally {
      await core.close();
      await brokenHome.remove();
    }
  });

  it('keeps the open database when it is chosen again, and its connection test says it is open', async () => {
    const sameHome = await makeTempDir();
    const remote = await createTestDatabase();
    const core = await AppCore.start({ dataDir: sameHome.dir, secrets: sealingSecrets });
    const api = client(core);
    try {
      // The embedded folder, twice: a second open of the same folder would be refused.
      await api.setDatabase({ target: null });
      expect((await api.setDatabase({ target: null })).database).toMatchObject({ kind: 'pglite' });
      await api.setDatabase({ target: remote.url });
      expect((await api.testDatabase({ target: remote.url })).message).toMatch(/\(open now\)/);
    } finally {
      await core.close();
      await remote.drop();
      await sameHome.remove();
    }
  });

  it('"Try with demo data" syncs the demo instance and creates posts for the join', async () => {
    const demoHome = await makeTempDir();
    const core = await AppCore.start({ dataDir: demoHome.dir, secrets: sealingSecrets, pollIntervalMs: 200 });
    const api = client(core);
    try {
      const state = await api.startDemo({});
      expect(state).toMatchObject({ configured: true, provider: { kind: 'clerk', demo: true } });
      await waitFor(async () => {
        const out = (await api.runSql({ sql: "select count(*)::int as n from information_schema.tables where table_name = 'posts'", queryId: 'p', confirmDestructive: false })) as SqlRunResult;
        return (out.results[0]?.rows[0]?.[0] as number) === 1;
      }, 'the demo posts table', 30_000);
      await waitFor(async () => {
        const out = (await api.runSql({ sql: DEMO_JOIN_SQL, queryId: 'j', confirmDestructive: false })) as SqlRunResult;
        return (out.results[0]?.rowCount ?? 0) > 0;
      }, 'the join to return rows', 30_000);
      const join = (await api.runSql({ sql: DEMO_JOIN_SQL, queryId: 'j2', confirmDestructive: false })) as SqlRunResult;
      expect(join.results[0].columns.map((c) => c.name)).toContain('author_name');
    } finally {
      await core.close();
      await demoHome.remove();
    }
  });
});
