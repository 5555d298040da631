// The sync engine: keeps seren_auth.users_sync equal to the provider's users. It plans from
// what the provider can do (providers/provider.ts):
//
// 1. prepare: check the credentials, take the engine lock, bind the database to the provider's
//    instance (refusing another one);
// 2. backfill (until done): the full walk from the checkpointed cursor, a page per transaction;
// 3. catch-up, when the provider has a recent feed: newest first down to the high-water mark;
// 4. deletions: a full scan when due (sized from the rate budget when there is no change feed),
//    and, when the provider counts its users, whenever the count disagrees with the table —
//    located with range counts when the provider counts created-at ranges.
//
// A provider with created-at ranges is backfilled in parallel partitions (range-phases.ts).
// While watching, the backfill and the deletion check run beside the polls (long-phases.ts),
// so changes keep showing within a poll interval, inside the one rate budget all requests share.
// How often full scans run, and the change delay that gives, is scan-cadence.ts's.
//
// One explicit mode (engine-status.ts) says what the engine is doing; controls read it, never
// the display status. A stop (guard, wrong instance, rejected credentials) releases the lock.
import { EventEmitter } from 'node:events';
import type { Database } from '../db/database.js';
import type { DeletionMode, SyncStatus, UsersChangedEvent } from '../../../shared/types.js';
import { Backoff } from '../backoff.js';
import { ProviderAuthError, type ProviderInstance, type RetryNotice, type UserProvider } from '../providers/provider.js';
import { UsersStore, type UserCounts } from './users-store.js';
import { SyncStoppedError } from './errors.js';
import { WakeUp } from './wake-up.js';
import { acquireEngineLock, type EngineLock } from './engine-lock.js';
import { errorInfo, StatusBoard, type EngineMode } from './engine-status.js';
import { SyncContext } from './sync-context.js';
import { addRows, type CycleSummary } from './cycle-counts.js';
import { backfill, seedHighWater } from './backfill.js';
import { LongPhases, type PhaseRun } from './long-phases.js';
import { RangeTables, backfillInParallel, rangeDeletionFinder } from './range-phases.js';
import { catchUp } from './catch-up.js';
import { DeletionFinder } from './full-scan.js';
import { bindInstance } from './instance-binding.js';
import { ChangeCadence, DEFAULT_POLL_INTERVAL_MS, type CadenceOptions } from './scan-cadence.js';

export type { CycleSummary } from './cycle-counts.js';

export interface SyncEngineOptions extends Partial<CadenceOptions> {
  db: Database;
  provider: UserProvider;
  deletionMode?: DeletionMode;
  allowMassDelete?: boolean;
  /** Re-bind the database to the provider's instance even if it mirrored another one. */
  reset?: boolean;
  pageSize?: number;
}

export interface SyncEngineEvents {
  status: [SyncStatus];
  change: [UsersChangedEvent];
}

export class SyncEngine extends EventEmitter<SyncEngineEvents> {
  private readonly provider: UserProvider;
  private readonly store: UsersStore;
  private readonly board: StatusBoard;
  private readonly deletions: DeletionFinder;
  /** For a provider with created-at ranges: the partition and range-count tables. */
  private readonly rangeTables: RangeTables | null;
  /** The backfill and the deletion check: in the foreground, or beside the polls (watch). */
  private readonly longPhases: LongPhases;
  private readonly cadence: ChangeCadence;
  /** The one retry policy for failed cycles (single requests retry inside the provider). */
  private readonly cycleBackoff = new Backoff({ baseMs: 2000, capMs: 60_000, jitter: 'none' });
  private readonly wakeUp = new WakeUp();
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private deletionMode: DeletionMode;
  private allowMassDelete: boolean;
  /** Set once the instance is bound; dropped with the lock. */
  private ctx: SyncContext | null = null;
  private lock: EngineLock | null = null;
  /** Aborted by pause(): the cycle in flight stops at once, also inside a retry wait. */
  private cycleAbort: AbortController | null = null;
  private forceScan = false;

  constructor(private readonly options: SyncEngineOptions) {
    super();
    this.provider = options.provider;
    this.store = new UsersStore(options.db);
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.pageSize = Math.min(options.pageSize ?? this.provider.maxPageSize, this.provider.maxPageSize);
    this.deletionMode = options.deletionMode ?? 'soft';
    this.allowMassDelete = options.allowMassDelete ?? false;
    this.board = new StatusBoard(() => this.provider.rateBudget(), (status) => this.emit('status', status));
    const ranges = this.provider.createdRange;
    this.rangeTables = ranges ? new RangeTables(options.db, this.provider.kind) : null;
    this.deletions = ranges && this.rangeTables ? rangeDeletionFinder(ranges, this.rangeTables) : new DeletionFinder();
    // An ended phase wakes the loop, which reports its failure or starts the next phase.
    this.longPhases = new LongPhases(this.board, () => this.wakeUp.request());
    this.cadence = new ChangeCadence(this.provider, this.pageSize, { ...options, pollIntervalMs: this.pollIntervalMs });
    this.provider.onRetry((notice) => this.onRetry(notice));
  }

