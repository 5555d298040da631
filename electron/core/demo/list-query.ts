// `GET /v1/users` and `/v1/users/count` query semantics: paging, ordering, the starting_after cursor
// and the filters, parsed from the query string the way BAPI documents them.
import { clerkError, errors, type ApiResponse } from './responses.js';
import type { StoredUser, UserOrderField, UserStore } from './user-store.js';
import type { ClerkUserJSON } from './user-json.js';

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 500;
const MAX_ARRAY_ITEMS = 100;

const ORDER_FIELDS: readonly UserOrderField[] = [
  'created_at', 'updated_at', 'email_address', 'web3wallet', 'first_name', 'last_name', 'phone_number', 'username',
  'last_active_at', 'last_sign_in_at',
];

export type UserPredicate = (user: StoredUser) => boolean;

export interface ListQuery {
  limit: number;
  offset: number;
  orderField: UserOrderField;
  descending: boolean;
  startingAfter: string | null;
  filter: UserPredicate | null;
  /** created_at_after / created_at_before (strict, ms), also part of `filter`: they narrow the scan. */
  created: CreatedBounds;
}

export interface CreatedBounds {
  after: number | null;
  before: number | null;
}

const isError = (value: unknown): value is ApiResponse =>
  typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

export function parseListQuery(params: URLSearchParams): ListQuery | ApiResponse {
  // Out-of-range or malformed limits silently become the default, as the live API does (limit=501 → 10).
  const rawLimit = params.get('limit');
  const parsedLimit = rawLimit !== null && /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
  const limit = parsedLimit >= 1 && parsedLimit <= MAX_LIMIT ? parsedLimit : DEFAULT_LIMIT;

  const rawOffset = params.get('offset');
  if (rawOffset !== null && rawOffset !== '' && !/^\d+$/.test(rawOffset)) {
    return errors.paramValueInvalid('offset', rawOffset, 'offset must be an integer greater than or equal to 0');
  }
  const offset = rawOffset ? Number(rawOffset) : 0;

  // Only the first order_by counts. A URL-decoded '+' arrives as a space: that is ascending too.
  const rawOrder = params.get('order_by') ?? '-created_at';
  const descending = rawOrder.startsWith('-');
  const field = rawOrder.replace(/^[-+ ]/, '') as UserOrderField;
  if (!ORDER_FIELDS.includes(field)) return errors.paramValueInvalid('order_by', rawOrder);

  const startingAfter = params.get('starting_after') || null;
  if (startingAfter !== null) {
    if (field !== 'created_at') {
      return errors.paramValueInvalid(
        'starting_after',
        startingAfter,
        'starting_after can only be used when order_by is created_at, +created_at or -created_at',
      );
    }
    if (offset !== 0) {
      return errors.paramValueInvalid('starting_after', startingAfter, 'starting_after cannot be combined with a non-zero offset');
    }
  }

  const filter = parseUserFilter(params);
  if (isError(filter)) return filter;
  return { limit, offset, orderField: field, descending, startingAfter, filter, created: parseCreatedBounds(params) };
}

/** The created_at bounds, once parseUserFilter has accepted them. */
export function parseCreatedBounds(params: URLSearchParams): CreatedBounds {
  const bound = (name: string) => {
    const raw = params.get(name);
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
  };
  return { after: bound('created_at_after'), before: bound('created_at_before') };
}

/** The slice [start, end) of the created_at ordering that the bounds allow (a binary search, not a scan). */
function createdSlice(store: UserStore, created: CreatedBounds): { start: number; end: number } {
  // An empty id sorts before every real one: the first user created at or after that millisecond.
  const firstAt = (ms: number) => store.indexAtOrAfter({ id: '', createdAt: ms });
  const start = created.after === null ? 0 : firstAt(created.after + 1);
  const end = created.before === null ? store.count : firstAt(created.before);
  return { start, end: Math.max(start, end) };
}

