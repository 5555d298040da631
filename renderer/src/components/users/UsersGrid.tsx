// Virtualised, sortable Users grid. Rows come from the block cache in users-store; selection,
// keyboard, copy and column widths from the shared grid modules.
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { userAt, useUsers } from '../../stores/users-store';
import type { SqlColumn, UserRow, UserSortColumn } from '../../../../shared/types';
import { api } from '../../api/transport';
import { formatDateTime } from '../../lib/format';
import { openUserInInspector } from '../../lib/open-user';
import { rowAsCsv, rowAsInsert, rowAsJson } from '../../lib/row-copy';
import { NOT_LOADED, useGridInteraction } from '../grid/use-grid-interaction';
import { useColumnWidths } from '../grid/column-widths';
import { ColumnResizer } from '../grid/ColumnResizer';
import { GridContextMenu, useContextMenu } from '../grid/GridContextMenu';

const ROW_HEIGHT = 28;
const HEADER_HEIGHT = 29;

const COLUMNS: { key: UserSortColumn; label: string; width: number }[] = [
  { key: 'name', label: 'Name', width: 170 },
  { key: 'email', label: 'Email', width: 240 },
  { key: 'id', label: 'ID', width: 250 },
  { key: 'created_at', label: 'Created', width: 200 },
  { key: 'updated_at', label: 'Updated', width: 200 },
  { key: 'deleted_at', label: 'Deleted', width: 200 },
];
const TIME_COLUMNS = new Set<UserSortColumn>(['created_at', 'updated_at', 'deleted_at']);
// The table's own column order, for copying a row.
const TABLE_COLUMNS: SqlColumn[] = ['id', 'name', 'email', 'created_at', 'updated_at', 'deleted_at'].map((name) => ({ name, dataTypeID: null }));

function cellText(row: UserRow, key: UserSortColumn): string {
  return TIME_COLUMNS.has(key) ? formatDateTime(row[key]) : (row[key] ?? '');
}

function tableValues(row: UserRow): unknown[] {
  return [row.id, row.name, row.email, row.created_at, row.updated_at, row.deleted_at];
}

async function insertStatement(row: UserRow): Promise<string> {
  const found = await api.getUser({ id: row.id });
  if (!found) throw new Error('This user no longer exists in users_sync.');
  const columns = [...TABLE_COLUMNS, { name: 'raw_json', dataTypeID: 3802 }];
  return rowAsInsert('seren_auth.users_sync', columns, [...tableValues(found.row), found.rawJson]);
}

export function UsersGrid() {
  const total = useUsers((s) => s.total) ?? 0;
  const blocks = useUsers((s) => s.blocks);
  const sort = useUsers((s) => s.query.sort);
  const query = useUsers((s) => s.query);
  const selectedId = useUsers((s) => s.selectedId);
  const highlighted = useUsers((s) => s.highlighted);
  const scrollShift = useUsers((s) => s.scrollShift);
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const { widths, setWidth } = useColumnWidths('users', COLUMNS.map((c) => c.key), COLUMNS.map((c) => c.width));
  const template = widths.map((w) => `${w}px`).join(' ');
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const contextMenu = useContextMenu();

  const open = (index: number) => {
    const row = userAt(blocks, index);
    if (!row) return;
    useUsers.getState().select(row.id);
    void openUserInInspector(row);
  };

  const grid = useGridInteraction({
    rowCount: total,
    colCount: COLUMNS.length,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    headerHeight: HEADER_HEIGHT,
    leadingWidth: 0,
    widths,
    cellValue: (r, c) => {
      const row = userAt(blocks, r);
      return row ? row[COLUMNS[c].key] : NOT_LOADED;
    },
    onEnter: (pos) => open(pos.row),
  });

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
    const top = Math.ceil((scrollRef.current?.scrollTop ?? 0) / ROW_HEIGHT);
    useUsers.getState().setVisibleRows(first, last, top);
  }, [first, last, blocks, total]);

  // Rows inserted or removed above the view: move by as many rows, before the browser paints.
  useLayoutEffect(() => {
    if (scrollShift.seq === 0 || !scrollRef.current) return;
    scrollRef.current.scrollTop += scrollShift.rows * ROW_HEIGHT;
    grid.shiftRows(scrollShift.rows);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollShift.seq]);

  // A new query starts at the top.
  const { reset } = grid;
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
    reset();
  }, [query, reset]);

  const rowMenu = (event: React.MouseEvent, row: UserRow) =>
    contextMenu.open(event, [
      { label: 'Copy selection', what: 'selection', copy: () => grid.selectionText().text },
      { label: 'Copy row as JSON', what: 'row as JSON', copy: () => rowAsJson(TABLE_COLUMNS, tableValues(row)) },
      { label: 'Copy row as CSV', what: 'row as CSV', copy: () => rowAsCsv(TABLE_COLUMNS, tableValues(row)) },
      { label: 'Copy row as SQL INSERT', what: 'row as SQL INSERT', copy: () => insertStatement(row) },
    ]);

  return (
    <div
      ref={gridRef}
      className="grid users-grid"
      role="grid"
      aria-label="Users"
      aria-rowcount={total + 1}
      aria-colcount={COLUMNS.length}
      aria-multiselectable="true"
      tabIndex={0}
      aria-activedescendant={total > 0 ? `user-cell-${grid.active.row}-${grid.active.col}` : undefined}
      onKeyDown={grid.onKeyDown}
    >
      <div className="grid-scroll" ref={scrollRef}>
        <div style={{ width: totalWidth, minWidth: '100%' }}>
          <div className="grid-head sticky" role="rowgroup">
            <div className="grid-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
              {COLUMNS.map((c, i) => {
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
                    <ColumnResizer label={c.label} width={widths[i]} onResize={(w) => setWidth(c.key, w)} />
                  </div>
                );
              })}
            </div>
          </div>
          {total === 0 && <div className="grid-empty muted">No users match.</div>}
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((item) => {
              const row = userAt(blocks, item.index);
              const classes = ['grid-row'];
              if (item.index % 2 === 1) classes.push('odd');
              if (row?.deleted_at) classes.push('deleted');
              if (row && row.id === selectedId) classes.push('selected');
              if (row && highlighted.has(row.id)) classes.push('flash');
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={row ? row.id === selectedId : false}
                  className={classes.join(' ')}
                  style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                  onContextMenu={row ? (e) => rowMenu(e, row) : undefined}
                >
                  {row ? (
                    COLUMNS.map((c, col) => {
                      const pos = { row: item.index, col };
                      const selected = grid.isSelected(item.index, col);
                      const active = grid.active.row === item.index && grid.active.col === col;
                      return (
                        <div
                          key={c.key}
                          id={`user-cell-${item.index}-${col}`}
                          role="gridcell"
                          aria-selected={selected}
                          className={`grid-cell${selected ? ' cell-selected' : ''}${active ? ' cell-active' : ''}`}
                          title={row[c.key] ?? undefined}
                          onMouseDown={(e) => {
                            grid.onCellMouseDown(pos, e);
                            gridRef.current?.focus({ preventScroll: true });
                            if (e.button === 0 && !e.shiftKey) open(item.index);
                          }}
                          onMouseEnter={(e) => grid.onCellMouseEnter(pos, e)}
                        >
                          {cellText(row, c.key)}
                          {c.key === 'name' && row.deleted_at && <span className="badge deleted-badge">deleted</span>}
                        </div>
                      );
                    })
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
      {contextMenu.menu && <GridContextMenu menu={contextMenu.menu} onClose={contextMenu.close} />}
    </div>
  );
}
