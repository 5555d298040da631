// An in-memory provider over created-at ranges (strict semantics of the seam: [from, to), walks
// oldest first with the last id as cursor) and the table's side of the same ranges, for unit
// tests of the range-based sync paths. Hooks let a test change users between requests.
import { inRange, type CreatedRange, type CreatedRangeSource, type RangeWalkPage } from '../../electron/core/sync/created-range.js';
import type { LocalRanges, RangeProfile } from '../../electron/core/sync/local-ranges.js';
import type { MappedUser } from '../../electron/core/providers/provider.js';

export interface FakeUser {
  id: string;
  created_at: number;
  updated_at: number;
}

const byCreation = (a: FakeUser, b: FakeUser) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function mapFakeUser(raw: unknown): MappedUser {
  const u = raw as FakeUser;
  return { id: u.id, name: null, email: null, created_at: u.created_at, updated_at: u.updated_at, raw: u };
}

/** `count` users created `stepMs` apart from `startMs`, ids sortable by creation. */
export function makeUsers(count: number, startMs = 1_700_000_000_000, stepMs = 1000, prefix = 'u'): FakeUser[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}${String(i).padStart(8, '0')}`, created_at: startMs + i * stepMs, updated_at: startMs + i * stepMs,
  }));
}

export class FakeRangeProvider implements CreatedRangeSource {
  private users: FakeUser[];
  requests = { count: 0, walk: 0 };
  /** Runs before each request is answered (after it is counted). */
  beforeRequest: ((kind: 'count' | 'walk') => void | Promise<void>) | null = null;

  constructor(users: FakeUser[]) {
    this.users = [...users].sort(byCreation);
  }

  get all(): readonly FakeUser[] {
    return this.users;
  }

  get total(): number {
    return this.users.length;
  }

  add(user: FakeUser): void {
    this.users.push(user);
    this.users.sort(byCreation);
  }

  delete(id: string): void {
    this.users = this.users.filter((u) => u.id !== id);
  }

  update(id: string, updatedAt: number): void {
    const user = this.users.find((u) => u.id === id)!;
    user.updated_at = updatedAt;
  }

  async count(range: CreatedRange): Promise<number> {
    this.requests.count++;
    await this.beforeRequest?.('count');
    return this.users.filter((u) => inRange(range, u.created_at)).length;
  }

  async walk(range: CreatedRange, cursor: string | null, limit: number): Promise<RangeWalkPage> {
    this.requests.walk++;
    await this.beforeRequest?.('walk');
    // Keyset after the cursor's (created_at, id), as Clerk's starting_after does; ids never reused.
    const after = cursor === null ? null : cursor.split('|');
    const inside = this.users.filter((u) => inRange(range, u.created_at) && (after === null || byCreation(u, { id: after[1], created_at: Number(after[0]), updated_at: 0 }) > 0));
    const page = inside.slice(0, limit).map((u) => ({ ...u }));
    const last = page.at(-1);
    return { users: page, next: page.length < limit || !last ? null : `${last.created_at}|${last.id}` };
  }

  get requestCount(): number {
    return this.requests.count + this.requests.walk;
  }
}

/** The table's side: active rows by creation time. */
export class FakeLocalRanges implements LocalRanges {
  private readonly byId = new Map<string, number>();
  private sorted: [ms: number, id: string][] | null = null;

  constructor(users: readonly FakeUser[]) {
    for (const u of users) this.byId.set(u.id, u.created_at);
  }

  get size(): number {
    return this.byId.size;
  }

  /** A row marked deleted. */
  delete(id: string): void {
    this.byId.delete(id);
    this.sorted = null;
  }

  /** A row written (the poll found a new user). */
  set(id: string, createdMs: number): void {
    this.byId.set(id, createdMs);
    this.sorted = null;
  }

  private inside(range: CreatedRange): [number, string][] {
    this.sorted ??= [...this.byId].map(([id, ms]): [number, string] => [ms, id]).sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
    const rows = this.sorted;
    const firstAt = (ms: number) => {
      let [lo, hi] = [0, rows.length];
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rows[mid][0] < ms) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return rows.slice(range.from === null ? 0 : firstAt(range.from), range.to === null ? rows.length : firstAt(range.to));
  }

  async profile(range: CreatedRange): Promise<RangeProfile> {
    const rows = this.inside(range);
    if (rows.length === 0) return { active: 0, minMs: null, medianMs: null, maxMs: null };
    // percentile_disc(0.5): the first value whose cumulative share reaches one half.
    const median = rows[Math.ceil(rows.length / 2) - 1][0];
    return { active: rows.length, minMs: rows[0][0], medianMs: median, maxMs: rows.at(-1)![0] };
  }

  async countActive(range: CreatedRange): Promise<number> {
    return this.inside(range).length;
  }

  async activeIds(range: CreatedRange): Promise<string[]> {
    return this.inside(range).map(([, id]) => id);
  }
}
