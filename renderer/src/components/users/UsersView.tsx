import { useEffect, useState } from 'react';
import { onApiEvent } from '../../stores/app-store';
import { refreshVisibleUsers, useUsers } from '../../stores/users-store';
import type { UserFilter } from '../../../../shared/types';
import { formatCount } from '../../lib/format';
import { UsersGrid } from './UsersGrid';

const FILTERS: { value: UserFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'deleted', label: 'Deleted' },
  { value: 'all', label: 'All' },
];

const SEARCH_DEBOUNCE_MS = 250;

export function UsersView() {
  const filter = useUsers((s) => s.query.filter);
  const total = useUsers((s) => s.total);
  const loadError = useUsers((s) => s.loadError);
  const [searchText, setSearchText] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => useUsers.getState().setSearch(searchText.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [searchText]);

  // Live view: refetch what is on screen when the core reports a change.
  useEffect(
    () =>
      onApiEvent((event) => {
        if (event.type === 'users-changed') void refreshVisibleUsers(event.change.ids);
      }),
    [],
  );

  return (
    <section className="users-view" aria-label="Users">
      <div className="toolbar">
        <input
          type="search"
          className="input search"
          placeholder="Search name, email or id"
          aria-label="Search users"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
        />
        <div className="segmented" role="group" aria-label="Filter users">
          {FILTERS.map((f) => (
            <button
              key={f.value}
              type="button"
              aria-pressed={filter === f.value}
              className={filter === f.value ? 'active' : ''}
              onClick={() => useUsers.getState().setFilter(f.value)}
            >
              {f.label}
            </button>
          ))}
        </div>
        <span className="muted toolbar-count" aria-live="polite">
          {total === null ? 'Loading…' : `${formatCount(total)} ${total === 1 ? 'user' : 'users'}`}
        </span>
      </div>
      {loadError && (
        <div className="inline-error banner" role="alert">
          Could not load users: {loadError}{' '}
          <button type="button" className="link-button" onClick={() => useUsers.getState().reload()}>
            Retry
          </button>
        </div>
      )}
      <UsersGrid />
    </section>
  );
}
