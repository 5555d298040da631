// Virtualised, sortable Users grid. Rows come from the paged cache in users-store.
import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { userAt, useUsers } from '../../stores/users-store';
import type { UserRow, UserSortColumn } from '../../../../shared/types';
import { formatDateTime } from '../../lib/format';
import { openUserInInspector } from '../../lib/open-user';

const ROW_HEIGHT = 28;

const COLUMNS: { key: UserSortColumn; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'email', label: 'Email' },
  { key: 'id', label: 'ID' },
  { key: 'created_at', label: 'Created' },
  { key: 'updated_at', label: 'Updated' },
  { key: 'deleted_at', label: 'Deleted' },
];

function cellText(row: UserRow, key: UserSortColumn): string {
  if (key === 'created_at' || key === 'updated_at' || key === 'deleted_at') return formatDateTime(row[key]);
  return row[key] ?? '';
}

export function UsersGrid() {
  const total = useUsers((s) => s.total) ?? 0;
  const pages = useUsers((s) => s.pages);
  const sort = useUsers((s) => s.query.sort);
  const query = useUsers((s) => s.query);
  const selectedId = useUsers((s) => s.selectedId);
  const highlighted = useUsers((s) => s.highlighted);
  const [activeIndex, setActiveIndex] = useState(0);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    useUsers.getState().setVisibleRows(first, last);
  }, [first, last, pages, total]);

  // A new query starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    setActiveIndex(0);
  }, [query]);

  const open = (index: number) => {
    const row = userAt(pages, index);
    if (!row) return;
    setActiveIndex(index);
    useUsers.getState().select(row.id);
    void openUserInInspector(row);
  };

  const move = (index: number) => {
    const next = Math.max(0, Math.min(total - 1, index));
    setActiveIndex(next);
    virtualizer.scrollToIndex(next);
  };

  const onKeyDown = (event: React.KeyboardEvent) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    switch (event.key) {
      case 'ArrowDown': move(activeIndex + 1); break;
      case 'ArrowUp': move(activeIndex - 1); break;
      case 'PageDown': move(activeIndex + pageRows); break;
      case 'PageUp': move(activeIndex - pageRows); break;
      case 'Home': move(0); break;
      case 'End': move(total - 1); break;
      case 'Enter': open(activeIndex); break;
      default: return;
    }
    event.preventDefault();
  };

  return (
    <div
      className="grid users-grid"
      role="grid"
      aria-label="Users"
      aria-rowcount={total + 1}
      aria-colcount={COLUMNS.length}
      tabIndex={0}
      aria-activedescendant={total > 0 ? `user-row-${activeIndex}` : undefined}
      onKeyDown={onKeyDown}
    >
      <div className="grid-head" role="rowgroup">
        <div className="grid-row users-cols" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => {
            const sorted = sort.column === c.key;
            return (
              <div
                key={c.key}
                role="columnheader"
                className="grid-cell head"
                aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" className="sort-button" onClick={() => useUsers.getState().toggleSort(c.key)}>
                  {c.label}
                  <span className="sort-mark" aria-hidden="true">
                    {sorted ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div className="grid-body" ref={scrollRef} role="rowgroup">
        {total === 0 && <div className="grid-empty muted">No users match.</div>}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = userAt(pages, item.index);
            const classes = ['grid-row', 'users-cols'];
            if (item.index % 2 === 1) classes.push('odd');
            if (row?.deleted_at) classes.push('deleted');
            if (row && row.id === selectedId) classes.push('selected');
            if (item.index === activeIndex) classes.push('active');
            if (row && highlighted.has(row.id)) classes.push('flash');
            return (
              <div
                key={item.key}
                id={`user-row-${item.index}`}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={row ? row.id === selectedId : false}
                className={classes.join(' ')}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                onClick={() => open(item.index)}
              >
                {row ? (
                  COLUMNS.map((c) => (
                    <div key={c.key} role="gridcell" className="grid-cell" title={row[c.key] ?? undefined}>
                      {cellText(row, c.key)}
                      {c.key === 'name' && row.deleted_at && <span className="badge deleted-badge">deleted</span>}
                    </div>
                  ))
                ) : (
                  <div role="gridcell" className="grid-cell muted loading-cell">
                    Loading…
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
