// Bad input to the CLI: one clear sentence each, the documented exit code, at once, and never a
// secret in the output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { makeTempDir } from '../support/temp.js';
import { runCli } from '../support/cli-process.js';

describe('the Clerk secret key', () => {
  let server: ClerkServer;
  let home: Awaited<ReturnType<typeof makeTempDir>>;
  beforeAll(async () => {
    server = await startClerkServer({ users: 3 });
    home = await makeTempDir();
  });
  afterAll(async () => {
    await server?.close();
    await home?.remove();
  });

  const sync = (key: string) =>
    runCli(['sync', '--once'], { CLERK_SECRET_KEY: key, CLERK_API_URL: server.url, SEREN_AUTH_HOME: home.dir });

  it('with a control character inside is refused before any request, and never printed', async () => {
    for (const key of ['sk_test_AUDITkey9zq8X7w6\rV5u4T3s2R1p0', 'sk_test_AUDITkey9zq8X7w6\nV5u4T3s2R1p0']) {
      const result = await sync(key);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/CLERK_SECRET_KEY: The Clerk secret key has a control character/);
      expect(result.stderr + result.stdout).not.toContain('AUDITkey');
      expect(result.stderr).not.toContain('Bearer');
      expect(result.stderr).not.toContain('Retrying');
    }
  });

  it('that is a publishable key is told to paste the secret key', async () => {
    const result = await sync('pk_test_Y2xlcmsuZXhhbXBsZS5jb20kAUDIT');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('CLERK_SECRET_KEY: This is a publishable key (pk_…): paste the secret key, sk_test_… or sk_live_…, instead.');
  });
});
