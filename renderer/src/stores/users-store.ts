// Paged cache behind the virtualised Users grid: fetches only the pages in view, refetches
// them when the core reports a change, and remembers which rows just changed.
import { create } from 'zustand';
import { api } from '../api/transport';
import type { UserFilter, UserRow, UserSortColumn } from '../../../shared/types';
import { errorMessage } from '../lib/errors';

export const USERS_PAGE_SIZE = 200;
const HIGHLIGHT_MS = 1600;

export interface UsersQuery {
  search: string;
  filter: UserFilter;
  sort: { column: UserSortColumn; direction: 'asc' | 'desc' };
}

interface UsersStore {
  query: UsersQuery;
  /** Rows matching the query; null until the first page answers. */
  total: number | null;
  pages: ReadonlyMap<number, UserRow[]>;
  loadError: string | null;
  selectedId: string | null;
  highlighted: ReadonlySet<string>;
  setSearch(search: string): void;
  setFilter(filter: UserFilter): void;
  toggleSort(column: UserSortColumn): void;
  select(id: string | null): void;
  /** The grid reports the row indices on screen; missing pages are fetched. */
  setVisibleRows(first: number, last: number): void;
  reload(): void;
}

// Bookkeeping that does not drive rendering.
let generation = 0;
const inFlight = new Set<number>();
let visible = { first: 0, last: 0 };
let refreshing = false;
let refreshQueued: Set<string> | null = null;

function pagesInView(): number[] {
  const firstPage = Math.floor(visible.first / USERS_PAGE_SIZE);
  const lastPage = Math.floor(visible.last / USERS_PAGE_SIZE);
  const pages: number[] = [];
  for (let p = firstPage; p <= lastPage; p++) pages.push(p);
  return pages;
}

function fetchPage(page: number) {
  const { query } = useUsers.getState();
  return api.listUsers({ ...query, offset: page * USERS_PAGE_SIZE, limit: USERS_PAGE_SIZE });
}

async function loadPage(page: number): Promise<void> {
  if (inFlight.has(page)) return;
  const gen = generation;
  inFlight.add(page);
  try {
    const result = await fetchPage(page);
    if (gen !== generation) return;
    const pages = new Map(useUsers.getState().pages);
    pages.set(page, result.rows);
    useUsers.setState({ pages, total: result.total, loadError: null });
  } catch (error) {
    if (gen === generation) useUsers.setState({ loadError: errorMessage(error) });
  } finally {
    if (gen === generation) inFlight.delete(page);
  }
}

function ensureVisiblePages(): void {
  const { pages, total } = useUsers.getState();
  const wanted = total === null ? [0] : pagesInView();
  for (const page of wanted) if (!pages.has(page)) void loadPage(page);
}

function restart(): void {
  generation++;
  inFlight.clear();
  visible = { first: 0, last: 0 };
  useUsers.setState({ pages: new Map(), total: null, loadError: null });
  ensureVisiblePages();
}

function sameRow(a: UserRow, b: UserRow): boolean {
  return (
    a.name === b.name &&
    a.email === b.email &&
    a.created_at === b.created_at &&
    a.updated_at === b.updated_at &&
    a.deleted_at === b.deleted_at
  );
}

function flash(ids: Set<string>): void {
  if (ids.size === 0) return;
  useUsers.setState((s) => ({ highlighted: new Set([...s.highlighted, ...ids]) }));
  setTimeout(() => {
    useUsers.setState((s) => ({ highlighted: new Set([...s.highlighted].filter((id) => !ids.has(id))) }));
  }, HIGHLIGHT_MS);
}

/**
 * Refetches the pages on screen after a change event. Other cached pages are dropped (they are
 * stale) and refetched when scrolled to. Events arriving mid-refresh are folded into one more pass.
 */
export async function refreshVisibleUsers(changedIds: readonly string[]): Promise<void> {
  if (refreshing) {
    refreshQueued = new Set([...(refreshQueued ?? []), ...changedIds]);
    return;
  }
  refreshing = true;
  const gen = generation;
  try {
    const before = useUsers.getState().pages;
    const pageNumbers = pagesInView();
    const results = await Promise.all(pageNumbers.map((p) => fetchPage(p)));
    if (gen !== generation) return;
    const pages = new Map<number, UserRow[]>();
    const eventIds = new Set(changedIds);
    const toFlash = new Set<string>();
    pageNumbers.forEach((page, i) => {
      const rows = results[i].rows;
      pages.set(page, rows);
      const old = new Map((before.get(page) ?? []).map((r) => [r.id, r]));
      for (const row of rows) {
        const previous = old.get(row.id);
        if (eventIds.has(row.id) || (before.has(page) && (!previous || !sameRow(previous, row)))) toFlash.add(row.id);
      }
    });
    const total = results.length > 0 ? results[results.length - 1].total : useUsers.getState().total;
    useUsers.setState({ pages, total, loadError: null });
    flash(toFlash);
    ensureVisiblePages();
  } catch (error) {
    if (gen === generation) useUsers.setState({ loadError: errorMessage(error) });
  } finally {
    refreshing = false;
    if (refreshQueued) {
      const queued = [...refreshQueued];
      refreshQueued = null;
      void refreshVisibleUsers(queued);
    }
  }
}

export const useUsers = create<UsersStore>((set, get) => ({
  query: { search: '', filter: 'active', sort: { column: 'created_at', direction: 'desc' } },
  total: null,
  pages: new Map(),
  loadError: null,
  selectedId: null,
  highlighted: new Set(),
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
  setVisibleRows(first, last) {
    visible = { first, last };
    ensureVisiblePages();
  },
  reload() {
    restart();
  },
}));

export function userAt(pages: ReadonlyMap<number, UserRow[]>, index: number): UserRow | undefined {
  return pages.get(Math.floor(index / USERS_PAGE_SIZE))?.[index % USERS_PAGE_SIZE];
}
