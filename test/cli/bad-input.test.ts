// Bad input to the CLI: one clear sentence each, the documented exit code, at once, and never a
// secret in the output.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';
import { makeTempDir } from '../support/temp.js';
import { exitWithin, runCli, startCli } from '../support/cli-process.js';

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

describe('an unreachable or wrong Clerk API URL', () => {
  it('that is not a URL fails at once with exit 2', async () => {
    for (const url of ['not a url', 'ftp://api.example.com']) {
      const result = await runCli(['sync', '--once'], { CLERK_SECRET_KEY: 'sk_test_abcdefghijklmnop', CLERK_API_URL: url });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim()).toBe(`CLERK_API_URL must be an http:// or https:// URL, not "${url}".`);
    }
  });

  it('that accepts connections but never answers: each attempt is aborted and its socket closed, and --once gives up after the retry window', async () => {
    const open = new Set<net.Socket>();
    let connections = 0;
    let mostOpenAtOnce = 0;
    const timeline: string[] = [];
    const blackHole = net.createServer((socket) => {
      connections++;
      open.add(socket);
      timeline.push(`${Date.now() % 100000} open ${open.size}`);
      mostOpenAtOnce = Math.max(mostOpenAtOnce, open.size);
      socket.on('close', () => {
        open.delete(socket);
        timeline.push(`${Date.now() % 100000} close ${open.size}`);
      });
      socket.on('error', () => {});
      socket.resume(); // reads (and ignores) the request, so the server sees the client close
    });
    await new Promise<void>((resolve) => blackHole.listen(0, '127.0.0.1', resolve));
    const port = (blackHole.address() as net.AddressInfo).port;
    const home = await makeTempDir();
    try {
      const proc = startCli(['sync', '--once', '--timeout', '1s', '--retry-window', '8s'], {
        CLERK_SECRET_KEY: 'sk_test_abcdefghijklmnop',
        CLERK_API_URL: `http://127.0.0.1:${port}`,
        SEREN_AUTH_HOME: home.dir,
        // The SDK binds the global fetch at load unless NODE_ENV is "test": run it as users do.
        NODE_ENV: 'production',
      });
      const result = await exitWithin(proc, 60_000);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stderr).toContain(`no answer from 127.0.0.1:${port} within 1 s`);
      expect(result.stderr).toMatch(/Retrying/);
      expect(connections).toBeGreaterThan(3);
      // An aborted attempt closes its connection as the next one opens (on a loaded machine the
      // close can arrive in the same instant); without the abort every attempt's stays open.
      expect(mostOpenAtOnce, `${timeline.join('\n')}\n${result.stderr}`).toBeLessThanOrEqual(2);
    } finally {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
      await home.remove();
    }
  });
});