/** One page of users for a parsed query, or a 422 when the cursor names a user never seen. */
export function listUsers(store: UserStore, query: ListQuery): StoredUser[] | ApiResponse {
  const ordered = store.inOrder(query.orderField);
  const step = query.descending ? -1 : 1;
  let index = query.descending ? ordered.length - 1 : 0;
  if (query.startingAfter !== null) {
    // A deleted cursor user keeps its old position, so paging continues where it was.
    const position = store.createdPosition(query.startingAfter);
    if (!position) {
      return errors.paramValueInvalid('starting_after', query.startingAfter, `No user was found with id ${query.startingAfter}`);
    }
    index = query.descending ? store.indexAtOrAfter(position) - 1 : store.indexAfter(position);
  }
  // In created_at order the bounds are a slice: start and stop there instead of filtering everyone.
  let [lowest, end] = [0, ordered.length];
  if (query.orderField === 'created_at') {
    ({ start: lowest, end } = createdSlice(store, query.created));
    index = query.descending ? Math.min(index, end - 1) : Math.max(index, lowest);
  }
  const page: StoredUser[] = [];
  let skip = query.offset;
  for (; index >= lowest && index < end && page.length < query.limit; index += step) {
    const user = ordered[index];
    if (query.filter && !query.filter(user)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    page.push(user);
  }
  return page;
}

export function countUsers(store: UserStore, params: URLSearchParams, filter: UserPredicate | null): number {
  if (!filter) return store.count;
  const { start, end } = createdSlice(store, parseCreatedBounds(params));
  const onlyCreatedBounds = [...params.keys()].every((k) => k === 'created_at_after' || k === 'created_at_before');
  if (onlyCreatedBounds) return end - start;
  const users = store.inCreatedOrder();
  let count = 0;
  for (let i = start; i < end; i++) if (filter(users[i])) count++;
  return count;
}

/** The list filters shared by the list and count routes; null when none is given. */
export function parseUserFilter(params: URLSearchParams): UserPredicate | null | ApiResponse {
  const predicates: UserPredicate[] = [];

  for (const name of ['user_id', 'external_id', 'email_address', 'phone_number', 'username']) {
    if (params.getAll(name).length > MAX_ARRAY_ITEMS) {
      return clerkError(422, 'form_param_array_size_exceeded', 'too many items', `${name} should not exceed ${MAX_ARRAY_ITEMS} items.`, {
        param_name: name,
      });
    }
  }

  const userIds = signedSets(params.getAll('user_id'));
  if (userIds) predicates.push((u) => userIds.accepts(u.id));
  const externalIds = signedSets(params.getAll('external_id'));
  if (externalIds) predicates.push((u) => externalIds.accepts(u.json().external_id));

  const emails = new Set(params.getAll('email_address').map((e) => e.toLowerCase()));
  if (emails.size) predicates.push((u) => u.json().email_addresses.some((e) => emails.has(e.email_address.toLowerCase())));
  const phones = new Set(params.getAll('phone_number'));
  if (phones.size) predicates.push((u) => u.json().phone_numbers.some((p) => phones.has(p.phone_number)));
  const usernames = new Set(params.getAll('username'));
  if (usernames.size) predicates.push((u) => usernames.has(u.json().username ?? ''));

  const banned = params.get('banned');
  if (banned === 'true' || banned === 'false') predicates.push((u) => u.json().banned === (banned === 'true'));

  const query = params.get('query')?.toLowerCase();
  if (query) predicates.push((u) => searchableText(u.json()).includes(query));

  const timeBounds: [param: string, value: (u: StoredUser) => number | null, after: boolean][] = [
    ['created_at_after', (u) => u.createdAt, true],
    ['created_at_before', (u) => u.createdAt, false],
    ['last_active_at_after', (u) => u.json().last_active_at, true],
    ['last_active_at_since', (u) => u.json().last_active_at, true],
    ['last_active_at_before', (u) => u.json().last_active_at, false],
    ['last_sign_in_at_after', (u) => u.json().last_sign_in_at, true],
    ['last_sign_in_at_before', (u) => u.json().last_sign_in_at, false],
  ];
  for (const [param, value, after] of timeBounds) {
    const raw = params.get(param);
    if (raw === null || raw === '') continue;
    if (!/^\d+$/.test(raw)) return errors.invalidDate(param);
    const bound = Number(raw);
    predicates.push((u) => {
      const v = value(u);
      return v !== null && (after ? v > bound : v < bound);
    });
  }

  if (predicates.length === 0) return null;
  return (u) => predicates.every((p) => p(u));
}

/** `+x`/`x` include, `-x` exclude (user_id and external_id accept both). */
function signedSets(values: string[]): { accepts(value: string | null): boolean } | null {
  if (values.length === 0) return null;
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const v of values) {
    if (v.startsWith('-')) exclude.add(v.slice(1));
    else include.add(v.replace(/^[+ ]/, ''));
  }
  return {
    accepts: (value) =>
      (include.size === 0 || (value !== null && include.has(value))) && (value === null || !exclude.has(value)),
  };
}

function searchableText(u: ClerkUserJSON): string {
  return [
    u.id,
    u.username,
    u.first_name,
    u.last_name,
    ...u.email_addresses.map((e) => e.email_address),
    ...u.phone_numbers.map((p) => p.phone_number),
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
}
