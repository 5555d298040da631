// How the engine runs its long phases, the backfill and the deletion check: awaited in the
// foreground (`sync --once`), or beside the polls while watching (background-work.ts), one at
// a time, so changes keep showing meanwhile. A phase beside the polls shows its own mode while it
// runs and hands back to "watching" when it ends; the next cycle collects how it ended.
import { BackgroundWork } from './background-work.js';
import { addRows, noRows, type CycleSummary } from './cycle-counts.js';
import type { StatusBoard } from './engine-status.js';

export type PhaseRun = 'foreground' | 'beside-polls';
export type LongPhase = 'backfill' | 'deletions';

export class LongPhases {
  private readonly work: BackgroundWork<CycleSummary>;

  /** @param onEnded called when a phase beside the polls ends (to wake the loop at once). */
  constructor(private readonly board: StatusBoard, onEnded: () => void) {
    this.work = new BackgroundWork(onEnded);
  }

  /** The phase running beside the polls, or null. */
  get busy(): string | null {
    return this.work.busy;
  }

  /** Whether the phase beside the polls has its own mode on show (or its retry), not "watching". */
  get showsOwnMode(): boolean {
    return this.work.busy === 'backfill' || (this.work.busy !== null && this.board.mode === 'scanning');
  }

  /** Rows written by phases that ended since the last call; a failure is rethrown here, the loop's. */
  collect(): CycleSummary {
    const summary = noRows();
    for (const outcome of this.work.take()) {
      if (outcome.cancelled) continue; // paused or stopped: nothing to report
      if (outcome.error !== undefined) throw outcome.error;
      addRows(summary, outcome.result!);
    }
    return summary;
  }

  /** Runs `phase` now, adding its rows to `summary`, or starts it beside the polls. */
  async run(how: PhaseRun, kind: LongPhase, phase: (signal?: AbortSignal) => Promise<CycleSummary>, summary: CycleSummary, signal?: AbortSignal): Promise<void> {
    if (how === 'foreground') addRows(summary, await phase(signal));
    else this.work.start(kind, (s) => this.leavingOwnMode(phase(s)), signal);
  }

  /** Stops the phase beside the polls and waits for it to end. */
  cancel(reason: unknown): Promise<void> {
    return this.work.cancel(reason);
  }

  private async leavingOwnMode<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } finally {
      if (this.board.mode === 'backfilling' || this.board.mode === 'scanning') this.board.setMode('watching', { message: null, progress: null });
    }
  }
}
