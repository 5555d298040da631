// Runs the real CLI as a child process: `node --import tsx electron/core/cli/main.ts …`.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'electron/core/cli/main.ts');

/** No provider credentials leak in from the developer's shell. */
const NO_PROVIDER_ENV = Object.fromEntries(
  ['CLERK_SECRET_KEY', 'CLERK_API_URL', 'STACK_PROJECT_ID', 'STACK_SECRET_SERVER_KEY', 'STACK_API_URL',
    'HEXCLAVE_PROJECT_ID', 'HEXCLAVE_SECRET_SERVER_KEY', 'HEXCLAVE_API_URL'].map((name) => [name, '']),
);

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<CliResult>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    // A scratch SEREN_AUTH_HOME unless the test gives one: never the developer's real data folder.
    env: { ...process.env, ...NO_PROVIDER_ENV, SEREN_AUTH_HOME: '/nonexistent-seren-home', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).exited;
}

/** Resolves with the result if the process exits within the deadline, else kills it and throws. */
export async function exitWithin(proc: CliProcess, timeoutMs: number): Promise<CliResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      proc.child.kill('SIGKILL');
      reject(new Error(`The CLI did not exit within ${timeoutMs} ms.\nstderr: ${proc.stderr()}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([proc.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** After a test: a CLI process still running (the test failed or stopped early) is killed and awaited. */
export async function killIfRunning(proc: CliProcess | undefined): Promise<void> {
  if (!proc || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGKILL');
  await proc.exited;
}
