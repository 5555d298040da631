// Block cache behind the virtualised Users grid. Blocks are read by keyset from a loaded
// neighbour (cheap at any depth) or, after a jump, by row number; at most one batch of reads is
// in flight, and the next batch is chosen from what is on screen when the previous one answers,
// so a fast scroll never queues the pages it passed. The total is counted once per query and
// again only after a change. A change above the rows being read shifts the scroll position by
// the rows it added or removed, so the reader's rows stay put.
import { create } from 'zustand';
import { api } from '../api/transport';
import type { UserFilter, UserRow, UserSortColumn, UserSortKey } from '../../../shared/types';
import { errorMessage } from '../lib/errors';

export const USERS_BLOCK_SIZE = 100;
const HIGHLIGHT_MS = 1600;
/** How long a fast scroll must pause before its rows are read. */
const SETTLE_MS = 40;

export interface UsersQuery {
  search: string;
  filter: UserFilter;
  sort: { column: UserSortColumn; direction: 'asc' | 'desc' };
}

interface UsersStore {
  query: UsersQuery;
  /** Rows matching the query; null until the first block answers. */
  total: number | null;
  blocks: ReadonlyMap<number, UserRow[]>;
  loadError: string | null;
  selectedId: string | null;
  highlighted: ReadonlySet<string>;
  /** Rows to move the scroll position by (seq changes each time), after a change above the view. */
  scrollShift: { seq: number; rows: number };
  setSearch(search: string): void;
  setFilter(filter: UserFilter): void;
  toggleSort(column: UserSortColumn): void;
  select(id: string | null): void;
  /** The grid reports the rendered row range and the first row the user sees. */
  setVisibleRows(first: number, last: number, topRow: number): void;
  reload(): void;
}

// Bookkeeping that does not drive rendering.
let generation = 0;
const blockKeys = new Map<number, UserSortKey[]>();
let visible = { first: 0, last: 0, topRow: 0 };
let refreshing = false;
let settleTimer: ReturnType<typeof setTimeout> | null = null;
let refreshQueued: Set<string> | null = null;

function blocksIn(first: number, last: number): number[] {
  const out: number[] = [];
  for (let b = Math.floor(first / USERS_BLOCK_SIZE); b <= Math.floor(last / USERS_BLOCK_SIZE); b++) out.push(b);
  return out;
}

type Start = { at: number } | { fromEnd: number } | { after: UserSortKey } | { before: UserSortKey };

/** A block by row number, counted from the nearer end. */
function positionalRead(block: number, total: number | null): { start: Start; limit: number } {
  const at = block * USERS_BLOCK_SIZE;
  if (total !== null && at > total / 2) {
    const limit = Math.max(1, Math.min(USERS_BLOCK_SIZE, total - at));
    return { start: { fromEnd: Math.max(0, total - at - limit) }, limit };
  }
  return { start: { at }, limit: USERS_BLOCK_SIZE };
}

/** Keyset from a loaded neighbour when there is one; the row number otherwise. */
function readOf(block: number, total: number | null): { start: Start; limit: number } {
  const previous = blockKeys.get(block - 1);
  if (previous && previous.length === USERS_BLOCK_SIZE) return { start: { after: previous[previous.length - 1] }, limit: USERS_BLOCK_SIZE };
  const next = blockKeys.get(block + 1);
  if (next && next.length > 0) return { start: { before: next[0] }, limit: USERS_BLOCK_SIZE };
  return positionalRead(block, total);
}

function fetchBlock(read: { start: Start; limit: number }, withTotal: boolean) {
  const { query } = useUsers.getState();
  return api.listUsers({ ...query, ...read, withTotal });
}

// Blocks being read, and how many batches are out.
const reading = new Set<number>();
let batches = 0;

/**
 * Fetches the blocks on screen that are missing. One batch at a time, plus one more when
 * everything in flight has already scrolled out of view (its answer still fills the cache).
 */
function ensureVisibleBlocks(): void {
  if (refreshing) return;
  const { blocks, total } = useUsers.getState();
  const wanted = total === null ? [0] : blocksIn(visible.first, Math.min(visible.last, Math.max(0, total - 1)));
  const missing = wanted.filter((b) => !blocks.has(b) && !reading.has(b));
  if (missing.length === 0) return;
  const stillWanted = wanted.some((b) => reading.has(b));
  if (batches >= 2 || (batches === 1 && stillWanted)) return;
  const gen = generation;
  batches++;
  for (const b of missing) reading.add(b);
  void Promise.all(missing.map((b) => fetchBlock(readOf(b, total), total === null)))
    .then((results) => {
      if (gen !== generation) return;
      const next = new Map(useUsers.getState().blocks);
      results.forEach((page, i) => {
        next.set(missing[i], page.rows);
        blockKeys.set(missing[i], page.keys);
      });
      const counted = results.find((r) => r.total !== null)?.total;
      useUsers.setState({ blocks: next, loadError: null, ...(counted !== undefined && counted !== null ? { total: counted } : {}) });
    })
    .catch((error: unknown) => {
      if (gen === generation) useUsers.setState({ loadError: errorMessage(error) });
    })
    .finally(() => {
      if (gen !== generation) return;
      batches--;
      for (const b of missing) reading.delete(b);
      if (useUsers.getState().loadError === null) ensureVisibleBlocks();
    });
}

