// A watching `sync` says when a user cannot be stored (as --once does at its end), once per user,
// and when a later sync stores it after all.
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { exitWithin, killIfRunning, startCli, type CliProcess } from '../support/cli-process.js';
import { createTestDatabase, postgresReachable, type TestDatabase } from '../support/postgres.js';
import { waitFor } from '../support/wait.js';

let server: ClerkServer | undefined;
let database: TestDatabase | undefined;
let sync: CliProcess | undefined;

afterEach(async () => {
  await killIfRunning(sync);
  await server?.close();
  await database?.drop();
});

const count = (text: string, part: string) => text.split(part).length - 1;

describe.skipIf(!(await postgresReachable()))('watch mode and the quarantine', () => {
  it('reports each quarantined user once, new ones as they come, and the ones stored later', async () => {
    server = await startClerkServer({ users: 10, seed: 21, rateLimit: false });
    const bad = server.store.createUser({ first_name: 'Nul\u0000Byte' });
    database = await createTestDatabase();
    sync = startCli(['sync', '--database', database.url, '--poll-interval', '100ms'], {
      CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server.url,
    });
    const running = sync;
    await waitFor(() => running.stderr().includes(`  ${bad.id}: `), 'the quarantined user to be reported', 60_000);
    expect(running.stderr()).toContain('1 user could not be stored (kept in seren_auth.quarantine, retried on every sync):');

    // A second bad user, while watching: reported on its own; the first is not repeated.
    const worse = server.store.createUser({ last_name: 'Also\u0000Bad' });
    await waitFor(() => running.stderr().includes(`  ${worse.id}: `), 'the second quarantined user', 30_000);
    expect(count(running.stderr(), `  ${bad.id}: `)).toBe(1);

    // Fixed at the provider: the next poll stores it, and the user is told.
    server.store.updateUser(bad.id, { first_name: 'Fixed' });
    await waitFor(() => running.stderr().includes(`${bad.id} left the quarantine`), 'the fixed user to leave the quarantine', 30_000);
    expect(count(running.stderr(), `  ${worse.id}: `)).toBe(1);

    running.child.kill('SIGTERM');
    expect((await exitWithin(running, 15_000)).code).toBe(0);
  }, 120_000);
});
