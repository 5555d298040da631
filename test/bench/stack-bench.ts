// The bench's Stack Auth part: one stack-run per target (its figures are set by the rate budget
// and the scan cadence, not by the machine, so one round tells). Aim: every change shows within
// the worst case the engine states (README, "How fast changes arrive").
import { runScript } from './child-process.js';
import type { TargetKind } from './fresh-target.js';
import type { ServerInfo } from './provider-server-process.js';
import type { StackReport } from './stack-run.js';
import { formatTable, mb, ms, s } from './table.js';

export interface BenchContext {
  targets: TargetKind[];
  onFreshTarget<T>(target: TargetKind, run: (target: string) => Promise<T>): Promise<{ result: T; idleP99Ms: number }>;
  /** Checks the memory and event-loop aims every measured run shares. */
  checkCommon(target: TargetKind, kind: string, r: { peakRssMb: number; eventLoopP99Ms: number }): void;
  misses: string[];
}

export async function benchStack(server: ServerInfo, bench: BenchContext): Promise<void> {
  const rows: string[][] = [];
  const x = (measured: number | null, stated: number) => (measured === null ? '-' : (measured / stated).toFixed(2));
  for (const target of bench.targets) {
    const { result: r, idleP99Ms } = await bench.onFreshTarget(target, async (t) =>
      JSON.parse((await runScript('stack-run', [t, server.url, server.secretKey, server.controlUrl])).trim().split('\n').pop()!) as StackReport);
    console.log(`  stack ${target}: backfill ${s(r.backfillSeconds)} (floor ${s(r.floorSeconds)}), full scan ${s(r.fullScanSeconds)}, update ${s(r.updateSeconds)}, deletion ${s(r.deletionSeconds)} (stated worst case ${s(r.statedWorstSeconds)})`);
    rows.push([target, String(r.users), s(r.backfillSeconds), s(r.floorSeconds), x(r.backfillSeconds, r.floorSeconds),
      s(r.fullScanSeconds), s(r.statedScanSeconds), x(r.fullScanSeconds, r.statedScanSeconds),
      s(r.updateSeconds), s(r.deletionSeconds), s(r.statedWorstSeconds), x(r.deletionSeconds, r.statedWorstSeconds),
      mb(r.peakRssMb), ms(r.eventLoopP99Ms), ms(idleP99Ms)]);
    for (const [what, seconds] of [['an update', r.updateSeconds], ['a deletion', r.deletionSeconds]] as const) {
      if (seconds === null || seconds > r.statedWorstSeconds) bench.misses.push(`stack ${target}: ${what} showed after ${s(seconds)}, the stated worst case is ${s(r.statedWorstSeconds)}`);
    }
    bench.checkCommon(target, 'stack run', r);
  }
  console.log('');
  console.log(formatTable(['target', 'users', 'backfill', 'floor', 'x floor', 'full scan', 'stated', 'x stated', 'update', 'deletion', 'stated worst', 'x stated', 'peak RSS', 'loop p99', 'idle p99'], rows));
  console.log('');
  console.log('Stack Auth: the engine as the app runs it (half of 50 requests / 10 s, scans at least a minute apart); the server enforces 50 / 10 s.');
  console.log('floor = pages ÷ requests per second allowed; stated = the engine\'s own figures (status latency: one scan, and one interval plus one scan).');
  console.log('update / deletion = delay until a change shows, made just after a full scan passed the user (the worst case).');
}
