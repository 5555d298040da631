// Pages that arrive together are written one per turn of the event loop, so whatever else is
// waiting (the app's calls, a poll's timer) runs between two of them.
import { describe, expect, it } from 'vitest';
import { loopTurns } from '../../electron/core/sync/loop-turns.js';

describe('loopTurns', () => {
  it('lets other callbacks run between two pieces of work queued at once', async () => {
    const turn = loopTurns();
    const order: string[] = [];
    const first = turn(async () => {
      order.push('first page');
      // Something else becomes ready while the first page is being handled.
      setImmediate(() => order.push('other callback'));
    });
    const second = turn(async () => {
      order.push('second page');
    });
    await Promise.all([first, second]);
    expect(order).toEqual(['first page', 'other callback', 'second page']);
  });

  it('passes on the result and the failure of each piece of work', async () => {
    const turn = loopTurns();
    const failed = turn(() => Promise.reject(new Error('write failed')));
    await expect(failed).rejects.toThrow('write failed');
    await expect(turn(async () => 42)).resolves.toBe(42);
  });
});
