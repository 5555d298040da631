// The demo instance's users: compact plans kept in creation order, rendered to Clerk JSON on demand.
import { createRng, type Rng } from './random.js';
import { planUser, planUsers, renderUser, type UserPlan } from './user-generator.js';
import { USER_KEY_ORDER, type ClerkUserJSON } from './user-json.js';

/** Fields `GET /v1/users` can order by (BAPI `order_by`). */
export type UserOrderField =
  | 'created_at'
  | 'updated_at'
  | 'email_address'
  | 'phone_number'
  | 'first_name'
  | 'last_name'
  | 'username'
  | 'last_active_at'
  | 'last_sign_in_at'
  | 'web3wallet';

/** Position of a user in the created_at ordering; kept for deleted users so cursors stay valid. */
export interface CreatedPosition {
  id: string;
  createdAt: number;
}

/** What the server needs from a stored user. */
export interface StoredUser {
  readonly id: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** A freshly rendered wire object (callers may mutate it). */
  json(): ClerkUserJSON;
  /** The wire JSON text, cached while the store's cache budget lasts. */
  serialized(): string;
}

/** Characters of serialized JSON the store may keep; ~2 KB a user, so the default holds ~120k users. */
export const DEFAULT_JSON_CACHE_CHARS = 256 * 1024 * 1024;

class JsonCacheBudget {
  used = 0;
  constructor(readonly limit: number) {}
}

type Patch = Partial<Omit<ClerkUserJSON, 'id' | 'object' | 'created_at' | 'updated_at'>>;
type SortValue = string | number | null;

class UserRecord implements StoredUser {
  private sortValues: Map<UserOrderField, SortValue> | null = null;
  private cachedJson: string | null = null;
  constructor(
    private readonly seed: number,
    private readonly budget: JsonCacheBudget,
    readonly plan: UserPlan,
    public patch: Patch | null,
  ) {}
  get id() {
    return this.plan.id;
  }
  get createdAt() {
    return this.plan.createdAt;
  }
  get updatedAt() {
    return this.plan.updatedAt;
  }
  json(): ClerkUserJSON {
    const user = renderUser(this.seed, this.plan);
    if (!this.patch) return user;
    // Assigning over existing keys keeps the wire order; a key the render lacked would land last.
    const addsKeys = Object.keys(this.patch).some((k) => !(k in user));
    const merged = Object.assign(user, structuredClone(this.patch));
    if (!addsKeys) return merged;
    const ordered: Record<string, unknown> = {};
    for (const key of USER_KEY_ORDER) if (key in merged) ordered[key] = merged[key];
    for (const key of Object.keys(merged)) if (!(key in ordered)) ordered[key] = (merged as unknown as Record<string, unknown>)[key];
    return ordered as unknown as ClerkUserJSON;
  }
  serialized(): string {
    if (this.cachedJson !== null) return this.cachedJson;
    const text = JSON.stringify(this.json());
    if (this.budget.used + text.length <= this.budget.limit) {
      this.cachedJson = text;
      this.budget.used += text.length;
    }
    return text;
  }
  changed() {
    this.sortValues = null;
    this.forget();
  }
  forget() {
    if (this.cachedJson !== null) this.budget.used -= this.cachedJson.length;
    this.cachedJson = null;
  }
  sortValue(field: UserOrderField): SortValue {
    if (field === 'created_at') return this.plan.createdAt;
    if (field === 'updated_at') return this.plan.updatedAt;
    if (!this.sortValues) {
      const u = this.json();
      this.sortValues = new Map<UserOrderField, SortValue>([
        ['email_address', u.email_addresses.find((e) => e.id === u.primary_email_address_id)?.email_address ?? null],
        ['phone_number', u.phone_numbers.find((p) => p.id === u.primary_phone_number_id)?.phone_number ?? null],
        ['first_name', u.first_name],
        ['last_name', u.last_name],
        ['username', u.username],
        ['last_active_at', u.last_active_at],
        ['last_sign_in_at', u.last_sign_in_at],
      ]);
    }
    return this.sortValues.get(field) ?? null;
  }
}

