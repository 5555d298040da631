// The sync engine: keeps seren_auth.users_sync equal to the provider's users.
//
// - Backfill walks users by creation (cursor = last committed id), one page per transaction
//   together with its checkpoint, so a crash resumes where it stopped.
// - Catch-up polls the most recently updated users down to the high-water mark (inclusive, so
//   users sharing its millisecond are seen again; the upsert skips unchanged rows).
// - Deletions: the provider's count is compared with the active rows after each poll; on a
//   mismatch (or every reconcileIntervalMs) a reconciliation walks every id and marks the
//   missing ones deleted, unless that would delete more than half (the mass-deletion guard).
import { EventEmitter } from 'node:events';
import type { Database } from '../db/database.js';
import type { DeletionMode, SyncStatus, UsersChangedEvent } from '../../../shared/types.js';
import { ProviderAuthError, type MappedUser, type ProviderInstance, type RetryNotice, type UserProvider } from './provider.js';
import { expectedProviderCount, UsersStore, type Checkpoint, type UserCounts } from './users-store.js';
import { InstanceMismatchError, MassDeletionGuardError, SyncStoppedError } from './errors.js';
import { WakeUp } from './wake-up.js';
import { pagesByCreation } from './pages.js';
import { acquireEngineLock, type EngineLock } from './engine-lock.js';

/** Reconciliations one cycle runs while the counts keep disagreeing (users changing meanwhile). */
const MAX_RECONCILE_ROUNDS = 3;
/** After that many in vain, how long count mismatches wait before walking again. */
const MISMATCH_BACKOFF_MS = 60_000;
/** Rows written (inserted, updated, deleted) that make the engine vacuum the table (PGlite). */
const VACUUM_AFTER_ROWS = 1000;

export interface SyncEngineOptions {
  db: Database;
  provider: UserProvider;
  deletionMode?: DeletionMode;
  allowMassDelete?: boolean;
  /** Re-bind the database to the provider's instance even if it mirrored another one. */
  reset?: boolean;
  pollIntervalMs?: number;
  reconcileIntervalMs?: number;
  pageSize?: number;
}

export interface CycleSummary {
  inserted: number;
  updated: number;
  deleted: number;
  quarantined: number;
}

type Counts = CycleSummary;
const zero = (): Counts => ({ inserted: 0, updated: 0, deleted: 0, quarantined: 0 });
const add = (a: Counts, b: Partial<Counts>) => {
  a.inserted += b.inserted ?? 0;
  a.updated += b.updated ?? 0;
  a.deleted += b.deleted ?? 0;
  a.quarantined += b.quarantined ?? 0;
};

export interface SyncEngineEvents {
  status: [SyncStatus];
  change: [UsersChangedEvent];
}

export class SyncEngine extends EventEmitter<SyncEngineEvents> {
  private readonly store: UsersStore;
  private readonly pollIntervalMs: number;
  private readonly reconcileIntervalMs: number;
  private readonly pageSize: number;
  private deletionMode: DeletionMode;
  private allowMassDelete: boolean;
  private checkpoint: Checkpoint | null = null;
  private instance: ProviderInstance | null = null;
  private current: SyncStatus;
  private readonly wakeUp = new WakeUp();
  private forceReconcile = false;
  private paused = false;
  /** Set when the guard or a non-retryable error stopped the watch; it waits for the user. */
  private stopped = false;
  private lock: EngineLock | null = null;
  /** Until then a count mismatch does not start a walk (it persisted through several). */
  private mismatchQuietUntil = 0;
  private writtenSinceVacuum = 0;

  constructor(private readonly options: SyncEngineOptions) {
    super();
    this.store = new UsersStore(options.db, options.provider.name);
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    this.reconcileIntervalMs = options.reconcileIntervalMs ?? 15 * 60_000;
    this.pageSize = Math.min(options.pageSize ?? options.provider.maxPageSize, options.provider.maxPageSize);
    this.deletionMode = options.deletionMode ?? 'soft';
    this.allowMassDelete = options.allowMassDelete ?? false;
    this.current = {
      state: 'starting', message: null, instance: null, progress: null,
      counts: { active: 0, deleted: 0, quarantined: 0 }, lastSyncAt: null, lastChangeAt: null,
      lastError: null, nextRetryAt: null, rateBudget: null,
    };
  }

  get status(): SyncStatus {
    return { ...this.current, rateBudget: this.options.provider.rateBudget() };
  }

  setDeletionMode(mode: DeletionMode): void {
    this.deletionMode = mode;
  }

