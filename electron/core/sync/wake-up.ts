// How the watch loop waits between polls yet answers "Sync now", "Pause" and "Resume" at once:
// a wake-up asked for while the loop was busy is remembered, so the next wait returns at once.
import { sleep } from '../sleep.js';

export class WakeUp {
  private wakeWaiter: (() => void) | null = null;
  private pending = false;

  request(): void {
    if (this.wakeWaiter) this.wakeWaiter();
    else this.pending = true;
  }

  /** Waits `ms` (Infinity: until woken), less if woken or the signal aborts. Never throws. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return;
    }
    const woken = new AbortController();
    this.wakeWaiter = () => woken.abort();
    try {
      await sleep(ms, AbortSignal.any([signal, woken.signal]));
    } catch {
      // woken or stopped: the caller decides what comes next
    } finally {
      this.wakeWaiter = null;
    }
  }
}
