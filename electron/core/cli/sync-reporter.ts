// What `seren-auth sync` tells the user while it works, from the engine's status and change
// events. On a terminal the progress is one line rewritten in place; piped to a file or CI it
// becomes plain lines: one per state change, and one every few seconds of progress. Permanent
// lines start with the local time, so a long watch reads as a log.
import type { SyncState, SyncStatus, UsersChangedEvent } from '../../../shared/types.js';
import { formatClock, formatCount, formatSeconds } from './format.js';

export interface SyncReporterOptions {
  /** Rewrite one progress line in place (stderr is a terminal). */
  tty: boolean;
  /** Print a line per change batch (watch mode). */
  showChanges: boolean;
  /** The sentence for entering the watching state. */
  watchingText: string;
  /** Plain mode: seconds between progress lines. */
  progressEverySeconds?: number;
  now?: () => number;
}

/** A row of seren_auth.quarantine, as the reporter shows it. */
export interface QuarantinedEntry {
  user_id: string;
  error: string;
}

/** "2 users could not be stored (…):" and one indented line per user: the same text for --once and watch. */
export function quarantineLines(entries: QuarantinedEntry[]): string[] {
  if (entries.length === 0) return [];
  const users = entries.length === 1 ? '1 user' : `${formatCount(entries.length)} users`;
  return [
    `${users} could not be stored (kept in seren_auth.quarantine, retried on every sync):`,
    ...entries.map((q) => `  ${q.user_id}: ${q.error}`),
  ];
}

const PROGRESS_STATES: Partial<Record<SyncState, string>> = { backfilling: 'Backfilling', reconciling: 'Reconciling' };

export class SyncReporter {
  private live = '';
  private state: SyncState | null = null;
  private retryShown: string | null = null;
  private waitShown: string | null = null;
  private lastProgressLineAt = 0;
  private watchedBefore = false;
  private lastProgressKey = '';
  /** Quarantined users already reported (id → error), so each is told once. */
  private quarantineShown = new Map<string, string>();
  private readonly now: () => number;

  constructor(
    private readonly out: { write(text: string): unknown },
    private readonly options: SyncReporterOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** A permanent line, stamped with the time; on a terminal the live progress line is redrawn under it. */
  line(text: string): void {
    const stamped = this.stamp(text);
    if (this.options.tty && this.live) this.out.write(`\r\x1b[K${stamped}\n${this.live}`);
    else this.out.write(`${stamped}\n`);
  }

  /** "14:03:07 text" */
  private stamp(text: string): string {
    return `${formatClock(new Date(this.now()).toISOString())} ${text}`;
  }

  status(status: SyncStatus): void {
    // Waits (for another engine, for the database behind a console query) are worth a line each.
    const waiting = status.message?.startsWith('Waiting') ? status.message : null;
    if (waiting && waiting !== this.waitShown) this.line(waiting);
    this.waitShown = waiting;
    const entered = status.state !== this.state;
    if (entered) this.enter(status);
    else if (status.state === 'retrying') this.showRetry(status);
    this.state = status.state;
    const verb = PROGRESS_STATES[status.state];
    if (verb && status.progress) this.progress(verb, status.progress, entered);
  }

  change(change: UsersChangedEvent): void {
    if (!this.options.showChanges || this.state === 'backfilling') return;
    this.line(`+${change.inserted} ~${change.updated} -${change.deleted} users`);
  }

  /**
   * Watch mode: the current quarantine. Reports users newly quarantined (or failing with a new
   * error), and users that left it because a later sync stored them.
   */
  quarantine(entries: QuarantinedEntry[]): void {
    const now = new Map(entries.map((q) => [q.user_id, q.error]));
    const fresh = entries.filter((q) => this.quarantineShown.get(q.user_id) !== q.error);
    const stored = [...this.quarantineShown.keys()].filter((id) => !now.has(id));
    this.quarantineShown = now;
    for (const text of quarantineLines(fresh)) this.line(text);
    for (const id of stored) this.line(`${id} left the quarantine: stored now, or no longer at the provider.`);
  }

  /** Ends the live line so later output starts on a fresh one. */
  finish(): void {
    if (this.options.tty && this.live) this.out.write('\n');
    this.live = '';
  }

  private enter(status: SyncStatus): void {
    if (this.options.tty && this.live) this.finish();
    switch (status.state) {
      case 'catching_up':
        return this.line('Catching up on recent changes');
      case 'watching':
        return this.enterWatching();
      case 'retrying':
        return this.showRetry(status);
      case 'guard_stopped':
      case 'failed':
        return this.line(status.message ?? `Sync ${status.state.replace('_', ' ')}`);
      case 'paused':
        return this.line('Paused');
      default:
        // starting, backfilling, reconciling: their progress line says it; stopped: the command does.
        return;
    }
  }

  /** Announced once; later only a recovery from retrying is worth a line (not every reconciliation). */
  private enterWatching(): void {
    if (!this.watchedBefore) this.line(this.options.watchingText);
    else if (this.state === 'retrying' || this.state === 'paused') this.line('Recovered: watching for changes');
    this.watchedBefore = true;
  }

  private showRetry(status: SyncStatus): void {
    this.retry(status.message, status.nextRetryAt);
  }

  /** "Retrying: <reason>; next try at 14:03:07" (each retry once). */
  retry(reason: string | null, nextRetryAt: string | null): void {
    const key = `${reason}|${nextRetryAt}`;
    if (key === this.retryShown) return;
    this.retryShown = key;
    const when = nextRetryAt ? `; next try at ${formatClock(nextRetryAt)}` : '';
    this.line(`Retrying: ${reason ?? 'the last request failed'}${when}`);
  }

  private progress(verb: string, p: NonNullable<SyncStatus['progress']>, first: boolean): void {
    const text = progressText(verb, p);
    if (this.options.tty) {
      this.live = text;
      this.out.write(`\r\x1b[K${text}`);
      return;
    }
    const every = (this.options.progressEverySeconds ?? 5) * 1000;
    const complete = p.total !== null && p.done >= p.total;
    const key = `${verb} ${p.done}`;
    if (key === this.lastProgressKey) return;
    if (!first && !complete && this.now() - this.lastProgressLineAt < every) return;
    this.lastProgressKey = key;
    this.lastProgressLineAt = this.now();
    this.out.write(`${this.stamp(text)}\n`);
  }
}

/**
 * "Backfilling 12,500 / 100,000 users · 1,840 users/s · ETA 47 s"; for a provider that does not
 * count its users, "Backfilling: 12,500 users so far · …".
 */
export function progressText(verb: string, p: NonNullable<SyncStatus['progress']>): string {
  const parts = [p.total !== null ? `${verb} ${formatCount(p.done)} / ${formatCount(p.total)} users` : `${verb}: ${formatCount(p.done)} users so far`];
  if (p.usersPerSecond) {
    parts.push(`${formatCount(p.usersPerSecond)} users/s`);
    if (p.total !== null && p.total > p.done) parts.push(`ETA ${formatSeconds((p.total - p.done) / p.usersPerSecond)}`);
  }
  return parts.join(' · ');
}
