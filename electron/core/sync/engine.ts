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
// While watching, the backfill and the deletion check run beside the polls (background-work.ts),
// so changes keep showing within a poll interval, inside the one rate budget all requests share.
//
// One explicit mode (engine-status.ts) says what the engine is doing; controls read it, never
// the display status. A stop (guard, wrong instance, rejected credentials) releases the lock.
import { EventEmitter } from 'node:events';
import type { Database } from '../db/database.js';
import type { ChangeLatency, DeletionMode, SyncStatus, UsersChangedEvent } from '../../../shared/types.js';
import { Backoff } from '../backoff.js';
import { ProviderAuthError, type ProviderInstance, type RetryNotice, type UserProvider } from '../providers/provider.js';
import { providerLabels } from '../providers/registry.js';
import { UsersStore, type Checkpoint, type UserCounts } from './users-store.js';
import { InstanceMismatchError, SyncStoppedError, type BoundInstance } from './errors.js';
import { WakeUp } from './wake-up.js';
import { acquireEngineLock, type EngineLock } from './engine-lock.js';
import { StatusBoard, STOPPED_MODES, type EngineMode } from './engine-status.js';
import { CHANGE_EVENT_IDS, SyncContext } from './sync-context.js';
import { addRows, noRows, type CycleSummary } from './cycle-counts.js';
import { backfill, seedHighWater } from './backfill.js';
import { BackgroundWork } from './background-work.js';
import { RangeTables, backfillInParallel, deletionsByRangeCounts, walkRangesInParallel } from './range-phases.js';
import { catchUp } from './catch-up.js';
import { DeletionFinder } from './full-scan.js';
import { feedLatency, planFullScans, scanLatency } from './scan-cadence.js';

export type { CycleSummary } from './cycle-counts.js';

