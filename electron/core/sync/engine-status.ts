// The engine's one explicit mode, and the status it shows. Control decisions read the mode;
// the display status is derived from it and sent only when something a user can see changed.
import type { SyncState, SyncStatus } from '../../../shared/types.js';
import type { RateBudget } from '../providers/provider.js';

export type EngineMode =
  | 'starting'
  | 'backfilling'
  | 'catching-up'
  | 'scanning'
  | 'watching'
  | 'retrying'
  | 'paused'
  | 'stopped-by-guard'
  | 'wrong-instance'
  | 'failed'
  | 'ended';

/** Modes that wait for the user: nothing runs, the engine lock is released. */
export const STOPPED_MODES: ReadonlySet<EngineMode> = new Set(['stopped-by-guard', 'wrong-instance', 'failed']);

const DISPLAY_STATE: Record<EngineMode, SyncState> = {
  starting: 'starting',
  backfilling: 'backfilling',
  'catching-up': 'catching_up',
  scanning: 'reconciling',
  watching: 'watching',
  retrying: 'retrying',
  paused: 'paused',
  'stopped-by-guard': 'guard_stopped',
  'wrong-instance': 'failed',
  failed: 'failed',
  ended: 'stopped',
};

/** Status fields that change on every poll without telling a user anything new. */
const QUIET_FIELDS = ['lastSyncAt', 'rateBudget'] as const;
/** Those quiet fields still go out this often, so "last synced" never looks stale. */
const QUIET_REFRESH_MS = 30_000;

export class StatusBoard {
  private current: SyncStatus;
  private currentMode: EngineMode = 'starting';
  private lastSent: SyncStatus | null = null;
  private lastSentAt = 0;
  /** Set while the embedded database is busy with a console query: shown as the message. */
  private databaseWait: string | null = null;

  constructor(
    private readonly rateBudget: () => RateBudget,
    private readonly send: (status: SyncStatus) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.current = {
      state: 'starting', message: null, instance: null, progress: null,
      counts: { active: 0, deleted: 0, quarantined: 0 }, lastSyncAt: null, lastChangeAt: null,
      lastError: null, nextRetryAt: null, rateBudget: null, latency: null,
    };
  }

  get mode(): EngineMode {
    return this.currentMode;
  }

  /** Paused, or stopped until the user acts: nothing runs. */
  get waitsForUser(): boolean {
    return this.currentMode === 'paused' || STOPPED_MODES.has(this.currentMode);
  }

  get status(): SyncStatus {
    const message = this.databaseWait ? `Waiting for the database: ${this.databaseWait}.` : this.current.message;
    return { ...this.current, message, rateBudget: this.rateBudget() };
  }

  setDatabaseWait(reason: string | null): void {
    this.databaseWait = reason;
    this.update({});
  }

  /** Enters `mode`; the patch says what to show with it (a mode change clears the retry time). */
  setMode(mode: EngineMode, patch: Partial<SyncStatus> = {}): void {
    this.currentMode = mode;
    this.update({ nextRetryAt: null, ...patch, state: DISPLAY_STATE[mode] });
  }

  update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch };
    const next = this.status;
    const quietOnly = this.lastSent !== null && sameVisible(this.lastSent, next);
    if (quietOnly && (sameQuiet(this.lastSent!, next) || this.now() - this.lastSentAt < QUIET_REFRESH_MS)) return;
    this.lastSent = next;
    this.lastSentAt = this.now();
    this.send(next);
  }

  /** Noted without an event of its own: the change event already told listeners. */
  noteChange(at: string): void {
    this.current.lastChangeAt = at;
  }
}

function sameVisible(a: SyncStatus, b: SyncStatus): boolean {
  const strip = (s: SyncStatus) => {
    const copy: Record<string, unknown> = { ...s };
    for (const field of QUIET_FIELDS) delete copy[field];
    return JSON.stringify(copy);
  };
  return strip(a) === strip(b);
}

function sameQuiet(a: SyncStatus, b: SyncStatus): boolean {
  return QUIET_FIELDS.every((f) => JSON.stringify(a[f]) === JSON.stringify(b[f]));
}

/** A failure as the status shows it (lastError). */
export function errorInfo(error: unknown): { message: string; at: string } {
  return { message: error instanceof Error ? error.message : String(error), at: new Date().toISOString() };
}
