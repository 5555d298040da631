// Long work beside the poll loop: one piece at a time, outcomes (and failures) collected later,
// and a cancel that ends it.
import { describe, expect, it } from 'vitest';
import { BackgroundWork } from '../../electron/core/sync/background-work.js';

describe('BackgroundWork', () => {
  it('runs one piece at a time and hands over its outcome once', async () => {
    let settled = 0;
    const work = new BackgroundWork<number>(() => settled++);
    let finish!: (n: number) => void;
    expect(work.start('backfill', () => new Promise<number>((r) => (finish = r)))).toBe(true);
    expect(work.busy).toBe('backfill');
    expect(work.start('scan', async () => 1)).toBe(false);
    await Promise.resolve();
    finish(42);
    await work.settled();
    expect(work.busy).toBeNull();
    expect(settled).toBe(1);
    expect(work.take()).toEqual([{ kind: 'backfill', result: 42 }]);
    expect(work.take()).toEqual([]);
  });

  it('keeps a failure for the loop to handle', async () => {
    const work = new BackgroundWork<number>();
    work.start('scan', async () => {
      throw new Error('rate limited');
    });
    await work.settled();
    const [outcome] = work.take();
    expect(outcome.kind).toBe('scan');
    expect(outcome.cancelled).toBe(false);
    expect((outcome.error as Error).message).toBe('rate limited');
  });

  it('cancels through the signal it gave the work', async () => {
    const work = new BackgroundWork<void>();
    work.start('backfill', (signal) => new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    await work.cancel(new Error('paused'));
    expect(work.busy).toBeNull();
    const [outcome] = work.take();
    expect((outcome.error as Error).message).toBe('paused');
    expect(outcome.cancelled).toBe(true);
  });
});
