// The app behind the window (Electron or `seren-auth serve`): which database is open (with its
// console and the engine syncing into it: database-session.ts), which provider is linked, and
// the settings file. It implements the shared API contract once; transports only carry it.
import { EventEmitter } from 'node:events';
import type { CoreApi } from '../../../shared/api.js';
import type { ApiEvent, AppSettings, AppState } from '../../../shared/types.js';
import { defaultDatabaseDir } from '../app-paths.js';
import type { ProviderConfig } from '../providers/definition.js';
import { openDatabase, testDatabaseConnection } from '../db/open-database.js';
import { hasPassword, parseTarget } from '../db/target.js';
import { remotePostgresUrlProblem } from '../../../shared/postgres-url.js';
import { createDataApi } from '../api/data-api.js';
import type { ChooseExportFile } from '../api/export-file.js';
import { createExportDownloads, type ExportDownloads } from '../api/export-downloads.js';
import { DatabaseSession } from './database-session.js';
import { ensureDemoPosts } from './demo-posts.js';
import type { SecretStore } from './secret-store.js';
import { SettingsFile } from './settings-file.js';
import { createWorkspaceApi } from './console-workspace.js';
import { linkedInfo, ProviderLinks, type LinkedProvider } from './provider-link.js';

export interface AppCoreOptions {
  dataDir: string;
  secrets: SecretStore;
  /** Given on the command line / environment: skips onboarding. Not written to settings. */
  initial?: { database?: string; provider?: ProviderConfig; demo?: string };
  /** Provider API URLs from the environment, by provider kind. */
  apiUrls?: Record<string, string>;
  pollIntervalMs?: number;
  rateShare?: number;
  /** Serve mode keeps its own file, so the browser never changes the desktop app's setup. */
  settingsFileName?: string;
  /** The desktop app's save dialog for console exports (electron/shell). */
  chooseExportFile?: ChooseExportFile;
}

