// `seren-auth sync --provider stack` and `demo --provider stack`: credentials checked before the
// database, which provider is meant, and one provider per database.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { STACK_DEMO_PROJECT_ID, STACK_DEMO_SECRET_SERVER_KEY, startStackServer, type StackServer } from '../../electron/core/demo/stack-server.js';
import { runCli, startCli } from '../support/cli-process.js';
import { makeTempDir } from '../support/temp.js';
import { waitFor } from '../support/wait.js';

/** A CLI sync into a fresh embedded folder: a few seconds, much more on a busy machine. */
const SLOW = 180_000;

describe('sync --provider stack', () => {
  let stack: StackServer;
  let clerk: ClerkServer;
  let tmp: { dir: string; remove(): Promise<void> };
  beforeEach(async () => {
    stack = await startStackServer({ users: 30, seed: 2, rateLimit: 0 });
    clerk = await startClerkServer({ users: 5, rateLimit: false });
    tmp = await makeTempDir();
  });
  afterEach(async () => {
    await stack.close();
    await clerk.close();
    await tmp.remove();
  });
  const stackEnv = (over: Record<string, string> = {}) => ({
    STACK_PROJECT_ID: STACK_DEMO_PROJECT_ID, STACK_SECRET_SERVER_KEY: STACK_DEMO_SECRET_SERVER_KEY, STACK_API_URL: stack.url, ...over,
  });
  const clerkEnv = () => ({ CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: clerk.url });

  it('infers Stack from its credentials (HEXCLAVE_* too), mirrors every user, and names the project', async () => {
    const folder = path.join(tmp.dir, 'db');
    const result = await runCli(['sync', '--once', '--database', folder], {
      HEXCLAVE_PROJECT_ID: STACK_DEMO_PROJECT_ID, HEXCLAVE_SECRET_SERVER_KEY: STACK_DEMO_SECRET_SERVER_KEY, HEXCLAVE_API_URL: stack.url,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`Stack Auth project "SerenDB demo project" (${STACK_DEMO_PROJECT_ID})`);
    expect(result.stdout).toMatch(/Synced: 30 inserted/);
    expect(result.stderr).not.toContain(STACK_DEMO_SECRET_SERVER_KEY);
  }, SLOW);

  it('both providers set without --provider is a usage error; --provider picks one', async () => {
    const both = await runCli(['sync', '--once', '--database', path.join(tmp.dir, 'db')], { ...stackEnv(), ...clerkEnv() });
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toMatch(/^Credentials for Clerk \(CLERK_SECRET_KEY\) and Stack Auth \(STACK_SECRET_SERVER_KEY\) are set: say which to sync with --provider clerk\|stack\.$/);
    const chosen = await runCli(['sync', '--once', '--provider', 'stack', '--database', path.join(tmp.dir, 'db')], { ...stackEnv(), ...clerkEnv() });
    expect(chosen.code, chosen.stderr).toBe(0);
  }, SLOW);

  it('a wrong key or an unknown project exits 2 saying which, before the database is created', async () => {
    const folder = path.join(tmp.dir, 'db');
    const wrongKey = await runCli(['sync', '--once', '--database', folder], stackEnv({ STACK_SECRET_SERVER_KEY: 'ssk_wrong_wrong_wrong_1234' }));
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/rejected the secret server key \(INVALID_SECRET_SERVER_KEY\)/);
    expect(wrongKey.stderr).not.toContain('ssk_wrong_wrong_wrong_1234');
    const unknown = await runCli(['sync', '--once', '--database', folder], stackEnv({ STACK_PROJECT_ID: 'no-such-project' }));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/knows no project with this id \(CURRENT_PROJECT_NOT_FOUND\)/);
    expect(fs.existsSync(folder)).toBe(false);
  });

  it('refuses to sync Stack into a database that mirrors Clerk, naming both, unless --reset', async () => {
    const folder = path.join(tmp.dir, 'db');
    expect((await runCli(['sync', '--once', '--database', folder], clerkEnv())).code).toBe(0);
    const refused = await runCli(['sync', '--once', '--database', folder], stackEnv());
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`mirrors Clerk instance ${clerk.instanceId}, but the credentials belong to Stack Auth project "SerenDB demo project" (${STACK_DEMO_PROJECT_ID})`);
    const reset = await runCli(['sync', '--once', '--reset', '--database', folder], stackEnv());
    expect(reset.code, reset.stderr).toBe(0);
    expect(reset.stdout).toMatch(/Now 30 active and 5 deleted users/);
  }, 3 * SLOW);
});

describe('demo --provider stack', () => {
  it('serves a Stack-compatible project and prints the commands to sync it', async () => {
    const demo = startCli(['demo', '--provider', 'stack', '--port', '0', '--users', '12']);
    try {
      await waitFor(() => demo.stdout().includes('Press Ctrl+C'), 'the demo to start', 60_000);
      const url = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(demo.stdout())![1];
      expect(demo.stdout()).toContain(`STACK_PROJECT_ID=${STACK_DEMO_PROJECT_ID} STACK_SECRET_SERVER_KEY=${STACK_DEMO_SECRET_SERVER_KEY} STACK_API_URL=${url} npx seren-auth sync --provider stack`);
      const answer = await fetch(`${url}/api/v1/users?limit=100&include_anonymous=true`, {
        headers: { 'x-stack-access-type': 'server', 'x-stack-project-id': STACK_DEMO_PROJECT_ID, 'x-stack-secret-server-key': STACK_DEMO_SECRET_SERVER_KEY },
      });
      expect(((await answer.json()) as { items: unknown[] }).items).toHaveLength(12);
    } finally {
      demo.child.kill('SIGINT');
      await demo.exited;
    }
  });
});
