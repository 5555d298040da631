// What every measured child reports, and how: wall time of the timed section, peak RSS of the
// whole process (the PGlite worker thread included), and the main event loop's delay p99.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface RunReport {
  seconds: number;
  users: number;
  peakRssMb: number;
  eventLoopP99Ms: number;
}

/** The arguments the orchestrator passes to a measured child. */
export interface RunArgs {
  /** A postgres:// URL or a PGlite folder, fresh for this run. */
  target: string;
  apiUrl: string;
  secretKey: string;
}

export function readRunArgs(argv = process.argv.slice(2)): RunArgs {
  const [target, apiUrl, secretKey] = argv;
  if (!target || !apiUrl || !secretKey) throw new Error('usage: <target> <apiUrl> <secretKey>');
  return { target, apiUrl, secretKey };
}

/** Runs `work` while sampling this thread's event-loop delay; p99 in ms. */
export async function withLoopDelay<T>(work: () => Promise<T>): Promise<{ result: T; p99Ms: number }> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  try {
    const result = await work();
    return { result, p99Ms: loop.percentile(99) / 1e6 };
  } finally {
    loop.disable();
  }
}

/** Times `work` (which resolves to the number of users it loaded) and reports on it. */
export async function measure(work: () => Promise<number>): Promise<RunReport> {
  const started = process.hrtime.bigint();
  const { result: users, p99Ms } = await withLoopDelay(work);
  return {
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    users,
    // maxRSS is in kilobytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    eventLoopP99Ms: p99Ms,
  };
}

export function printReport(report: RunReport): void {
  process.stdout.write(`${JSON.stringify(report)}\n`);
}