  get status(): SyncStatus {
    return this.board.status;
  }

  get mode(): EngineMode {
    return this.board.mode;
  }

  setDeletionMode(mode: DeletionMode): void {
    this.deletionMode = mode;
  }

  /** A provider request backs off: show "retrying" unless the user paused or a stop is on show. */
  private onRetry(notice: RetryNotice): void {
    if (this.board.waitsForUser) return;
    this.board.setMode('retrying', { message: notice.reason, nextRetryAt: new Date(notice.nextRetryAt).toISOString() });
  }

  /** Checks the credentials, takes the engine lock and binds the database to the provider's instance. */
  async prepare(signal?: AbortSignal): Promise<ProviderInstance> {
    this.board.setMode('starting', { message: `Checking the ${this.provider.label} credentials` });
    const instance = await this.provider.describeInstance(signal);
    this.lock ??= await acquireEngineLock(
      this.options.db,
      (holder) => this.board.setMode('starting', { message: `Waiting: another engine is syncing this database (${holder}).` }),
      signal,
    );
    try {
      const checkpoint = await bindInstance(this.store, this.provider, instance, {
        reset: this.options.reset ?? false, deletionMode: this.deletionMode,
        onChange: (change) => this.emit('change', change),
        clearState: async () => void (await this.rangeTables?.partitions.clear()),
      });
      this.ctx = new SyncContext(this.provider, this.store, this.board, this.pageSize, checkpoint, () => this.deletionMode,
        (change) => this.emit('change', change));
      const counts = await this.store.counts();
      this.board.update({
        instance: { provider: this.provider.label, id: instance.id, label: instance.label, environment: instance.environment },
        counts: { active: counts.active, deleted: counts.deleted, quarantined: counts.quarantined },
        latency: this.cadence.latency(counts.active),
        message: null,
      });
    } catch (error) {
      await this.unlock();
      throw error;
    }
    return instance;
  }

  /** One full pass: backfill or catch up, then check deletions. Used by `sync --once`. */
  async syncOnce(signal?: AbortSignal): Promise<CycleSummary> {
    try {
      if (!this.ctx) await this.prepare(signal);
      const summary = await this.cycle(signal, 'foreground');
      this.board.setMode('ended', { message: null, progress: null });
      return summary;
    } finally {
      await this.unlock();
    }
  }