export interface SyncEngineOptions {
  db: Database;
  provider: UserProvider;
  deletionMode?: DeletionMode;
  allowMassDelete?: boolean;
  /** Re-bind the database to the provider's instance even if it mirrored another one. */
  reset?: boolean;
  pollIntervalMs?: number;
  /** Full scans for a provider with a change feed and a count (they only find what the count missed). */
  reconcileIntervalMs?: number;
  /** Least time between full scans for a provider without a change feed (the budget may ask for more). */
  minScanIntervalMs?: number;
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
  /** The backfill or deletion check running beside the polls (watch only). */
  private readonly longWork: BackgroundWork<CycleSummary>;
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
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.pageSize = Math.min(options.pageSize ?? this.provider.maxPageSize, this.provider.maxPageSize);
    this.deletionMode = options.deletionMode ?? 'soft';
    this.allowMassDelete = options.allowMassDelete ?? false;
    this.board = new StatusBoard(() => this.provider.rateBudget(), (status) => this.emit('status', status));
    const ranges = this.provider.createdRange;
    this.rangeTables = ranges ? new RangeTables(options.db, this.provider.kind) : null;
    this.deletions = ranges && this.rangeTables
      ? new DeletionFinder(
        (ctx, counts, allow, signal) => deletionsByRangeCounts(ctx, ranges, this.rangeTables!, counts, allow, signal),
        walkRangesInParallel(ranges),
      )
      : new DeletionFinder();
    // An ended piece of work wakes the loop, which reports its failure or starts the next piece.
    this.longWork = new BackgroundWork(() => this.wakeUp.request());
    this.provider.onRetry((notice) => this.onRetry(notice));
  }

  get status(): SyncStatus {
    return this.board.status;
  }

  get mode(): EngineMode {
    return this.board.mode;
  }

  /** Read fresh: pause() may have changed the mode while a cycle ran. */
  private isPaused(): boolean {
    return this.board.mode === 'paused';
  }

  setDeletionMode(mode: DeletionMode): void {
    this.deletionMode = mode;
  }

  /** A provider request backs off: show "retrying" unless the user paused or a stop is on show. */
  private onRetry(notice: RetryNotice): void {
    if (this.mode === 'paused' || STOPPED_MODES.has(this.mode)) return;
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
      const checkpoint = await this.bind(instance);
      this.ctx = new SyncContext(this.provider, this.store, this.board, this.pageSize, checkpoint, () => this.deletionMode,
        (change) => this.emit('change', change));
      const counts = await this.store.counts();
      this.board.update({
        instance: { provider: this.provider.label, id: instance.id, label: instance.label, environment: instance.environment },
        counts: { active: counts.active, deleted: counts.deleted, quarantined: counts.quarantined },
        latency: this.latency(counts.active),
        message: null,
      });
    } catch (error) {
      await this.unlock();
      throw error;
    }
    return instance;
  }

  /** The checkpoint for this instance; another provider's or instance's binding is refused unless reset. */
  private async bind(instance: ProviderInstance): Promise<Checkpoint> {
    const bound = await this.store.readCheckpoint();
    const given: BoundInstance = { providerLabel: this.provider.label, noun: this.provider.instanceNoun, id: instance.id, label: instance.label };
    if (bound && bound.provider === this.provider.kind && bound.instanceId === instance.id) return bound;
    if (bound) {
      const labels = providerLabels(bound.provider);
      if (!this.options.reset) {
        throw new InstanceMismatchError({ providerLabel: labels.label, noun: labels.instanceNoun, id: bound.instanceId, label: bound.instanceLabel }, given);
      }
      const ids = await this.store.activeIds();
      const deleted = await this.store.markDeleted(ids, this.deletionMode);
      if (deleted > 0) this.emit('change', { inserted: 0, updated: 0, deleted, ids: ids.slice(0, CHANGE_EVENT_IDS) });
      await this.store.resetState();
      await this.rangeTables?.partitions.clear();
    }
    const fresh: Checkpoint = {
      provider: this.provider.kind, instanceId: instance.id, instanceLabel: instance.label, environment: instance.environment,
      backfillCursor: null, backfillDone: false, highWaterMs: null, lastReconciledAt: null,
    };
    await this.store.saveCheckpoint(fresh);
    return fresh;
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
      if (this.mode === 'paused' || STOPPED_MODES.has(this.mode)) {
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
        if (this.isPaused()) continue;
        // A backfill or scan beside the polls shows its own mode and progress (or its retry).
        const ownMode = this.longWork.busy === 'backfill' || (this.longWork.busy !== null && this.mode === 'scanning');
        if (!ownMode) {
          this.board.setMode('watching', { message: null, progress: null });
        }
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
    if (this.mode === 'paused' || STOPPED_MODES.has(this.mode)) this.board.setMode('starting', { message: null });
    this.wakeUp.request();
  }

  resume(): void {
    this.syncNow();
  }

  pause(): void {
    this.board.setMode('paused', { message: null, progress: null });
    this.cycleAbort?.abort(new Error('paused'));
    this.longWork.cancel(new Error('paused')).catch(() => {});
    this.wakeUp.request();
  }

  /**
   * One poll: catch up, and see to the backfill and the deletion check. 'beside-polls' runs
   * those two as background work (one at a time; a later cycle collects how it ended), so the
   * next poll does not wait for them; 'foreground' awaits them (sync --once).
   */
  private async cycle(signal: AbortSignal | undefined, how: 'foreground' | 'beside-polls', pollSignal = signal): Promise<CycleSummary> {
    if (this.lock && !(await this.lock.stillHeld())) {
      // Postgres released it with its connection: another engine may hold it now. Start over.
      await this.unlock();
      throw new Error('The connection holding the engine lock dropped; taking the lock again.');
    }
    const ctx = this.ctx!;
    const summary = this.collectLongWork();
    const run = async (kind: string, work: (signal?: AbortSignal) => Promise<CycleSummary>) => {
      if (how === 'foreground') addRows(summary, await work(signal));
      else this.longWork.start(kind, (s) => this.leavingLongMode(work(s)), signal);
    };
    if (!ctx.checkpoint.backfillDone && !this.longWork.busy) {
      // Seeded first: the polls beside the backfill catch up from here.
      await seedHighWater(ctx, pollSignal);
      await run('backfill', (s) => this.backfillPhase(ctx, s));
    }
    // After a backfill in the foreground; one beside the polls keeps its own mode on show.
    if (how === 'foreground' && this.mode === 'backfilling') this.board.setMode('catching-up');
    addRows(summary, await catchUp(ctx, pollSignal));
    if (ctx.checkpoint.backfillDone && !this.longWork.busy) await run('deletions', (s) => this.deletionPhase(ctx, s));
    this.board.update({ lastSyncAt: new Date().toISOString(), lastError: null });
    return summary;
  }

  /** Work beside the polls shows its mode while it runs, and hands back to "watching" when it ends. */
  private async leavingLongMode<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } finally {
      if (this.mode === 'backfilling' || this.mode === 'scanning') this.board.setMode('watching', { message: null, progress: null });
    }
  }

  /** Rows written by background work that ended since the last cycle; its failure is this cycle's. */
  private collectLongWork(): CycleSummary {
    const summary = noRows();
    for (const outcome of this.longWork.take()) {
      if (outcome.cancelled) continue; // paused or stopped: nothing to report
      if (outcome.error !== undefined) throw outcome.error;
      addRows(summary, outcome.result!);
    }
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
      intervalMs: this.scanIntervalMs(active), force: this.forceScan, allowMassDelete: this.allowMassDelete,
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
      latency: this.latency(counts.active),
    });
  }

  /** Whether polling sees every change (a feed of changes and a count for deletions). */
  private hasChangeFeed(): boolean {
    return this.provider.recent?.covers === 'changes' && this.provider.count !== undefined;
  }

  private scanIntervalMs(users: number): number {
    if (this.hasChangeFeed()) return this.options.reconcileIntervalMs ?? 15 * 60_000;
    return planFullScans(users, this.pageSize, this.provider.rateBudget(), this.options.minScanIntervalMs ?? 60_000).intervalMs;
  }

  private latency(users: number): ChangeLatency {
    if (this.hasChangeFeed()) return feedLatency(this.pollIntervalMs);
    return scanLatency(planFullScans(users, this.pageSize, this.provider.rateBudget(), this.options.minScanIntervalMs ?? 60_000), users);
  }

  private async unlock(): Promise<void> {
    // Background work writes to the database: it ends before the lock is given up.
    await this.longWork.cancel(new Error('stopped'));
    const lock = this.lock;
    this.lock = null;
    this.ctx = null;
    await lock?.release();
  }
}

function errorInfo(error: unknown): { message: string; at: string } {
  return { message: error instanceof Error ? error.message : String(error), at: new Date().toISOString() };
}
