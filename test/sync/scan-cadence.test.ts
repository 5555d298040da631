// The scan cadence behind Stack's stated worst case ("How fast changes arrive"): scans run at the
// budget the polls leave them, start an interval apart, and a change waits at most one interval
// plus one scan.
import { describe, expect, it } from 'vitest';
import { planFullScans, scanLatency } from '../../electron/core/sync/scan-cadence.js';

// Stack's defaults: 50 requests / 10 s for the project, half for the engine, a poll every 2 s.
const stackBudget = { used: 0, limit: 25, windowMs: 10_000 };

describe('planFullScans', () => {
  it('leaves the polls their requests: a scan of 100,000 users takes 101 pages at 20 per 10 s', () => {
    const plan = planFullScans(100_000, 1000, stackBudget, 60_000, 2000);
    expect(plan.scanMs).toBe(50_500);
    // Scans use half of what they may: one every two scan lengths.
    expect(plan.intervalMs).toBe(101_000);
    expect(scanLatency(plan, 100_000).worstCaseMs).toBe(151_500);
  });

  it('never scans more often than the least interval', () => {
    expect(planFullScans(1000, 1000, stackBudget, 60_000, 2000)).toEqual({ scanMs: 1000, intervalMs: 60_000 });
  });
});
