// The status bar's sentence for a SyncStatus. Kept stable: end-to-end tests look for this text.
import type { SyncStatus } from '../../../shared/types';
import { formatCount } from './format';

export const DISCONNECTED_TEXT =
  'Disconnected: the SerenDB Auth core does not answer (has `seren-auth serve` stopped? Start it again and open the link it prints).';

/** Whole seconds until `iso`, never negative. */
export function secondsUntil(iso: string | null, now: number): number {
  if (!iso) return 0;
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1000));
}

function progressText(verb: string, status: SyncStatus): string {
  const p = status.progress;
  if (!p) return verb;
  // A provider that does not count its users (Stack): no total to read "0 users" as.
  if (p.total === null) return `${verb}: ${formatCount(p.done)} users so far`;
  return `${verb} ${formatCount(p.done)} of ${formatCount(p.total)}`;
}

export function statusSentence(status: SyncStatus, now: number): string {
  const reason = status.message ?? status.lastError?.message ?? null;
  // A working state can carry a note: waiting for another engine, or for the database.
  const noted = (text: string) => (status.message ? `${text} — ${status.message}` : text);
  switch (status.state) {
    case 'idle':
      return 'Not linked';
    case 'starting':
      return noted('Starting');
    case 'backfilling':
      return noted(progressText('Backfilling', status));
    case 'catching_up':
      return noted('Catching up');
    case 'reconciling':
      return noted(progressText('Reconciling', status));
    case 'watching':
      return noted('Watching');
    case 'retrying':
      return `Retrying in ${secondsUntil(status.nextRetryAt, now)} s${reason ? ` — ${reason}` : ''}`;
    case 'paused':
      return 'Paused';
    case 'guard_stopped':
      return `Stopped by the mass-deletion guard: ${reason ?? 'too many deletions at once'}`;
    case 'failed':
      return `Sync failed: ${reason ?? 'unknown error'}`;
    case 'stopped':
      return 'Stopped';
  }
}