export class AppCore {
  readonly api: CoreApi;
  private readonly events = new EventEmitter();
  /** The open database, its console and the engine syncing into it. */
  private session: DatabaseSession | null = null;
  private provider: LinkedProvider | null = null;
  private readonly links: ProviderLinks;
  /** Serve's export downloads (tickets, progress events). */
  readonly exportDownloads: ExportDownloads;
  private startupProblem: string | null = null;
  // Changes of database or provider run one at a time.
  private switching: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly options: AppCoreOptions,
    private readonly settingsFile: SettingsFile,
  ) {
    this.links = new ProviderLinks(options.secrets, settingsFile, options.apiUrls ?? {}, { rateShare: options.rateShare });
    this.exportDownloads = createExportDownloads(() => this.openSession().sqlConsole, (event) => this.emit(event));
    const dataApi = createDataApi({
      database: () => this.openSession().db,
      sqlConsole: () => this.openSession().sqlConsole,
      engine: () => this.session?.engine ?? null,
      chooseExportFile: options.chooseExportFile,
      exportProgress: (queryId, rows, done) => this.emit({ type: 'export-progress', queryId, rows, done }),
    });
    this.api = {
      ...dataApi,
      // An export whose download has not started yet is cancelled by dropping its ticket.
      cancelSql: async (input) => (this.exportDownloads.revoke(input.queryId) ? { cancelled: true } : dataApi.cancelSql(input)),
      ...createWorkspaceApi(settingsFile),
      getAppState: async () => this.appState(),
      testDatabase: async ({ target }) => {
        // The window's field is for a remote Postgres: never a folder by accident.
        const notUrl = remotePostgresUrlProblem(target);
        if (notUrl) return { ok: false, message: notUrl };
        // The open database answers for itself (an embedded folder cannot be opened twice).
        const parsed = parseTarget(target, this.defaultDir());
        if (this.session?.isAt(parsed)) return { ok: true, message: `Connected to ${parsed.label} (open now).` };
        return testDatabaseConnection(target, this.defaultDir());
      },
      setDatabase: ({ target }) => {
        // null (or nothing) is the embedded database; any text must be a remote Postgres URL.
        const notUrl = target?.trim() ? remotePostgresUrlProblem(target) : null;
        if (notUrl) return Promise.reject(new Error(notUrl));
        return this.serial(() => this.setDatabase(target));
      },
      linkProvider: ({ kind, fields }) => this.serial(() => this.linkProvider(kind, fields)),
      startDemo: ({ kind }) => this.serial(() => this.startDemo(kind)),
      unlinkProvider: () => this.serial(() => this.unlinkProvider()),
      updateSettings: (patch) => this.serial(() => this.updateSettings(patch)),
    };
  }

  static async start(options: AppCoreOptions): Promise<AppCore> {
    const core = new AppCore(options, await SettingsFile.load(options.dataDir, options.settingsFileName));
    await core.restore();
    return core;
  }

  private openSession(): DatabaseSession {
    if (!this.session) throw new Error('No database is open yet: choose one first.');
    return this.session;
  }

  subscribe(listener: (event: ApiEvent) => void): () => void {
    this.events.on('event', listener);
    return () => this.events.off('event', listener);
  }

  async close(): Promise<void> {
    this.exportDownloads.close();
    await this.switching.catch(() => {});
    await this.closeDatabase();
    await this.links.closeDemos();
  }

  private emit(event: ApiEvent): void {
    this.events.emit('event', event);
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.switching.then(work, work);
    this.switching = next.catch(() => {});
    return next;
  }

  private defaultDir(): string {
    return defaultDatabaseDir(this.options.dataDir);
  }

  /**
   * Reopens what the user chose last time, or what the command line gave. Whatever fails is
   * reported in the app state (the window then shows onboarding) instead of stopping the app.
   */
  private async restore(): Promise<void> {
    const saved = this.settingsFile.get();
    const initial = this.options.initial ?? {};
    const problems: string[] = [];
    const unseal = (sealed: string, what: string): string | null => {
      try {
        return this.options.secrets.decrypt(sealed);
      } catch {
        problems.push(`The saved ${what} could not be decrypted (was the keyring reset?): enter it again.`);
        return null;
      }
    };
    const savedTarget = saved.database
      ? saved.database.sealedTarget ? unseal(saved.database.sealedTarget, 'database URL') : saved.database.target
      : null;
    const databaseChoice = initial.database ?? savedTarget ?? null;
    try {
      if (initial.provider) this.provider = this.links.fromConfig(initial.provider);
      else if (initial.demo) this.provider = await this.links.demo(initial.demo);
      else if (saved.provider) this.provider = await this.links.restore(saved.provider, problems);
    } catch (error) {
      problems.push((error as Error).message);
    }
    // A linked provider needs a database: the embedded default when none was chosen — but never
    // in place of a saved database that could not be unsealed (users would land in the wrong one).
    const savedButUnreadable = saved.database !== null && savedTarget === null && !initial.database;
    if (!savedButUnreadable && (databaseChoice !== null || this.provider)) {
      try {
        await this.openDatabaseAt(databaseChoice ?? this.defaultDir());
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    if (this.provider && this.session) {
      try {
        this.startEngine();
      } catch (error) {
        // A key from the environment that fails the local check: say so, and onboard instead.
        problems.push((error as Error).message);
        this.provider = null;
      }
    }
    this.startupProblem = problems.length > 0 ? problems.join(' ') : null;
  }

  private settings(): AppSettings {
    const s = this.settingsFile.get().settings;
    return { deletionMode: s.deletionMode, maxResultRows: s.maxResultRows, safeMode: s.safeMode ?? this.session?.target.kind === 'postgres' };
  }

  appState(): AppState {
    return {
      configured: this.session !== null && this.provider !== null,
      database: this.session ? { kind: this.session.db.kind, label: this.session.db.label } : null,
      provider: linkedInfo(this.provider),
      settings: this.settings(),
      secretStorageWarning: this.options.secrets.warning,
      startupProblem: this.startupProblem,
    };
  }

  private announce(): AppState {
    // Any successful change of setup supersedes what failed at start.
    this.startupProblem = null;
    const state = this.appState();
    this.emit({ type: 'app-state', state });
    return state;
  }

  private async openDatabaseAt(targetString: string): Promise<void> {
    const target = parseTarget(targetString, this.defaultDir());
    // Already open (an embedded folder cannot be opened twice): keep it.
    if (this.session?.isAt(target)) return;
    const db = await openDatabase(target);
    await this.closeDatabase();
    this.session = new DatabaseSession(db, target, {
      settings: () => this.settings(),
      history: { add: (entry) => this.settingsFile.addHistory(entry), list: async () => this.settingsFile.get().history },
      emit: (event) => this.emit(event),
    });
    await this.session.attach();
  }

  private async closeDatabase(): Promise<void> {
    // The engine stops first: it writes to the database.
    await this.session?.close();
    this.session = null;
  }

  private startEngine(): void {
    const session = this.session!;
    const linked = this.provider!;
    let seededDemo = false;
    session.startEngine(this.links.create(linked), this.options.pollIntervalMs, (status) => {
      this.emit({ type: 'status', status });
      if (linked.demo && !seededDemo && status.state === 'watching') {
        seededDemo = true;
        ensureDemoPosts(session.db).catch(() => {});
      }
      if (status.instance && linked.instance?.id !== status.instance.id) {
        linked.instance = { id: status.instance.id, label: status.instance.label, environment: status.instance.environment };
        // Not a change of setup: a problem reported at start stays on show.
        this.emit({ type: 'app-state', state: this.appState() });
      }
    });
  }

  private async setDatabase(targetString: string | null): Promise<AppState> {
    const choice = targetString?.trim() ? targetString.trim() : this.defaultDir();
    await this.openDatabaseAt(choice);
    const secrets = this.options.secrets;
    if (!hasPassword(choice)) await this.settingsFile.update({ database: { target: choice, sealedTarget: null } });
    else if (secrets.canPersist) await this.settingsFile.update({ database: { target: null, sealedTarget: secrets.encrypt(choice) } });
    // A password that may not be stored: remember nothing rather than the previous database.
    else await this.settingsFile.update({ database: null });
    if (this.provider && !this.session?.engine) this.startEngine();
    return this.announce();
  }

  /** Checks the credentials first: a wrong key says so now and leaves the current link alone. */
  private async linkProvider(kind: string, fields: Record<string, string>): Promise<AppState> {
    const linked = await this.links.check(kind, fields);
    await this.switchProvider(linked);
    return this.announce();
  }

  private async startDemo(kind: string): Promise<AppState> {
    await this.switchProvider(await this.links.demo(kind));
    return this.announce();
  }

  private async switchProvider(linked: LinkedProvider): Promise<void> {
    await this.session?.stopEngine();
    if (!linked.demo) await this.links.closeDemos();
    this.provider = linked;
    await this.links.save(linked);
    if (!this.session) await this.openDatabaseAt(this.defaultDir());
    this.startEngine();
  }

  private async unlinkProvider(): Promise<AppState> {
    await this.session?.stopEngine();
    await this.links.closeDemos();
    this.provider = null;
    await this.settingsFile.update({ provider: null });
    this.emit({ type: 'status', status: await this.api.getStatus({}) });
    return this.announce();
  }

  private async updateSettings(patch: Partial<AppSettings>): Promise<AppState> {
    const current = this.settingsFile.get().settings;
    await this.settingsFile.update({ settings: { ...current, ...patch } });
    if (patch.deletionMode) this.session?.engine?.setDeletionMode(patch.deletionMode);
    return this.announce();
  }
}
