// How many pages the parallel walk holds: enough to cover a round trip at the rate pages are
// committed, plus two waiting for the database, within fixed bounds.
import { describe, expect, it } from 'vitest';
import { HeldPages, MAX_PAGES_HELD, MIN_PAGES_HELD } from '../../electron/core/sync/held-pages.js';

/** A HeldPages whose commits came `gapMs` apart. */
function afterCommits(gapMs: number, commits = 10): HeldPages {
  let now = 0;
  const held = new HeldPages(() => now);
  for (let i = 0; i < commits; i++) {
    held.committed();
    now += gapMs;
  }
  return held;
}

describe('HeldPages', () => {
  it('holds the least before anything was measured', () => {
    expect(new HeldPages().bound(null)).toBe(MIN_PAGES_HELD);
    expect(afterCommits(50, 1).bound(300)).toBe(MIN_PAGES_HELD);
  });

  it('covers a production round trip at the rate the database commits', () => {
    // 330 ms per request, a commit every 75 ms: 5 pages in flight, 2 waiting.
    expect(afterCommits(75).bound(330)).toBe(7);
  });

  it('holds no more than the least when the round trip is short beside the writes', () => {
    expect(afterCommits(45).bound(90)).toBe(MIN_PAGES_HELD);
  });

  it('never holds more than its upper bound', () => {
    expect(afterCommits(1).bound(2000)).toBe(MAX_PAGES_HELD);
  });
});
