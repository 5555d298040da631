// `npm run bench`: syncs N users (default 100,000) from the local Clerk- and Stack-compatible
// servers into a fresh PGlite folder and a fresh Postgres database, as a user's first run would.
//
//   node dist/test/bench/bench.js [--users N] [--targets pglite,postgres] [--rounds 2] [--postgres-url URL]
//                                 [--latency-ms 250] [--provider clerk,stack]
//
// Clerk:
// Without --latency-ms: the engine against a baseline measured in the same run, the simplest
// fast loader (fetch every page, then COPY them all). Runs alternate baseline, engine, …; the
// fastest of each kind is compared. With --latency-ms: the server adds that delay to every
// request and enforces the production rate limit, and the engine runs as the app does; it
// reports the backfill against the budget floor, a deletion's delay and request cost, and an
// update's delay while a reconciliation runs. Every measured run is a fresh process on a fresh
// target (first-run set-up inside the clock); the server runs in its own process. It is a
// measurement: missed aims are printed, and the exit code is 0 unless a run crashed.
// Stack (stack-bench.ts): the engine as the app runs it, once per target, with the backfill
// against its floor, a full scan, and the worst-case delay of an update and of a deletion.
import pg from 'pg';
import { BenchArgs } from './bench-args.js';
import { runMeasured, runScript, startService } from './child-process.js';
import { freshTarget, type TargetKind } from './fresh-target.js';
import type { LatencyReport } from './latency-run.js';
import { withLoopDelay, type RunReport } from './measure.js';
import type { BenchProvider, ServerInfo } from './provider-server-process.js';
import { benchStack } from './stack-bench.js';
import { formatTable, mb, ms, s } from './table.js';

const AIMS = {
  /** Engine seconds ÷ fastest baseline seconds, Postgres (PGlite is reported, without an aim). */
  ratio: 0.75,
  eventLoopP99Ms: 50,
  peakRssMb: { pglite: 400, postgres: 200 } as Record<TargetKind, number>,
  latency: { backfillSeconds: 20, deletionSeconds: 5, deletionRequests: 20, updateSeconds: 3 },
};

const args = new BenchArgs(`usage: npm run bench -- [--users N] [--targets pglite,postgres] [--rounds N] [--latency-ms MS]
                          [--provider clerk,stack] [--postgres-url URL]`);
const { users, rounds, targets, postgresUrl: adminUrl, values } = args.read({ users: 100_000, rounds: 2 }, {
  'latency-ms': { type: 'string', default: '0' },
  provider: { type: 'string', default: 'clerk,stack' },
});
const latencyMs = args.count('latency-ms', String(values['latency-ms']), 0);
const providers = String(values.provider).split(',').map((p) => p.trim()) as BenchProvider[];
for (const p of providers) if (p !== 'clerk' && p !== 'stack') args.refuse(`unknown provider "${p}" (clerk, stack or clerk,stack)`);

type RunKind = 'baseline' | 'engine';
interface Run extends RunReport { target: TargetKind; kind: RunKind; /** The idle orchestrator's own loop p99: how busy the machine was. */ idleP99Ms: number }

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs one measured child on a fresh target of `target`, removed afterwards. */
async function onFreshTarget<T>(target: TargetKind, run: (target: string) => Promise<T>): Promise<{ result: T; idleP99Ms: number }> {
  const fresh = await freshTarget(target, adminUrl);
  try {
    const { result, p99Ms } = await withLoopDelay(() => run(fresh.target));
    return { result, idleP99Ms: p99Ms };
  } finally {
    await fresh.remove();
  }
}

const misses: string[] = [];

function checkCommon(target: TargetKind, kind: string, r: { peakRssMb: number; eventLoopP99Ms: number }) {
  if (r.peakRssMb > AIMS.peakRssMb[target]) misses.push(`${target} ${kind}: peak RSS ${mb(r.peakRssMb)} is over ${AIMS.peakRssMb[target]} MB`);
  if (r.eventLoopP99Ms > AIMS.eventLoopP99Ms) misses.push(`${target} ${kind}: event-loop p99 ${ms(r.eventLoopP99Ms)} is over ${AIMS.eventLoopP99Ms} ms`);
}