  /** Called by the provider's request policy: shows "retrying" while a request backs off. */
  readonly onRetry = (notice: RetryNotice): void => {
    this.update({ state: 'retrying', message: notice.reason, nextRetryAt: new Date(notice.nextRetryAt).toISOString() });
  };

  private update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    this.emit('status', this.status);
  }

  /** Checks the key and binds the database to the provider's instance (refusing another one). */
  async prepare(signal?: AbortSignal): Promise<ProviderInstance> {
    this.update({ state: 'starting', message: 'Checking the secret key' });
    const instance = await this.options.provider.describeInstance(signal);
    this.lock ??= await acquireEngineLock(
      this.options.db,
      (holder) => this.update({ state: 'starting', message: `Waiting: another engine is syncing this database (${holder}).` }),
      signal,
    );
    let checkpoint = await this.store.readCheckpoint();
    if (checkpoint && checkpoint.instanceId !== instance.id) {
      if (!this.options.reset) throw new InstanceMismatchError(checkpoint.instanceId, instance.id);
      const ids = await this.store.activeIds();
      const deleted = await this.store.markDeleted(ids, this.deletionMode);
      this.noteChange({ inserted: 0, updated: 0, deleted, ids: ids.slice(0, 50) });
      await this.store.resetState();
      checkpoint = null;
    }
    this.checkpoint = checkpoint ?? {
      instanceId: instance.id, environment: instance.environment, backfillCursor: null,
      backfillDone: false, highWaterMs: null, lastReconciledAt: null,
    };
    if (!checkpoint) await this.store.saveCheckpoint(this.checkpoint);
    this.instance = instance;
    this.update({ instance, counts: statusCounts(await this.store.counts()), message: null });
    return instance;
  }

  /** One full pass: backfill or catch up, then check deletions. Used by `sync --once`. */
  async syncOnce(signal?: AbortSignal): Promise<CycleSummary> {
    try {
      if (!this.instance) await this.prepare(signal);
      const summary = await this.cycle(signal);
      this.update({ state: 'stopped', message: null, progress: null });
      return summary;
    } finally {
      await this.unlock();
    }
  }

  private async unlock(): Promise<void> {
    const lock = this.lock;
    this.lock = null;
    this.instance = null;
    await lock?.release();
  }

  /** Keeps syncing until the signal aborts. Errors never end it: they show in the status and are retried. */
  async watch(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (this.paused || this.stopped) {
          // A stop keeps its state and message on show until the user acts.
          if (!this.stopped) this.update({ state: 'paused', message: null, nextRetryAt: null });
          await this.wakeUp.wait(Infinity, signal);
          continue;
        }
        if (!this.instance) await this.prepare(signal);
        await this.cycle(signal);
        failures = 0;
        // A pause asked for during the cycle shows now, not after the next poll interval.
        if (this.paused) continue;
        this.update({ state: 'watching', message: null, progress: null, nextRetryAt: null });
        await this.wakeUp.wait(this.pollIntervalMs, signal);
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof SyncStoppedError) {
          this.update({ state: error.state, message: error.message, progress: null, lastError: errorInfo(error) });
          // Stays stopped until the user acts (syncNow after fixing the cause, or a restart).
          this.stopped = true;
          continue;
        }
        failures++;
        const delay = Math.min(60_000, 2000 * 2 ** Math.min(failures - 1, 5));
        const message = error instanceof ProviderAuthError ? error.message : `Sync failed: ${(error as Error).message}`;
        this.update({
          state: 'retrying', message, progress: null, lastError: errorInfo(error),
          nextRetryAt: new Date(Date.now() + delay).toISOString(),
        });
        await this.wakeUp.wait(delay, signal);
      }
    }
    await this.unlock();
    this.update({ state: 'stopped', message: null, progress: null, nextRetryAt: null });
  }

  /** Wakes the watch loop now; after the mass-deletion guard, `allowMassDelete` lets it proceed. */
  syncNow(options: { allowMassDelete?: boolean } = {}): void {
    if (options.allowMassDelete) this.allowMassDelete = true;
    this.paused = false;
    this.stopped = false;
    this.forceReconcile = this.current.state === 'guard_stopped' || this.forceReconcile;
    this.wakeUp.request();
  }

  pause(): void {
    this.paused = true;
    this.wakeUp.request();
  }

  resume(): void {
    this.paused = false;
    this.stopped = false;
    this.wakeUp.request();
  }

  private async cycle(signal?: AbortSignal): Promise<CycleSummary> {
    if (this.lock && !(await this.lock.stillHeld())) {
      // Postgres released it with its connection: another engine may hold it now. Start over.
      await this.unlock();
      throw new Error('The connection holding the engine lock dropped; taking the lock again.');
    }
    const summary = zero();
    if (!this.checkpoint!.backfillDone) {
      const backfilled = await this.backfill(signal);
      add(summary, backfilled);
      await this.vacuumAfter(backfilled);
      // Show the filled table's counts now, not only after the catch-up and deletion check.
      this.update({ counts: statusCounts(await this.store.counts()) });
    }
    const caughtUp = await this.catchUp(signal);
    add(summary, caughtUp);
    await this.vacuumAfter(caughtUp);
    const checked = await this.checkDeletions(signal);
    add(summary, checked.written);
    await this.vacuumAfter(checked.written);
    // The deletion check's last count already follows every write of this cycle.
    const counts = checked.counts ?? (await this.store.counts());
    this.update({ counts: statusCounts(counts), lastSyncAt: new Date().toISOString(), lastError: null });
    return summary;
  }

  private async backfill(signal?: AbortSignal): Promise<Counts> {
    const provider = this.options.provider;
    const cp = this.checkpoint!;
    return this.recordedRun('backfill', signal, async (totals) => {
      if (cp.highWaterMs === null) {
        // Everything updated after this point is picked up by the catch-up that follows.
        const [newest] = await provider.listByRecentUpdate(0, 1, signal);
        cp.highWaterMs = newest ? provider.mapUser(newest).updated_at ?? 0 : 0;
      }
      const total = await provider.countUsers(signal);
      let done = (await this.store.counts()).active;
      const started = Date.now();
      let writtenThisRun = 0;
      this.update({ state: 'backfilling', message: null, progress: { done, total, usersPerSecond: null } });
      for await (const page of pagesByCreation(provider, cp.backfillCursor, this.pageSize, signal)) {
        const users = page.map((raw) => provider.mapUser(raw));
        const last = users[users.length - 1];
        const next: Checkpoint = {
          ...cp,
          backfillCursor: last ? last.id : cp.backfillCursor,
          backfillDone: page.length < this.pageSize,
        };
        // A completed backfill has walked every user: it counts as a reconciliation.
        if (next.backfillDone) next.lastReconciledAt = new Date();
        const written = await this.writeUsers(users, next);
        add(totals, written);
        Object.assign(cp, next);
        writtenThisRun += users.length;
        done += written.inserted;
        const seconds = (Date.now() - started) / 1000;
        // A page went through: any "retrying" shown while it was fetched is over. The counts follow
        // the rows written, so the status never says "0 active" beside a filling grid.
        const counts = this.current.counts;
        this.update({
          state: 'backfilling', message: null, nextRetryAt: null,
          counts: { ...counts, active: counts.active + written.inserted },
          progress: { done, total: Math.max(total, done), usersPerSecond: seconds > 0 ? Math.round(writtenThisRun / seconds) : null },
        });
        if (cp.backfillDone) break;
      }
    });
  }

  private async catchUp(signal?: AbortSignal): Promise<Counts> {
    const provider = this.options.provider;
    const cp = this.checkpoint!;
    const hwm = cp.highWaterMs ?? 0;
    this.update({ state: this.current.state === 'backfilling' ? 'catching_up' : this.current.state });
    const totals = zero();
    let pending: MappedUser[] = [];
    let newest = hwm;
    let offset = 0;
    // Small first page: a quiet poll costs one light request.
    let limit = Math.min(100, this.pageSize);
    for (;;) {
      signal?.throwIfAborted();
      const page = await provider.listByRecentUpdate(offset, limit, signal);
      const users = page.map((raw) => provider.mapUser(raw));
      const fresh = users.filter((u) => u.updated_at === null || u.updated_at >= hwm);
      for (const u of fresh) if (u.updated_at !== null && u.updated_at > newest) newest = u.updated_at;
      pending.push(...fresh);
      if (fresh.length < users.length || page.length < limit) break;
      offset += page.length;
      limit = this.pageSize;
      if (pending.length >= this.pageSize) {
        // The high-water mark moves only with the last batch: a crash mid-walk loses nothing.
        add(totals, await this.writeUsers(pending, null));
        pending = [];
      }
    }
    add(totals, await this.writeUsers(pending, { ...cp, highWaterMs: newest }));
    cp.highWaterMs = newest;
    return totals;
  }

  /**
   * Reconciles when due or when the provider's count disagrees with the table. A user deleted
   * after the walk passed it is still counted, so the check repeats (a few rounds at most; the
   * next poll carries on) until the counts agree.
   */
  private async checkDeletions(signal?: AbortSignal): Promise<{ written: Counts; counts: UserCounts | null }> {
    const cp = this.checkpoint!;
    const written = zero();
    const due = this.forceReconcile || !cp.lastReconciledAt || Date.now() - cp.lastReconciledAt.getTime() >= this.reconcileIntervalMs;
    if (due) add(written, await this.reconcile(signal));
    if (Date.now() < this.mismatchQuietUntil) return { written, counts: null };
    for (let round = 0; ; round++) {
      const [providerCount, counts] = await Promise.all([this.options.provider.countUsers(signal), this.store.counts()]);
      if (providerCount === expectedProviderCount(counts)) return { written, counts };
      if (round === MAX_RECONCILE_ROUNDS) {
        // Something keeps the counts apart (a very busy instance?): don't walk on every poll.
        this.mismatchQuietUntil = Date.now() + MISMATCH_BACKOFF_MS;
        return { written, counts };
      }
      add(written, await this.reconcile(signal));
    }
  }

  /** Walks every user id at the provider, refreshing rows on the way, and marks the missing deleted. */
  private async reconcile(signal?: AbortSignal): Promise<Counts> {
    const provider = this.options.provider;
    const cp = this.checkpoint!;
    return this.recordedRun('reconcile', signal, async (totals) => {
      const total = await provider.countUsers(signal);
      this.update({ state: 'reconciling', message: null, progress: { done: 0, total, usersPerSecond: null } });
      const seen = new Set<string>();
      for await (const page of pagesByCreation(provider, null, this.pageSize, signal)) {
        const users = page.map((raw) => provider.mapUser(raw));
        for (const u of users) seen.add(u.id);
        add(totals, await this.writeUsers(users, null));
        // Users created during the walk can take it past the count it started from.
        const progress = { done: seen.size, total: Math.max(total, seen.size), usersPerSecond: null };
        this.update({ state: 'reconciling', message: null, nextRetryAt: null, progress });
      }
      const active = await this.store.activeIds();
      const missing = active.filter((id) => !seen.has(id));
      if (missing.length > 10 && missing.length > active.length / 2 && !this.allowMassDelete) {
        throw new MassDeletionGuardError(missing.length, active.length);
      }
      const deleted = await this.store.markDeleted(missing, this.deletionMode);
      await this.store.forgetQuarantinedExcept(seen);
      if (deleted > 0) this.noteChange({ inserted: 0, updated: 0, deleted, ids: missing.slice(0, 50) });
      totals.deleted += deleted;
      cp.lastReconciledAt = new Date();
      await this.store.saveCheckpoint(cp);
      this.forceReconcile = false;
      // A one-off permission given after the guard stopped does not outlive the deletions it allowed.
      this.allowMassDelete = this.options.allowMassDelete ?? false;
    });
  }

  /** Vacuums once enough rows were written since the last time (PGlite has no autovacuum). */
  private async vacuumAfter(written: Counts): Promise<void> {
    this.writtenSinceVacuum += written.inserted + written.updated + written.deleted;
    if (this.writtenSinceVacuum < VACUUM_AFTER_ROWS) return;
    this.writtenSinceVacuum = 0;
    await this.store.vacuum();
  }

  /** Runs `work` as one row of seren_auth.sync_runs: its counts, and how it ended. */
  private async recordedRun(kind: string, signal: AbortSignal | undefined, work: (totals: Counts) => Promise<void>): Promise<Counts> {
    const runId = await this.store.startRun(kind);
    const totals = zero();
    try {
      await work(totals);
    } catch (error) {
      await this.store.finishRun(runId, signal?.aborted ? 'stopped' : 'failed', totals, (error as Error).message).catch(() => {});
      throw error;
    }
    await this.store.finishRun(runId, 'ok', totals, null);
    return totals;
  }

  private async writeUsers(users: MappedUser[], checkpoint: Checkpoint | null): Promise<Counts> {
    const result = await this.store.writePage(users, checkpoint);
    if (result.inserted + result.updated > 0) {
      // The database also NOTIFYs; this event serves in-process listeners without a round trip.
      this.noteChange({ inserted: result.inserted, updated: result.updated, deleted: 0, ids: result.changedIds.slice(0, 50) });
    }
    return { inserted: result.inserted, updated: result.updated, deleted: 0, quarantined: result.quarantined.length };
  }

  private noteChange(change: UsersChangedEvent): void {
    this.current.lastChangeAt = new Date().toISOString();
    this.emit('change', change);
  }
}

function statusCounts({ active, deleted, quarantined }: UserCounts): SyncStatus['counts'] {
  return { active, deleted, quarantined };
}

function errorInfo(error: unknown): { message: string; at: string } {
  return { message: error instanceof Error ? error.message : String(error), at: new Date().toISOString() };
}
