// A PostgreSQL cluster of the test's own, on another port (5439 or the next free one), for tests
// that stop, restart or kill the server: the shared server on 5432 is never touched. Made with
// initdb + pg_ctl (as the `postgres` user when the tests run as root: initdb refuses root) and
// removed afterwards. Without PostgreSQL binaries the caller skips, except in CI
// (CI=true or REQUIRE_POSTGRES=1), where that is a failure.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const FIRST_PORT = 5439;

export interface ScratchCluster {
  port: number;
  /** postgres://root@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown: open connections are terminated, as a server restart does. */
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (if running) and deletes its folder. Safe to call twice. */
  remove(): Promise<void>;
}

const required = () => process.env.CI === 'true' || process.env.REQUIRE_POSTGRES === '1';

/** The folder with initdb and pg_ctl: TEST_PG_BINDIR, else the newest /usr/lib/postgresql/<n>/bin. */
function findBinDir(): string | null {
  const candidates = process.env.TEST_PG_BINDIR ? [process.env.TEST_PG_BINDIR] : [];
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

/** initdb and the server refuse to run as root: run them as `postgres` then. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('Running as root, and there is no "postgres" user to run the scratch PostgreSQL as.');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  for (let port = FIRST_PORT; port < FIRST_PORT + 40; port++) if (await portIsFree(port)) return port;
  throw new Error(`No free port from ${FIRST_PORT} for a scratch PostgreSQL`);
}

/** A running scratch cluster, or null (the caller skips) when PostgreSQL is not installed outside CI. */
export async function startScratchCluster(): Promise<ScratchCluster | null> {
  const binDir = findBinDir();
  if (!binDir) {
    if (required()) throw new Error('CI needs PostgreSQL server binaries (initdb, pg_ctl) for the fault tests; set TEST_PG_BINDIR.');
    return null;
  }
  try {
    return await create(binDir);
  } catch (error) {
    // A machine that has the binaries but cannot run them: say why, and fail in CI.
    if (required()) throw error;
    process.stderr.write(`Skipping the scratch-cluster tests: ${(error as Error).message}\n`);
    return null;
  }
}

async function create(binDir: string): Promise<ScratchCluster> {
  const user = serverUser();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'seren-auth-pg-'));
  const dataDir = path.join(home, 'data');
  const logFile = path.join(home, 'server.log');
  if (user) fs.chownSync(home, user.uid, user.gid);
  const pgTool = (tool: string, args: string[]) =>
    run(path.join(binDir, tool), args, { ...(user ?? {}), cwd: home, env: { ...process.env, LC_ALL: 'C' }, timeout: 60_000 });
  const pgCtl = (...args: string[]) => pgTool('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...args]);

  let running = false;
  let removed = false;
  const port = await freePort();
  // If the test process dies without its afterAll, the server must not outlive it.
  const onExit = () => {
    if (running) spawnSync(path.join(binDir, 'pg_ctl'), ['-D', dataDir, '-m', 'immediate', 'stop'], { ...(user ?? {}), cwd: home });
    fs.rmSync(home, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const cluster: ScratchCluster = {
    port,
    url: (database = 'postgres') => `postgres://root@127.0.0.1:${port}/${database}`,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: cluster.url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return cluster.url(name);
    },
    async stop() {
      await pgCtl('-m', 'fast', 'stop');
      running = false;
    },
    async start() {
      await pgCtl('start');
      running = true;
    },
    async restart() {
      await pgCtl('-m', 'fast', 'restart');
      running = true;
    },
    async remove() {
      if (removed) return;
      removed = true;
      process.removeListener('exit', onExit);
      if (running) await pgCtl('-m', 'immediate', 'stop').catch(() => {});
      running = false;
      fs.rmSync(home, { recursive: true, force: true });
    },
  };

  try {
    await pgTool('initdb', ['-D', dataDir, '-U', 'root', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    // Loopback only, its own socket folder, and no fsync: a throwaway cluster.
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      `\nport = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${home}'\nfsync = off\nmax_connections = 40\n`,
    );
    await cluster.start();
    return cluster;
  } catch (error) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
    await cluster.remove();
    throw new Error(`Could not start a scratch PostgreSQL on port ${port}: ${(error as Error).message}${log ? `\n${log}` : ''}`);
  }
}
