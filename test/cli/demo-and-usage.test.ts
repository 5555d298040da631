// `seren-auth demo`, help and usage errors.
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { DEMO_SECRET_KEY } from '../../electron/core/demo/index.js';
import { exitWithin, runCli, startCli } from '../support/cli-process.js';
import { waitFor } from '../support/wait.js';

it('demo serves a Clerk-compatible instance, prints the commands to run next, and stops on SIGINT', async () => {
  const demo = startCli(['demo', '--port', '0', '--users', '25', '--churn', '0']);
  try {
    const url = await waitFor(() => {
      const match = /CLERK_SECRET_KEY=(\S+) CLERK_API_URL=(http:\/\/127\.0\.0\.1:\d+) npx seren-auth sync/.exec(demo.stdout());
      return match && match[1] === DEMO_SECRET_KEY ? match[2] : undefined;
    }, 'the printed sync command', 30_000);
    expect(demo.stdout()).toContain('npx seren-auth query');
    const response = await fetch(`${url}/v1/users/count`, { headers: { Authorization: `Bearer ${DEMO_SECRET_KEY}` } });
    expect(await response.json()).toMatchObject({ total_count: 25 });
    demo.child.kill('SIGINT');
    expect((await exitWithin(demo, 10_000)).code).toBe(0);
  } finally {
    if (demo.child.exitCode === null) demo.child.kill('SIGKILL');
  }
});

it('--help lists every command, the exit codes and the environment; each command has its own', async () => {
  const top = await runCli(['--help']);
  expect(top.code).toBe(0);
  for (const word of ['sync', 'query', 'status', 'demo', 'serve', 'CLERK_SECRET_KEY', 'CLERK_API_URL', 'Exit codes', '130']) {
    expect(top.stdout).toContain(word);
  }
  const sync = await runCli(['sync', '--help']);
  expect(sync.code).toBe(0);
  expect(sync.stdout).toMatch(/--poll-interval <duration>\s+How often to poll for changes .*\(default: 2s\)/);
  expect(sync.stdout).toMatch(/--listen 127\.0\.0\.1:<port>[\s\S]*one client at a time, no TLS, any[\s\S]*password accepted, loopback addresses only/);
});

it('--version and -v print the package version', async () => {
  const { version } = JSON.parse(await fs.readFile(path.join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v']) {
    const result = await runCli([flag]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`seren-auth ${version}\n`);
  }
});

it('usage errors exit 2 with one sentence: unknown command, unknown option, non-loopback --listen', async () => {
  const unknown = await runCli(['frobnicate']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);

  const option = await runCli(['status', '--bogus']);
  expect(option.code).toBe(2);
  expect(option.stderr).toMatch(/Unknown option '--bogus'/);

  const listen = await runCli(['sync', '--listen', '0.0.0.0:5433', '--database', '/nonexistent/db'], { CLERK_SECRET_KEY: DEMO_SECRET_KEY });
  expect(listen.code).toBe(2);
  expect(listen.stderr).toMatch(/--listen accepts loopback addresses only/);
  expect(listen.stderr.trim().split('\n')).toHaveLength(1);
});
