// Background activity for a live-looking demo instance: users created, renamed and deleted over time.
import { createRng, type Rng } from './random.js';

/** What churn changes: any demo server's user store. */
export interface ChurnTarget {
  readonly seed: number;
  createUser(): unknown;
  updateUser(id: string): unknown;
  deleteUser(id: string): boolean;
  randomUserId(rng: Rng): string | undefined;
}

export interface ChurnOptions {
  /** Operations per second (creates + updates + deletes). */
  perSecond: number;
  seed?: number;
  /** Timer period; each tick applies the operations due since the last one (default 100 ms). */
  tickMs?: number;
}

export interface ChurnStats {
  created: number;
  updated: number;
  deleted: number;
}

// Slightly more creates than deletes, so a demo instance grows a little over time.
const CREATE_SHARE = 0.35;
const DELETE_SHARE = 0.25;

export class Churn {
  readonly stats: ChurnStats = { created: 0, updated: 0, deleted: 0 };
  private readonly rng: Rng;
  private readonly tickMs: number;
  private timer: NodeJS.Timeout | null = null;
  private carry = 0;

  constructor(
    private readonly store: ChurnTarget,
    private readonly options: ChurnOptions,
  ) {
    this.rng = createRng(options.seed ?? store.seed, 0xc4a2);
    this.tickMs = options.tickMs ?? 100;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer || this.options.perSecond <= 0) return;
    this.timer = setInterval(() => this.tick(), this.tickMs);
    // Never keep a CLI or test process alive just for churn.
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Applies `count` random operations now. */
  step(count = 1): void {
    for (let i = 0; i < count; i++) {
      const roll = this.rng();
      const victim = this.store.randomUserId(this.rng);
      if (roll < CREATE_SHARE || victim === undefined) {
        this.store.createUser();
        this.stats.created++;
      } else if (roll < CREATE_SHARE + DELETE_SHARE) {
        this.store.deleteUser(victim);
        this.stats.deleted++;
      } else {
        this.store.updateUser(victim);
        this.stats.updated++;
      }
    }
  }

  private tick(): void {
    this.carry += (this.options.perSecond * this.tickMs) / 1000;
    const due = Math.floor(this.carry);
    this.carry -= due;
    this.step(due);
  }
}
