// One engine per database. On Postgres a session advisory lock, held on a connection of its
// own for as long as the engine runs; a second engine waits and says who holds it. A PGlite
// folder is already exclusive to one process (the folder lock), so nothing more is needed there.
import type { Database } from '../db/database.js';
import { sleep } from '../sleep.js';

// Two-key advisory lock: (class, object) shows up as classid/objid in pg_locks.
const LOCK_CLASS = 0x5e4e_a075;
const LOCK_OBJECT = 1;
const RETRY_MS = 2000;

export interface EngineLock {
  /** False once the connection holding it has dropped (Postgres then released the lock). */
  stillHeld(): Promise<boolean>;
  release(): Promise<void>;
}

export async function acquireEngineLock(
  db: Database,
  onWaiting: (holder: string) => void,
  signal?: AbortSignal,
): Promise<EngineLock> {
  if (db.kind === 'pglite') return { stillHeld: async () => true, release: async () => {} };
  const session = await db.openConsoleSession();
  try {
    for (;;) {
      const { rows } = await session.query(`SELECT pg_try_advisory_lock(${LOCK_CLASS | 0}, ${LOCK_OBJECT}) AS ok`);
      if ((rows[0] as { ok: boolean }).ok) break;
      onWaiting(await describeHolder(session));
      await sleep(RETRY_MS, signal);
    }
  } catch (error) {
    await session.close().catch(() => {});
    throw error;
  }
  return {
    async stillHeld() {
      try {
        const { rows } = await session.query(
          `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = ${LOCK_CLASS >>> 0}
             AND objid = ${LOCK_OBJECT} AND pid = pg_backend_pid() AND granted`,
        );
        return (rows[0] as { n: number }).n === 1;
      } catch {
        return false;
      }
    },
    async release() {
      // Closing the connection releases a session lock even if the unlock fails.
      await session.query(`SELECT pg_advisory_unlock(${LOCK_CLASS | 0}, ${LOCK_OBJECT})`).catch(() => {});
      await session.close().catch(() => {});
    },
  };
}

async function describeHolder(session: Awaited<ReturnType<Database['openConsoleSession']>>): Promise<string> {
  const { rows } = await session.query(
    `SELECT a.application_name, a.client_addr::text AS addr, a.backend_start
     FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
     WHERE l.locktype = 'advisory' AND l.classid = ${LOCK_CLASS >>> 0} AND l.objid = ${LOCK_OBJECT} AND l.granted LIMIT 1`,
  );
  const holder = rows[0] as { application_name: string | null; addr: string | null; backend_start: Date | null } | undefined;
  if (!holder) return 'another seren-auth engine (it is just finishing)';
  const who = holder.application_name || 'an unnamed client';
  const where = holder.addr ? ` from ${holder.addr}` : '';
  const since = holder.backend_start ? ` since ${new Date(holder.backend_start).toISOString()}` : '';
  return `${who}${where}${since}`;
}
