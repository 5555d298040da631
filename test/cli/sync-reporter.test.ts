// What a user sees while `sync` runs: one rewritten line on a terminal, plain lines in a log.
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../shared/types.js';
import { progressText, SyncReporter } from '../../electron/core/cli/sync-reporter.js';

const base: SyncStatus = {
  state: 'starting', message: null, instance: null, progress: null, counts: { active: 0, deleted: 0, quarantined: 0 },
  lastSyncAt: null, lastChangeAt: null, lastError: null, nextRetryAt: null, rateBudget: null, latency: null,
};
const backfilling = (done: number, usersPerSecond: number | null): SyncStatus =>
  ({ ...base, state: 'backfilling', progress: { done, total: 100_000, usersPerSecond } });

function capture(tty: boolean, now = () => 0) {
  let out = '';
  const reporter = new SyncReporter({ write: (t: string) => (out += t) }, { tty, showChanges: true, watchingText: 'Watching', now });
  return { reporter, out: () => out };
}

describe('sync progress', () => {
  it('reads as done / total, rate and time left', () => {
    expect(progressText('Backfilling', { done: 12_500, total: 100_000, usersPerSecond: 1840 })).toBe(
      'Backfilling 12,500 / 100,000 users · 1,840 users/s · ETA 48 s');
    // A provider that does not count its users (Stack): no total to read "0 users" as.
    expect(progressText('Backfilling', { done: 0, total: null, usersPerSecond: null })).toBe('Backfilling: 0 users so far');
  });

  it('on a terminal, rewrites one line and keeps permanent lines, stamped with the time, above it', () => {
    const { reporter, out } = capture(true, () => Date.UTC(2025, 0, 1, 12, 0, 5));
    const time = new Date(Date.UTC(2025, 0, 1, 12, 0, 5)).toLocaleTimeString('en-GB', { hour12: false });
    expect(time).toMatch(/^\d\d:\d\d:05$/);
    reporter.status(backfilling(500, null));
    reporter.status(backfilling(1000, 900));
    reporter.line('note');
    reporter.status({ ...base, state: 'watching' });
    expect(out()).toBe(
      '\r\x1b[KBackfilling 500 / 100,000 users' +
        '\r\x1b[KBackfilling 1,000 / 100,000 users · 900 users/s · ETA 1 min 50 s' +
        `\r\x1b[K${time} note\nBackfilling 1,000 / 100,000 users · 900 users/s · ETA 1 min 50 s` +
        `\n${time} Watching\n`,
    );
  });

  it('in a log, prints a timed line per state change and progress only every few seconds', () => {
    let clock = 0;
    const { reporter, out } = capture(false, () => clock);
    reporter.status(backfilling(500, null));
    clock = 1000;
    reporter.status(backfilling(1000, 500));
    clock = 6000;
    reporter.status(backfilling(3000, 500));
    reporter.status({ ...base, state: 'watching' });
    reporter.status({ ...base, state: 'retrying', message: 'Listing users: rate limited by Clerk (429)', nextRetryAt: '2025-01-01T12:00:05Z' });
    reporter.status({ ...base, state: 'watching' });
    reporter.change({ inserted: 3, updated: 1, deleted: 1, ids: [] });
    reporter.status({ ...base, state: 'reconciling', progress: { done: 10, total: 10, usersPerSecond: null } });
    reporter.status({ ...base, state: 'watching' });
    const stamped = out().trimEnd().split('\n');
    for (const line of stamped) expect(line).toMatch(/^\d\d:\d\d:\d\d /);
    const lines = stamped.map((line) => line.slice('00:00:00 '.length));
    expect(lines[0]).toBe('Backfilling 500 / 100,000 users');
    expect(lines[1]).toMatch(/^Backfilling 3,000 \/ 100,000 users · 500 users\/s · ETA/);
    expect(lines[2]).toBe('Watching');
    expect(lines[3]).toMatch(/^Retrying: Listing users: rate limited by Clerk \(429\); next try at \d\d:\d\d:05$/);
    expect(lines.slice(4)).toEqual(['Recovered: watching for changes', '+3 ~1 -1 users', 'Reconciling 10 / 10 users']);
  });

  it('prints a wait once when it starts (another engine, or the database behind a console query)', () => {
    const { reporter, out } = capture(false);
    reporter.status({ ...base, state: 'watching' });
    const waiting = { ...base, state: 'watching' as const, message: 'Waiting for the database: a console query is running.' };
    reporter.status(waiting);
    reporter.status(waiting);
    reporter.status({ ...base, state: 'watching' });
    const time = new Date(0).toLocaleTimeString('en-GB', { hour12: false });
    expect(out().trimEnd().split('\n')).toEqual([`${time} Watching`, `${time} Waiting for the database: a console query is running.`]);
  });
});
