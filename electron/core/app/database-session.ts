// One open database and what lives exactly as long as it does: the SQL console over it, the
// control server through which `seren-auth query`/`status` reach an embedded folder this process
// holds, the users-changed listener, and the engine syncing into it (at most one, stopped before
// the database closes).
import type { ApiEvent, AppSettings, SyncStatus } from '../../../shared/types.js';
import type { OpenedDatabase } from '../db/open-database.js';
import type { DatabaseTarget } from '../db/target.js';
import type { UserProvider } from '../providers/provider.js';
import { SyncEngine } from '../sync/engine.js';
import { parseChange, USERS_CHANGED_CHANNEL } from '../sync/users-store.js';
import { SqlConsole, type HistoryStore } from '../api/sql-console.js';
import { startControlServer } from '../api/control-server.js';
import type { ApiServer } from '../api/http-server.js';

export interface SessionHooks {
  settings(): AppSettings;
  /** The console's query history (kept in the settings file). */
  history: HistoryStore;
  emit(event: ApiEvent): void;
}

export class DatabaseSession {
  readonly sqlConsole: SqlConsole;
  private control: ApiServer | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private running: { engine: SyncEngine; stop(): Promise<void> } | null = null;

  /** Takes over `db`, just opened; attach() starts what serves it. */
  constructor(
    readonly db: OpenedDatabase,
    readonly target: DatabaseTarget,
    private readonly hooks: SessionHooks,
  ) {
    this.sqlConsole = new SqlConsole(db, () => hooks.settings(), hooks.history);
  }

  async attach(): Promise<void> {
    const db = this.db;
    if (db.setLockControl) {
      try {
        this.control = await startControlServer({ db, engine: () => this.engine, deletionMode: () => this.hooks.settings().deletionMode });
        await db.setLockControl({ url: this.control.url, token: this.control.token });
      } catch {
        // Optional: without it `seren-auth query` says the folder is in use.
      }
    }
    this.unlisten = await db.listen(USERS_CHANGED_CHANNEL, (payload) => {
      // Another writer's malformed payload is ignored: the next real change refreshes the grid.
      const change = parseChange(payload);
      if (change) this.hooks.emit({ type: 'users-changed', change });
    });
  }

  /** Whether this session is the database `target` names (an embedded folder cannot be opened twice). */
  isAt(target: DatabaseTarget): boolean {
    const a = this.target;
    return a.kind === 'pglite' ? target.kind === 'pglite' && a.dir === target.dir : target.kind === 'postgres' && a.url === target.url;
  }

  get engine(): SyncEngine | null {
    return this.running?.engine ?? null;
  }

  /** Starts watching `provider` into this database (the caller stops any engine running first). */
  startEngine(provider: UserProvider, pollIntervalMs: number | undefined, onStatus: (status: SyncStatus) => void): SyncEngine {
    const abort = new AbortController();
    const engine = new SyncEngine({ db: this.db, provider, deletionMode: this.hooks.settings().deletionMode, pollIntervalMs });
    engine.on('status', onStatus);
    const done = engine.watch(abort.signal);
    this.running = {
      engine,
      stop: async () => {
        abort.abort();
        await done;
      },
    };
    return engine;
  }

  async stopEngine(): Promise<void> {
    const running = this.running;
    this.running = null;
    await running?.stop();
  }

  async close(): Promise<void> {
    await this.stopEngine();
    await this.control?.close().catch(() => {});
    this.control = null;
    await this.unlisten?.().catch(() => {});
    this.unlisten = null;
    await this.sqlConsole.close();
    await this.db.close().catch(() => {});
  }
}