/** Ascending by value then id; nulls sort last, as Postgres does for ascending order. */
function compareBy(field: UserOrderField) {
  return (a: UserRecord, b: UserRecord): number => {
    const va = a.sortValue(field);
    const vb = b.sortValue(field);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      return va < vb ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
}

function compareCreated(a: CreatedPosition, b: CreatedPosition): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export interface UserStoreOptions {
  seed?: number;
  /** Users generated up front (fixed creation times in 2024–2025, so the same seed gives the same users). */
  users?: number;
  /** Clock for created_at/updated_at of later changes. */
  now?: () => number;
  /** Budget for cached serialized users (characters); 0 disables the cache. */
  jsonCacheChars?: number;
}

export class UserStore {
  readonly seed: number;
  private readonly now: () => number;
  private readonly byId = new Map<string, UserRecord>();
  /** All users ascending by (created_at, id): the order cursors walk, kept sorted on every change. */
  private readonly byCreated: UserRecord[] = [];
  private readonly deletedPositions = new Map<string, CreatedPosition>();
  private readonly sortedCache = new Map<UserOrderField, UserRecord[]>();
  private readonly createRng: Rng;
  private readonly budget: JsonCacheBudget;
  private nextSeq: number;
  /** Incremented by every create, update and delete. */
  version = 0;

  constructor(options: UserStoreOptions = {}) {
    this.seed = options.seed ?? 1;
    this.now = options.now ?? Date.now;
    this.budget = new JsonCacheBudget(options.jsonCacheChars ?? DEFAULT_JSON_CACHE_CHARS);
    const plans = planUsers(this.seed, options.users ?? 0);
    for (const plan of plans) {
      const record = new UserRecord(this.seed, this.budget, plan, null);
      this.byId.set(plan.id, record);
      this.byCreated.push(record);
    }
    this.byCreated.sort(compareCreated);
    this.nextSeq = plans.length;
    this.createRng = createRng(this.seed, 0xc0ffee);
  }

  get count(): number {
    return this.byId.size;
  }

  getUser(id: string): ClerkUserJSON | undefined {
    return this.byId.get(id)?.json();
  }

  /** The stored user, for serving it without re-rendering. */
  find(id: string): StoredUser | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Every user, oldest first. Renders all of them: meant for tests and small demos. */
  listAll(): ClerkUserJSON[] {
    return this.byCreated.map((r) => r.json());
  }

  /**
   * Creates a user now (or at `overrides.created_at`, e.g. to bring a deleted user back with its id);
   * updated_at defaults to created_at; other overrides replace generated fields.
   */
  createUser(overrides: Partial<ClerkUserJSON> = {}): ClerkUserJSON {
    const { id, object: _object, created_at, updated_at, ...patch } = overrides;
    const createdAt = created_at ?? this.now();
    const seq = this.nextSeq++;
    const plan = planUser(this.seed, seq, createdAt);
    plan.updatedAt = Math.max(updated_at ?? createdAt, createdAt);
    if (id) plan.id = id;
    if (this.byId.has(plan.id)) throw new Error(`User ${plan.id} already exists`);
    const record = new UserRecord(this.seed, this.budget, plan, Object.keys(patch).length ? patch : null);
    this.byId.set(plan.id, record);
    this.byCreated.splice(this.insertionIndex(plan), 0, record);
    this.deletedPositions.delete(plan.id);
    this.touched();
    return record.json();
  }

  /**
   * Updates a user: bumps updated_at to max(now, previous + 1) and applies `patch`; without a patch
   * the user's name (or username) changes, so the update is visible in the data.
   */
  updateUser(id: string, patch?: Partial<ClerkUserJSON>): ClerkUserJSON {
    const record = this.byId.get(id);
    if (!record) throw new Error(`No user ${id}`);
    if (patch && Object.keys(patch).length) {
      const { id: _id, object: _object, created_at: _c, updated_at: _u, ...rest } = patch;
      record.patch = { ...record.patch, ...rest };
    } else {
      record.plan.revision++;
      // The new revision renames the user; an earlier patched name would hide that.
      if (record.patch) {
        const { first_name: _f, username: _u, ...rest } = record.patch;
        record.patch = rest;
      }
    }
    record.plan.updatedAt = Math.max(this.now(), record.plan.updatedAt + 1);
    record.changed();
    this.touched();
    return record.json();
  }

  deleteUser(id: string): boolean {
    const record = this.byId.get(id);
    if (!record) return false;
    this.byId.delete(id);
    record.forget();
    const index = this.indexOf(record.plan);
    if (index >= 0) this.byCreated.splice(index, 1);
    this.deletedPositions.set(id, { id, createdAt: record.createdAt });
    this.touched();
    return true;
  }

  /** Serializes every user into the cache now (e.g. before a timed benchmark), budget permitting. */
  warmJsonCache(): void {
    for (const record of this.byCreated) record.serialized();
  }

  /** A random existing user id (for churn), or undefined when empty. */
  randomUserId(rng: Rng = this.createRng): string | undefined {
    if (this.byCreated.length === 0) return undefined;
    return this.byCreated[Math.floor(rng() * this.byCreated.length)].id;
  }

  /** Users ascending by (created_at, id). Do not mutate. */
  inCreatedOrder(): readonly StoredUser[] {
    return this.byCreated;
  }

  /** Users ascending by (field, id), cached until the next change. Do not mutate. */
  inOrder(field: UserOrderField): readonly StoredUser[] {
    if (field === 'created_at') return this.byCreated;
    let sorted = this.sortedCache.get(field);
    if (!sorted) {
      sorted = [...this.byCreated].sort(compareBy(field));
      this.sortedCache.set(field, sorted);
    }
    return sorted;
  }

  /** Where a user sits (or sat, if deleted) in the created_at ordering. */
  createdPosition(id: string): CreatedPosition | undefined {
    const record = this.byId.get(id);
    return record ? { id, createdAt: record.createdAt } : this.deletedPositions.get(id);
  }

  /** Index of the first user strictly after `position` in ascending (created_at, id) order. */
  indexAfter(position: CreatedPosition): number {
    let lo = 0;
    let hi = this.byCreated.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCreated(this.byCreated[mid].plan, position) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first user at or after `position` in ascending (created_at, id) order. */
  indexAtOrAfter(position: CreatedPosition): number {
    let lo = 0;
    let hi = this.byCreated.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareCreated(this.byCreated[mid].plan, position) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private insertionIndex(position: CreatedPosition): number {
    return this.indexAfter(position);
  }

  private indexOf(position: CreatedPosition): number {
    const index = this.indexAfter(position) - 1;
    return index >= 0 && this.byCreated[index].id === position.id ? index : -1;
  }

  private touched() {
    this.version++;
    this.sortedCache.clear();
  }
}