async function throughput(server: ServerInfo): Promise<void> {
  const runs: Run[] = [];
  for (const target of targets) {
    for (let round = 1; round <= rounds; round++) {
      for (const kind of ['baseline', 'engine'] as const) {
        const { result, idleP99Ms } = await onFreshTarget(target, (t) => runMeasured(`${kind}-run`, [t, server.url, server.secretKey]));
        const run: Run = { target, kind, ...result, idleP99Ms };
        console.log(`  ${target} ${kind} #${round}: ${run.seconds.toFixed(2)} s, ${mb(run.peakRssMb)}, loop p99 ${ms(run.eventLoopP99Ms)} (idle process: ${ms(idleP99Ms)})`);
        runs.push(run);
      }
    }
  }
  const fastest = (list: Run[]) => list.reduce((a, b) => (b.seconds < a.seconds ? b : a));
  const rows: string[][] = [];
  for (const target of targets) {
    const of = (kind: RunKind) => runs.filter((r) => r.target === target && r.kind === kind);
    if (of('baseline').length === 0 || of('engine').length === 0) continue;
    const base = fastest(of('baseline'));
    const best = fastest(of('engine'));
    const row = (r: Run, label: string) => [target, label, String(r.users), r.seconds.toFixed(2), String(Math.round(r.users / r.seconds)), mb(r.peakRssMb), ms(r.eventLoopP99Ms), ms(r.idleP99Ms), (r.seconds / base.seconds).toFixed(2)];
    for (const kind of ['baseline', 'engine'] as const) of(kind).forEach((r, i) => rows.push(row(r, `${kind} #${i + 1}`)));
    rows.push(row(base, 'baseline best'), row(best, 'engine best'));
    const ratio = best.seconds / base.seconds;
    if (target === 'postgres' && ratio > AIMS.ratio) misses.push(`postgres: engine/baseline ratio ${ratio.toFixed(2)} is over ${AIMS.ratio}`);
    for (const r of runs.filter((x) => x.target === target)) if (r.users !== users) misses.push(`${target}: a ${r.kind} run loaded ${r.users} users, expected ${users}`);
    for (const r of of('engine')) checkCommon(target, 'engine', r);
  }
  console.log('');
  console.log(formatTable(['target', 'run', 'users', 'seconds', 'users/s', 'peak RSS', 'loop p99', 'idle p99', 'ratio'], rows));
  console.log('');
  console.log(`ratio = seconds / fastest baseline seconds of the same target (baseline: fetch every page, then COPY them all); "best" = fastest of ${rounds} run(s).`);
  console.log(`Aims: engine ratio ≤ ${AIMS.ratio} on Postgres, event-loop p99 < ${AIMS.eventLoopP99Ms} ms, peak RSS < ${AIMS.peakRssMb.pglite} MB (fresh PGlite folder) / ${AIMS.peakRssMb.postgres} MB (Postgres), every engine run.`);
}

async function latency(server: ServerInfo): Promise<void> {
  const rows: string[][] = [];
  for (const target of targets) {
    for (let round = 1; round <= rounds; round++) {
      const { result: r, idleP99Ms } = await onFreshTarget(target, async (t) =>
        JSON.parse((await runScript('latency-run', [t, server.url, server.secretKey, server.controlUrl])).trim().split('\n').pop()!) as LatencyReport);
      console.log(`  ${target} #${round}: backfill ${s(r.backfillSeconds)} (floor ${s(r.floorSeconds)}), deletion ${s(r.deletionSeconds)} / ${r.deletionRequests} requests, update while reconciling ${s(r.updateSeconds)}`);
      rows.push([target, String(round), String(r.users), s(r.backfillSeconds), s(r.floorSeconds), (r.backfillSeconds / r.floorSeconds).toFixed(1),
        s(r.deletionSeconds), String(r.deletionRequests), s(r.updateSeconds), mb(r.peakRssMb), ms(r.eventLoopP99Ms), ms(idleP99Ms)]);
      const aim = AIMS.latency;
      if (r.backfillSeconds > aim.backfillSeconds) misses.push(`${target}: backfill ${s(r.backfillSeconds)} is over ${aim.backfillSeconds} s`);
      if (r.deletionSeconds === null || r.deletionSeconds > aim.deletionSeconds) misses.push(`${target}: deletion visible after ${s(r.deletionSeconds)}, aim ${aim.deletionSeconds} s`);
      if (r.deletionRequests > aim.deletionRequests) misses.push(`${target}: the deletion cost ${r.deletionRequests} requests, aim ${aim.deletionRequests}`);
      if (r.updateSeconds === null || r.updateSeconds > aim.updateSeconds) misses.push(`${target}: update during a reconciliation visible after ${s(r.updateSeconds)}, aim ${aim.updateSeconds} s`);
      checkCommon(target, 'latency run', r);
    }
  }
  console.log('');
  console.log(formatTable(['target', 'round', 'users', 'backfill', 'floor', 'x floor', 'deletion', 'requests', 'update', 'peak RSS', 'loop p99', 'idle p99'], rows));
  console.log('');
  console.log(`${latencyMs} ms added to every request, production rate limit; the engine uses its default share of the budget.`);
  console.log('floor = pages the backfill needs ÷ requests per second the engine\'s budget allows; requests = all requests from the deletion to its row being marked (polls included).');
  console.log(`Aims: backfill ≤ ${AIMS.latency.backfillSeconds} s, deletion ≤ ${AIMS.latency.deletionSeconds} s with ≤ ${AIMS.latency.deletionRequests} requests, update ≤ ${AIMS.latency.updateSeconds} s while reconciling.`);
}

const benchStarted = Date.now();
if (targets.includes('postgres') && !(await postgresReachable())) {
  misses.push(`postgres: skipped, cannot connect to ${adminUrl.replace(/:[^:@/]*@/, ':***@')}`);
  targets.splice(targets.indexOf('postgres'), 1);
}
for (const provider of providers) {
  const serverLatencyMs = provider === 'clerk' ? latencyMs : 0;
  console.log(`Starting the local ${provider} server with ${users} users${serverLatencyMs > 0 ? `, ${serverLatencyMs} ms per request` : ''} (separate process)…`);
  const { info: server, child: serverProcess } = await startService<ServerInfo>('provider-server-process', [provider, String(users), String(serverLatencyMs)]);
  try {
    if (provider === 'stack') await benchStack(server, { targets, onFreshTarget, checkCommon, misses });
    else await (latencyMs > 0 ? latency(server) : throughput(server));
  } finally {
    serverProcess.kill('SIGTERM');
  }
}
console.log('idle p99 = the idle bench process\'s own loop p99 during the run: delay caused by a busy machine, not by the code measured.');
if (misses.length === 0) console.log('Every aim met.');
for (const miss of misses) console.log(`MISSED: ${miss}`);
console.log(`Bench took ${((Date.now() - benchStarted) / 1000).toFixed(0)} s.`);
