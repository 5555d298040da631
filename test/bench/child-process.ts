// Starting the bench's child processes: the server (kept running) and the measured runs
// (one JSON report on their last stdout line). Their stderr goes straight to ours.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunReport } from './measure.js';

function scriptPath(name: string): string {
  return fileURLToPath(new URL(`./${name}.js`, import.meta.url));
}

/** Starts a script, resolves with its first stdout line (parsed as JSON) and the process. */
export function startService<T>(name: string, args: string[]): Promise<{ info: T; child: ChildProcess }> {
  const child = spawn(process.execPath, [scriptPath(name), ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
      try {
        resolve({ info: JSON.parse(buffered.slice(0, newline)) as T, child });
      } catch (error) {
        reject(error);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`${name} exited (code ${code}) before it was ready`));
    child.stdout!.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

/** Runs a script to its end; resolves with its stdout. */
export function runScript(name: string, args: string[]): Promise<string> {
  const child = spawn(process.execPath, [scriptPath(name), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${name} failed (exit code ${code})`))));
  });
}

/** Runs a measured script to its end and returns its report. */
export async function runMeasured(name: string, args: string[]): Promise<RunReport> {
  const out = await runScript(name, args);
  try {
    return JSON.parse(out.trim().split('\n').pop() ?? '') as RunReport;
  } catch {
    throw new Error(`${name} printed no report: ${out.slice(-500)}`);
  }
}