function restart(): void {
  generation++;
  batches = 0;
  reading.clear();
  refreshing = false;
  refreshQueued = null;
  blockKeys.clear();
  visible = { first: 0, last: 0, topRow: 0 };
  useUsers.setState({ blocks: new Map(), total: null, loadError: null });
  ensureVisibleBlocks();
}

function sameRow(a: UserRow, b: UserRow): boolean {
  return (
    a.name === b.name && a.email === b.email && a.created_at === b.created_at &&
    a.updated_at === b.updated_at && a.deleted_at === b.deleted_at
  );
}

function flash(ids: Set<string>): void {
  if (ids.size === 0) return;
  useUsers.setState((s) => ({ highlighted: new Set([...s.highlighted, ...ids]) }));
  setTimeout(() => {
    useUsers.setState((s) => ({ highlighted: new Set([...s.highlighted].filter((id) => !ids.has(id))) }));
  }, HIGHLIGHT_MS);
}

function keyAt(index: number): UserSortKey | undefined {
  return blockKeys.get(Math.floor(index / USERS_BLOCK_SIZE))?.[index % USERS_BLOCK_SIZE];
}

/**
 * After a change event: recounts, finds where the top row went, and refetches the blocks on
 * screen at their new place. Other cached blocks are dropped (stale). Events arriving meanwhile
 * are folded into one more pass.
 */
export async function refreshVisibleUsers(changedIds: readonly string[]): Promise<void> {
  if (refreshing) {
    refreshQueued = new Set([...(refreshQueued ?? []), ...changedIds]);
    return;
  }
  refreshing = true;
  const gen = generation;
  try {
    const { query, blocks: before } = useUsers.getState();
    // At the very top the newest rows should appear; further down the reader's row is the anchor.
    const anchorRow = visible.topRow;
    const anchor = anchorRow > 0 ? keyAt(anchorRow) : undefined;
    const located = await api.listUsers({ ...query, limit: 0, withTotal: true, ...(anchor ? { locate: anchor } : {}) });
    if (gen !== generation) return;
    const total = located.total ?? 0;
    const shift = anchor && located.position !== null ? located.position - anchorRow : 0;
    const wanted = blocksIn(Math.max(0, visible.first + shift), Math.max(0, Math.min(visible.last + shift, total - 1)));
    const results = total === 0 ? [] : await Promise.all(wanted.map((b) => fetchBlock(positionalRead(b, total), false)));
    if (gen !== generation) return;

    const previous = new Map<string, UserRow>();
    for (const rows of before.values()) for (const row of rows) previous.set(row.id, row);
    const eventIds = new Set(changedIds);
    const toFlash = new Set<string>();
    const blocks = new Map<number, UserRow[]>();
    blockKeys.clear();
    results.forEach((page, i) => {
      blocks.set(wanted[i], page.rows);
      blockKeys.set(wanted[i], page.keys);
      for (const row of page.rows) {
        const old = previous.get(row.id);
        if (eventIds.has(row.id) || (old && !sameRow(old, row))) toFlash.add(row.id);
      }
    });
    visible = { first: visible.first + shift, last: visible.last + shift, topRow: anchorRow + shift };
    useUsers.setState((s) => ({
      blocks, total, loadError: null,
      scrollShift: shift !== 0 ? { seq: s.scrollShift.seq + 1, rows: shift } : s.scrollShift,
    }));
    flash(toFlash);
  } catch (error) {
    if (gen === generation) useUsers.setState({ loadError: errorMessage(error) });
  } finally {
    if (gen === generation) {
      refreshing = false;
      if (refreshQueued) {
        const queued = [...refreshQueued];
        refreshQueued = null;
        void refreshVisibleUsers(queued);
      } else {
        ensureVisibleBlocks();
      }
    }
  }
}

export const useUsers = create<UsersStore>((set, get) => ({
  query: { search: '', filter: 'active', sort: { column: 'created_at', direction: 'desc' } },
  total: null,
  blocks: new Map(),
  loadError: null,
  selectedId: null,
  highlighted: new Set(),
  scrollShift: { seq: 0, rows: 0 },
  setSearch(search) {
    if (search === get().query.search) return;
    set((s) => ({ query: { ...s.query, search } }));
    restart();
  },
  setFilter(filter) {
    set((s) => ({ query: { ...s.query, filter } }));
    restart();
  },
  toggleSort(column) {
    set((s) => {
      const current = s.query.sort;
      const direction = current.column === column && current.direction === 'asc' ? 'desc' : 'asc';
      return { query: { ...s.query, sort: { column, direction } } };
    });
    restart();
  },
  select(id) {
    set({ selectedId: id });
  },
  setVisibleRows(first, last, topRow) {
    // A jump of more than a few blocks is a drag or a fling: wait until it pauses, so the reads
    // go to where it stops rather than queueing behind the rows it passes.
    const jumped = Math.abs(first - visible.first) > 2 * USERS_BLOCK_SIZE;
    visible = { first, last, topRow };
    if (settleTimer !== null) clearTimeout(settleTimer);
    settleTimer = null;
    if (!jumped) ensureVisibleBlocks();
    else {
      settleTimer = setTimeout(() => {
        settleTimer = null;
        ensureVisibleBlocks();
      }, SETTLE_MS);
    }
  },
  reload() {
    restart();
  },
}));

export function userAt(blocks: ReadonlyMap<number, UserRow[]>, index: number): UserRow | undefined {
  return blocks.get(Math.floor(index / USERS_BLOCK_SIZE))?.[index % USERS_BLOCK_SIZE];
}
