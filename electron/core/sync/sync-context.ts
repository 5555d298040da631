// What the sync phases (backfill, catch-up, full scan) share: the provider, the store, the
// status board and the checkpoint, which changes only after the write that carries it commits.
import type { DeletionMode, UsersChangedEvent } from '../../../shared/types.js';
import type { Statement } from '../db/database.js';
import type { MappedUser, UserProvider, WalkPage } from '../providers/provider.js';
import { addRows, noRows, type CycleSummary } from './cycle-counts.js';
import type { StatusBoard } from './engine-status.js';
import type { Checkpoint, UsersStore } from './users-store.js';
import { mapWalkPage } from './page-source.js';

/** Ids carried in a change event: enough to highlight rows (the store's notification carries as many). */
export const CHANGE_EVENT_IDS = 50;
/** Rows written (inserted, updated, deleted) that make the engine vacuum the table (PGlite). */
/** Rows updated or deleted between two vacuums of the embedded database. */
const VACUUM_AFTER_ROWS = 1000;

export class SyncContext {
  private writtenSinceVacuum = 0;

  constructor(
    readonly provider: UserProvider,
    readonly store: UsersStore,
    readonly board: StatusBoard,
    readonly pageSize: number,
    public checkpoint: Checkpoint,
    readonly deletionMode: () => DeletionMode,
    private readonly onChange: (change: UsersChangedEvent) => void,
  ) {}

  /** One page of the provider's full walk. */
  readonly walkPage = (cursor: string | null, signal?: AbortSignal): Promise<WalkPage> =>
    this.provider.walk(cursor, this.pageSize, signal);

  mapPage(page: WalkPage): MappedUser[] {
    return mapWalkPage(page, (raw) => this.provider.mapUser(raw));
  }

  /**
   * Writes users, and the checkpoint fields that follow them (and `also`), in one transaction.
   * Phases run side by side (polls beside a backfill), so checkpoint writes take turns, each
   * applying its fields to the last committed checkpoint: none undoes another's progress.
   */
  async write(users: MappedUser[], change: Partial<Checkpoint> | null, also: Statement[] = []): Promise<CycleSummary> {
    const result = change
      ? await this.inTurn(async () => {
          const next = { ...this.checkpoint, ...change };
          const written = await this.store.writePage(users, next, also);
          this.checkpoint = next;
          return written;
        })
      : await this.store.writePage(users, null, also);
    if (result.inserted + result.updated > 0) {
      // The database also NOTIFYs; this event serves in-process listeners without a round trip.
      this.noteChange({ inserted: result.inserted, updated: result.updated, deleted: 0, ids: result.changedIds.slice(0, CHANGE_EVENT_IDS) });
    }
    const written = { inserted: result.inserted, updated: result.updated, deleted: 0, quarantined: result.quarantined.length };
    await this.vacuumAfter(written);
    return written;
  }

  async saveCheckpoint(change: Partial<Checkpoint>): Promise<void> {
    await this.inTurn(async () => {
      const next = { ...this.checkpoint, ...change };
      await this.store.saveCheckpoint(next);
      this.checkpoint = next;
    });
  }

  private checkpointTurn: Promise<unknown> = Promise.resolve();

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.checkpointTurn.then(work);
    this.checkpointTurn = turn.catch(() => {});
    return turn;
  }

  noteChange(change: UsersChangedEvent): void {
    this.board.noteChange(new Date().toISOString());
    this.onChange(change);
  }

  /**
   * Vacuums once enough dead rows may have piled up since the last time (PGlite has no
   * autovacuum). Only updates and deletions leave dead rows behind: counting the inserts too made
   * a 100k-user backfill vacuum a hundred times, in the one embedded session every write waits for.
   */
  async vacuumAfter(written: CycleSummary): Promise<void> {
    this.writtenSinceVacuum += written.updated + written.deleted;
    if (this.writtenSinceVacuum < VACUUM_AFTER_ROWS) return;
    await this.vacuum();
  }

  /** Vacuums the embedded table now: after a backfill, so its pages are all-visible (counts read the index). */
  async vacuum(): Promise<void> {
    this.writtenSinceVacuum = 0;
    await this.store.vacuum();
  }

  /** Runs `work` as one row of seren_auth.sync_runs: its counts, and how it ended. */
  async recordedRun(kind: string, signal: AbortSignal | undefined, work: (totals: CycleSummary) => Promise<void>): Promise<CycleSummary> {
    const runId = await this.store.startRun(kind);
    const totals = noRows();
    try {
      await work(totals);
    } catch (error) {
      await this.store.finishRun(runId, signal?.aborted ? 'stopped' : 'failed', totals, (error as Error).message).catch(() => {});
      throw error;
    }
    await this.store.finishRun(runId, 'ok', totals, null);
    return totals;
  }
}

export { addRows, noRows };
