// Long work — a backfill, a full scan, a bisection of range counts — runs beside the poll loop
// instead of inside it, one piece at a time, so polls keep showing changes while it runs. The
// loop starts work, carries on polling, and collects the outcome on a later cycle (a failure
// is rethrown there, where the loop's retry and stop handling lives).

export interface WorkOutcome<T> {
  kind: string;
  result?: T;
  error?: unknown;
  /** Ended by cancel(): its error is the cancellation, not a failure to report. */
  cancelled?: boolean;
}

export class BackgroundWork<T> {
  private current: { kind: string; abort: AbortController; done: Promise<void> } | null = null;
  private outcomes: WorkOutcome<T>[] = [];

  /** @param onSettled called when a piece of work ends (e.g. to wake the loop at once). */
  constructor(private readonly onSettled: () => void = () => {}) {}

  /** What is running, or null. */
  get busy(): string | null {
    return this.current?.kind ?? null;
  }

  /** Starts `work` unless something is already running; false when it did not start. */
  start(kind: string, work: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): boolean {
    if (this.current) return false;
    const abort = new AbortController();
    const combined = signal ? AbortSignal.any([signal, abort.signal]) : abort.signal;
    // Called at once (an async wrapper turns a synchronous throw into a failed outcome).
    const done = (async () => work(combined))()
      .then(
        (result) => void this.outcomes.push({ kind, result }),
        (error: unknown) => void this.outcomes.push({ kind, error, cancelled: abort.signal.aborted }),
      )
      .finally(() => {
        this.current = null;
        this.onSettled();
      });
    this.current = { kind, abort, done };
    return true;
  }

  /** The outcomes of work that ended since the last call, oldest first. */
  take(): WorkOutcome<T>[] {
    return this.outcomes.splice(0);
  }

  /** Resolves when nothing runs. */
  async settled(): Promise<void> {
    while (this.current) await this.current.done;
  }

  /** Stops what runs (its outcome is an abort error) and waits for it to end. */
  async cancel(reason: unknown = new Error('cancelled')): Promise<void> {
    this.current?.abort.abort(reason);
    await this.settled();
  }
}