  /** Keeps syncing until the signal aborts. Errors never end it: they show in the status and are retried. */
  async watch(signal: AbortSignal): Promise<void> {
    let failures = 0;
    // While a console query holds the embedded database, the status says why the sync waits.
    const stopWaitNotices = this.options.db.onWait?.((reason) => this.board.setDatabaseWait(reason));
    while (!signal.aborted) {
      if (this.board.waitsForUser) {
        // A stop keeps its state and message on show until the user acts.
        await this.wakeUp.wait(Infinity, signal);
        continue;
      }
      const cycleAbort = new AbortController();
      this.cycleAbort = cycleAbort;
      try {
        const cycleSignal = AbortSignal.any([signal, cycleAbort.signal]);
        if (!this.ctx) await this.prepare(cycleSignal);
        await this.cycle(signal, 'beside-polls', cycleSignal);
        failures = 0;
        if (this.board.mode === 'paused') continue; // read fresh: pause() may have come meanwhile
        // A backfill or scan beside the polls shows its own mode and progress (or its retry).
        if (!this.longPhases.showsOwnMode) this.board.setMode('watching', { message: null, progress: null });
        await this.wakeUp.wait(this.pollIntervalMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        if (cycleAbort.signal.aborted) continue; // paused: the mode already says so
        if (error instanceof SyncStoppedError || error instanceof ProviderAuthError) {
          await this.stop(error);
          continue;
        }
        failures++;
        const delay = this.cycleBackoff.delay(failures);
        this.board.setMode('retrying', {
          message: `Sync failed: ${(error as Error).message}`, progress: null, lastError: errorInfo(error),
          nextRetryAt: new Date(Date.now() + delay).toISOString(),
        });
        await this.wakeUp.wait(delay, signal);
      } finally {
        this.cycleAbort = null;
      }
    }
    stopWaitNotices?.();
    this.board.setDatabaseWait(null);
    await this.unlock();
    this.board.setMode('ended', { message: null, progress: null });
  }

  /** Waits for the user, without holding the lock: another engine may use the database meanwhile. */
  private async stop(error: SyncStoppedError | ProviderAuthError): Promise<void> {
    const mode = error instanceof SyncStoppedError ? error.mode : 'failed';
    // After the guard, going on means scanning again (and deleting if the user allowed it).
    if (mode === 'stopped-by-guard') this.forceScan = true;
    await this.unlock();
    this.board.setMode(mode, { message: error.message, progress: null, lastError: errorInfo(error) });
  }

  /** Wakes the watch loop now (also out of a pause or a stop); `allowMassDelete` lets a guarded scan proceed. */
  syncNow(options: { allowMassDelete?: boolean } = {}): void {
    if (options.allowMassDelete) this.allowMassDelete = true;
    if (this.board.waitsForUser) this.board.setMode('starting', { message: null });
    this.wakeUp.request();
  }

  resume(): void {
    this.syncNow();
  }

  pause(): void {
    this.board.setMode('paused', { message: null, progress: null });
    this.cycleAbort?.abort(new Error('paused'));
    this.longPhases.cancel(new Error('paused')).catch(() => {});
    this.wakeUp.request();
  }

  /**
   * One poll: catch up, and see to the backfill and the deletion check. 'beside-polls' runs
   * those two as background work (one at a time; a later cycle collects how it ended), so the
   * next poll does not wait for them; 'foreground' awaits them (sync --once).
   */
  private async cycle(signal: AbortSignal | undefined, how: PhaseRun, pollSignal = signal): Promise<CycleSummary> {
    if (this.lock && !(await this.lock.stillHeld())) {
      // Postgres released it with its connection: another engine may hold it now. Start over.
      await this.unlock();
      throw new Error('The connection holding the engine lock dropped; taking the lock again.');
    }
    const ctx = this.ctx!;
    const summary = this.longPhases.collect();
    const phases = this.longPhases;
    if (!ctx.checkpoint.backfillDone && !phases.busy) {
      // Seeded first: the polls beside the backfill catch up from here.
      await seedHighWater(ctx, pollSignal);
      await phases.run(how, 'backfill', (s) => this.backfillPhase(ctx, s), summary, signal);
    }
    // After a backfill in the foreground; one beside the polls keeps its own mode on show.
    if (how === 'foreground' && this.mode === 'backfilling') this.board.setMode('catching-up');
    addRows(summary, await catchUp(ctx, pollSignal));
    if (ctx.checkpoint.backfillDone && !phases.busy) await phases.run(how, 'deletions', (s) => this.deletionPhase(ctx, s), summary, signal);
    this.board.update({ lastSyncAt: new Date().toISOString(), lastError: null });
    return summary;
  }

  private async backfillPhase(ctx: SyncContext, signal?: AbortSignal): Promise<CycleSummary> {
    const ranges = this.provider.createdRange;
    const written = ranges && this.rangeTables ? await backfillInParallel(ctx, ranges, this.rangeTables, signal) : await backfill(ctx, signal);
    // Show the filled table's counts now, not only after the deletion check.
    this.showCounts(await this.store.counts());
    return written;
  }

  private async deletionPhase(ctx: SyncContext, signal?: AbortSignal): Promise<CycleSummary> {
    const active = this.board.status.counts.active;
    const checked = await this.deletions.check(ctx, {
      intervalMs: this.cadence.scanIntervalMs(active), force: this.forceScan, allowMassDelete: this.allowMassDelete,
    }, signal);
    if (checked.scanned) {
      this.forceScan = false;
      // A one-off permission given after the guard stopped does not outlive the deletions it allowed.
      this.allowMassDelete = this.options.allowMassDelete ?? false;
    }
    // The check's last counts already follow every write it made.
    this.showCounts(checked.counts ?? (await this.store.counts()));
    return checked.written;
  }

  private showCounts(counts: UserCounts): void {
    this.board.update({
      counts: { active: counts.active, deleted: counts.deleted, quarantined: counts.quarantined },
      latency: this.cadence.latency(counts.active),
    });
  }

  private async unlock(): Promise<void> {
    // Background work writes to the database: it ends before the lock is given up.
    await this.longPhases.cancel(new Error('stopped'));
    const lock = this.lock;
    this.lock = null;
    this.ctx = null;
    await lock?.release();
  }
}
