// Bad input to the CLI: one clear sentence each, the documented exit code, at once, and never a
// secret in the output.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
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

describe('SEREN_AUTH_HOME', () => {
  it('naming a file is refused in one sentence with exit 2, for every command that uses it', async () => {
    const tmp = await makeTempDir();
    try {
      const file = path.join(tmp.dir, 'not-a-folder');
      fs.writeFileSync(file, 'x');
      for (const args of [['status'], ['query', 'select 1'], ['sync', '--once']]) {
        const result = await runCli(args, { SEREN_AUTH_HOME: file, CLERK_SECRET_KEY: 'sk_test_abcdefghijklmnop' });
        expect(result.code, result.stderr).toBe(2);
        expect(result.stderr.trim()).toBe(`SEREN_AUTH_HOME is ${file}, which is not a folder: point it at a folder (it is made if missing).`);
      }
    } finally {
      await tmp.remove();
    }
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

/** Runs the CLI as another user than root, who ignores permission bits; null when impossible here. */
function asUnprivileged(): string[] | null {
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0']);
  return probe.status === 0 ? ['runuser', '-u', 'nobody', '--'] : null;
}

describe('--database', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let server: ClerkServer;
  beforeAll(async () => {
    tmp = await makeTempDir();
    // Reachable by the unprivileged user below; each case sets its own modes inside.
    fs.chmodSync(tmp.dir, 0o755);
    server = await startClerkServer({ users: 3 });
  });
  afterAll(async () => {
    await server?.close();
    await tmp?.remove();
  });

  const expectOneSentence = (result: { code: number | null; stderr: string }, pattern: RegExp) => {
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim()).toMatch(pattern);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  };

  it('that is a file says so, for every command', async () => {
    const file = path.join(tmp.dir, 'notes.txt');
    fs.writeFileSync(file, 'not a database');
    for (const args of [['status'], ['query', 'select 1'], ['sync', '--once']]) {
      const result = await runCli([...args, '--database', file], { CLERK_SECRET_KEY: 'sk_test_abcdefghijklmnop', CLERK_API_URL: server.url });
      expectOneSentence(result, new RegExp(`^${file.replace(/[.]/g, '\\.')} is a file, not a folder: give a folder for the embedded database`));
    }
  });

  it('that is empty is refused instead of meaning the default database', async () => {
    for (const value of ['', '   ']) {
      const result = await runCli(['status', '--database', value], { SEREN_AUTH_HOME: tmp.dir });
      expectOneSentence(result, /^--database is empty: give a postgres:\/\/ URL or a folder/);
    }
  });

  it('that is a non-empty folder holding no database is left alone', async () => {
    const unrelated = path.join(tmp.dir, 'project');
    fs.mkdirSync(unrelated);
    fs.writeFileSync(path.join(unrelated, 'notes.txt'), 'mine');
    const result = await runCli(['sync', '--once', '--database', unrelated], { CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server.url });
    expectOneSentence(result, /project is not empty and holds no SerenDB Auth database/);
    expect(fs.readdirSync(unrelated)).toEqual(['notes.txt']);
  });

  const prefix = asUnprivileged();
  // Root passes every permission check, so these run as "nobody" (or as the non-root user running the tests).
  it.skipIf(prefix === null)('without permission, or inside a read-only folder, says so (as a user root cannot stand in for)', async () => {
    // Asynchronous: the demo Clerk server answers from this process meanwhile.
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const [command, ...rest] = [...(prefix ?? []), process.execPath, '--import', 'tsx', path.join(ROOT, 'electron/core/cli/main.ts'), ...args];
        const child = spawn(command, rest, {
          cwd: ROOT,
          env: { ...process.env, CLERK_SECRET_KEY: DEMO_SECRET_KEY, CLERK_API_URL: server.url, SEREN_AUTH_HOME: path.join(tmp.dir, 'nohome') },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const locked = path.join(tmp.dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o700 });
    fs.chmodSync(locked, 0o500);
    const readOnly = path.join(tmp.dir, 'read-only');
    fs.mkdirSync(readOnly, { mode: 0o555 });
    fs.chmodSync(readOnly, 0o555);

    expectOneSentence(await run(['status', '--database', locked]), /^You have no permission to use the database folder .*locked/);
    // sync first checks the credentials (those lines come first), then says why it cannot create the folder.
    const sync = await run(['sync', '--once', '--database', path.join(readOnly, 'db')]);
    expect(sync.code, sync.stderr).toBe(2);
    expect(sync.stderr.trim().split('\n').at(-1)).toMatch(/^Cannot create the database folder .*read-only\/db: you have no permission to write in .*read-only\.$/);
    expect(fs.readdirSync(readOnly)).toEqual([]);
  });
});
