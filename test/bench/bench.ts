// `npm run bench`: loads N users (default 100,000) from the local Clerk-compatible server into each
// target with the sync engine and with a baseline (the simplest code doing the same job), and
// prints users/s, peak RSS, event-loop p99 and the engine/baseline time ratio.
//
//   node dist/test/bench/bench.js [--users N] [--targets pglite,postgres] [--rounds 2] [--postgres-url URL]
//
// The server runs in its own process; every measured run is a fresh process on a fresh target,
// created and migrated beforehand by another process (so initdb's memory peak is not counted).
// Runs alternate baseline, engine, baseline, engine… and the best (fastest) run of each kind is
// compared. It is a measurement: missed aims are reported, and the exit code is 0 unless a run crashed.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { runMeasured, runScript, startService } from './child-process.js';
import { freshTarget, type TargetKind } from './fresh-target.js';
import { withLoopDelay, type RunReport } from './measure.js';
import { formatTable } from './table.js';

const AIMS = {
  ratio: 1.1,
  eventLoopP99Ms: 50,
  peakRssMb: { pglite: 400, postgres: 200 } as Record<TargetKind, number>,
};

type RunKind = 'baseline' | 'engine';
interface Run extends RunReport {
  target: TargetKind;
  kind: RunKind;
  /** The idle orchestrator's own loop p99 during the run: how much of a child's p99 is the machine. */
  idleP99Ms: number;
}

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    targets: { type: 'string', default: 'pglite,postgres' },
    rounds: { type: 'string', default: '2' },
    'postgres-url': { type: 'string', default: process.env.TEST_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres' },
  },
});
const users = Number(values.users);
const rounds = Number(values.rounds);
const adminUrl = values['postgres-url']!;
const targets = values.targets!.split(',').map((t) => t.trim()) as TargetKind[];
for (const t of targets) if (t !== 'pglite' && t !== 'postgres') throw new Error(`unknown target "${t}" (pglite or postgres)`);
if (!(users > 0) || !(rounds >= 1)) throw new Error('--users and --rounds must be positive numbers');

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

async function measureOnce(target: TargetKind, kind: RunKind, server: { url: string; secretKey: string }): Promise<Run> {
  const fresh = await freshTarget(target, adminUrl);
  try {
    await runScript('prepare-target', [fresh.target]);
    const { result: report, p99Ms } = await withLoopDelay(() => runMeasured(`${kind}-run`, [fresh.target, server.url, server.secretKey]));
    return { target, kind, ...report, idleP99Ms: p99Ms };
  } finally {
    await fresh.remove();
  }
}

const fastest = (runs: Run[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

function row(run: Run, label: string, baselineSeconds: number): string[] {
  return [
    run.target, label, String(run.users), run.seconds.toFixed(2), String(Math.round(run.users / run.seconds)),
    `${Math.round(run.peakRssMb)} MB`, `${run.eventLoopP99Ms.toFixed(1)} ms`, `${run.idleP99Ms.toFixed(1)} ms`, (run.seconds / baselineSeconds).toFixed(2),
  ];
}

const header = ['target', 'run', 'users', 'seconds', 'users/s', 'peak RSS', 'loop p99', 'idle p99', 'ratio'];

const benchStarted = Date.now();
console.log(`Starting the local Clerk server with ${users} users (separate process)…`);
const { info: server, child: serverProcess } = await startService<{ url: string; secretKey: string }>('clerk-server-process', [String(users)]);
const runs: Run[] = [];
const misses: string[] = [];
try {
  for (const target of targets) {
    if (target === 'postgres' && !(await postgresReachable())) {
      misses.push(`postgres: skipped, cannot connect to ${adminUrl.replace(/:[^:@/]*@/, ':***@')}`);
      continue;
    }
    for (let round = 1; round <= rounds; round++) {
      for (const kind of ['baseline', 'engine'] as const) {
        const run = await measureOnce(target, kind, server);
        console.log(`  ${target} ${kind} #${round}: ${run.seconds.toFixed(2)} s, ${Math.round(run.peakRssMb)} MB, loop p99 ${run.eventLoopP99Ms.toFixed(1)} ms (idle process: ${run.idleP99Ms.toFixed(1)} ms)`);
        runs.push(run);
      }
    }
  }
} finally {
  serverProcess.kill('SIGTERM');
}

const rows: string[][] = [];
for (const target of targets) {
  const of = (kind: RunKind) => runs.filter((r) => r.target === target && r.kind === kind);
  const [baselines, engines] = [of('baseline'), of('engine')];
  if (baselines.length === 0 || engines.length === 0) continue;
  const base = fastest(baselines);
  const best = fastest(engines);
  for (const r of runs.filter((r) => r.target === target)) rows.push(row(r, `${r.kind} #${runs.filter((x) => x.target === target && x.kind === r.kind).indexOf(r) + 1}`, base.seconds));
  rows.push(row(base, 'baseline best', base.seconds));
  rows.push(row(best, 'engine best', base.seconds));

  const ratio = best.seconds / base.seconds;
  if (ratio > AIMS.ratio) misses.push(`${target}: engine/baseline ratio ${ratio.toFixed(2)} is over ${AIMS.ratio}`);
  for (const r of [...baselines, ...engines]) {
    if (r.users !== users) misses.push(`${target}: a ${r.kind} run loaded ${r.users} users, expected ${users}`);
  }
  const rss = Math.max(...engines.map((r) => r.peakRssMb));
  if (rss > AIMS.peakRssMb[target]) misses.push(`${target}: engine peak RSS ${Math.round(rss)} MB is over ${AIMS.peakRssMb[target]} MB`);
  const p99 = Math.max(...engines.map((r) => r.eventLoopP99Ms));
  if (p99 > AIMS.eventLoopP99Ms) misses.push(`${target}: engine event-loop p99 ${p99.toFixed(1)} ms is over ${AIMS.eventLoopP99Ms} ms`);
}

console.log('');
console.log(formatTable(header, rows));
console.log('');
console.log(`ratio = run seconds / fastest baseline seconds of the same target; "best" = fastest of ${rounds} run(s) per kind.`);
console.log(`Aims: ratio ≤ ${AIMS.ratio}, event-loop p99 < ${AIMS.eventLoopP99Ms} ms, peak RSS < ${AIMS.peakRssMb.pglite} MB (pglite) / ${AIMS.peakRssMb.postgres} MB (postgres); RSS and p99 are the worst engine run.`);
console.log('idle p99 = the idle bench process\'s own loop p99 during the run: delay caused by a busy machine, not by the code measured.');
if (misses.length === 0) console.log('Every aim met.');
for (const miss of misses) console.log(`MISSED: ${miss}`);
console.log(`Bench took ${((Date.now() - benchStarted) / 1000).toFixed(0)} s.`);
