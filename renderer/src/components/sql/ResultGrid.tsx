// Virtualised grid for one result set: sort and filter on the loaded rows, cell selection and
// copy, resizable columns; json/jsonb cells open in the inspector.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SqlResultSet } from '../../../../shared/types';
import { useInspector } from '../../stores/inspector-store';
import { formatCount } from '../../lib/format';
import { rowAsCsv, rowAsInsert, rowAsJson, sourceTable } from '../../lib/row-copy';
import { useGridInteraction } from '../grid/use-grid-interaction';
import { useColumnWidths } from '../grid/column-widths';
import { ColumnResizer } from '../grid/ColumnResizer';
import { GridContextMenu, useContextMenu } from '../grid/GridContextMenu';
import { displayCell, isJsonColumn, sortRows, type ResultSort } from '../../lib/result-rows';

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 29;
const ROWNUM_WIDTH = 48;
const CHAR_PX = 7.4;

function parseJsonCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Default widths from the header and a sample of values, clamped to stay readable. */
function defaultWidths(set: SqlResultSet): number[] {
  const sample = set.rows.slice(0, 100);
  return set.columns.map((column, c) => {
    let chars = column.name.length + 4;
    for (const row of sample) chars = Math.max(chars, Math.min(60, displayCell(column, row[c]).text.length));
    return Math.round(Math.max(70, Math.min(420, chars * CHAR_PX + 18)));
  });
}

export function ResultGrid({ set }: { set: SqlResultSet }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const [sort, setSort] = useState<ResultSort | null>(null);
  const [filter, setFilter] = useState('');
  const names = useMemo(() => set.columns.map((c) => c.name), [set]);
  const { widths, setWidth } = useColumnWidths('results', names, useMemo(() => defaultWidths(set), [set]));
  const template = `${ROWNUM_WIDTH}px ${widths.map((w) => `${w}px`).join(' ')}`;
  const totalWidth = widths.reduce((a, b) => a + b, 0) + ROWNUM_WIDTH;
  const contextMenu = useContextMenu();

  /** Indices into set.rows, in display order. */
  const order = useMemo(() => sortRows(set, sort, filter), [set, sort, filter]);

  const inspect = (viewRow: number, col: number) => {
    const column = set.columns[col];
    const index = order[viewRow];
    useInspector.getState().show({
      title: `${column.name} · row ${index + 1}`,
      column: column.name,
      value: parseJsonCell(set.rows[index][col]),
    });
  };

  const grid = useGridInteraction({
    rowCount: order.length,
    colCount: set.columns.length,
    scrollRef,
    rowHeight: ROW_HEIGHT,
    headerHeight: HEADER_HEIGHT,
    leadingWidth: ROWNUM_WIDTH,
    widths,
    cellValue: (r, c) => set.rows[order[r]][c],
    onEnter: (pos) => {
      if (isJsonColumn(set.columns[pos.col]) && set.rows[order[pos.row]][pos.col] !== null) inspect(pos.row, pos.col);
    },
  });
  const { reset } = grid;
  useEffect(() => reset(), [order, reset]);

  const virtualizer = useVirtualizer({
    count: order.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });

  const toggleSort = (column: number) =>
    setSort((s) => {
      if (!s || s.column !== column) return { column, direction: 'asc' };
      return s.direction === 'asc' ? { column, direction: 'desc' } : null;
    });

  const rowMenu = (event: React.MouseEvent, viewRow: number) => {
    const row = set.rows[order[viewRow]];
    contextMenu.open(event, [
      { label: 'Copy selection', what: 'selection', copy: () => grid.selectionText().text },
      { label: 'Copy row as JSON', what: 'row as JSON', copy: () => rowAsJson(set.columns, row) },
      { label: 'Copy row as CSV', what: 'row as CSV', copy: () => rowAsCsv(set.columns, row) },
      { label: 'Copy row as SQL INSERT', what: 'row as SQL INSERT', copy: () => rowAsInsert(sourceTable(set.statement), set.columns, row) },
    ]);
  };

  return (
    <div className="result-grid-wrap">
      <div className="result-grid-bar">
        <input
          type="search"
          className="input"
          placeholder="Filter loaded rows"
          aria-label="Filter rows"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
        />
        {filter.trim() !== '' && (
          <span className="muted small" aria-live="polite">
            {formatCount(order.length)} of {formatCount(set.rows.length)} loaded rows match
          </span>
        )}
      </div>
      <div
        ref={gridRef}
        className="grid result-grid"
        role="grid"
        aria-label="Results"
        aria-rowcount={order.length + 1}
        aria-colcount={set.columns.length}
        aria-multiselectable="true"
        tabIndex={0}
        aria-activedescendant={order.length > 0 ? `result-cell-${grid.active.row}-${grid.active.col}` : undefined}
        onKeyDown={grid.onKeyDown}
      >
        <div className="grid-scroll" ref={scrollRef}>
          <div style={{ width: totalWidth, minWidth: '100%' }}>
            <div className="grid-head sticky" role="rowgroup">
              <div className="grid-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
                <div className="grid-cell head rownum" aria-hidden="true">
                  #
                </div>
                {set.columns.map((column, i) => {
                  const sorted = sort?.column === i;
                  return (
                    <div
                      key={i}
                      role="columnheader"
                      className="grid-cell head"
                      title={column.name}
                      aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                    >
                      <button type="button" className="sort-button" onClick={() => toggleSort(i)}>
                        {column.name}
                        {isJsonColumn(column) && <span className="type-tag">{column.dataTypeID === 3802 ? 'jsonb' : 'json'}</span>}
                        <span className="sort-mark" aria-hidden="true">
                          {sorted ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}
                        </span>
                      </button>
                      <ColumnResizer label={column.name} width={widths[i]} onResize={(w) => setWidth(column.name, w)} />
                    </div>
                  );
                })}
              </div>
            </div>
            <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const row = set.rows[order[item.index]];
                return (
                  <div
                    key={item.key}
                    role="row"
                    aria-rowindex={item.index + 2}
                    className={`grid-row${item.index % 2 ? ' odd' : ''}`}
                    style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                    onContextMenu={(e) => rowMenu(e, item.index)}
                  >
                    <div
                      className="grid-cell rownum muted"
                      aria-hidden="true"
                      onMouseDown={(e) => {
                        // The row number selects the whole row.
                        grid.onCellMouseDown({ row: item.index, col: 0 }, e);
                        grid.moveTo({ row: item.index, col: set.columns.length - 1 }, true);
                        gridRef.current?.focus({ preventScroll: true });
                      }}
                    >
                      {item.index + 1}
                    </div>
                    {set.columns.map((column, c) => {
                      const value = row[c];
                      const isJson = isJsonColumn(column) && value !== null;
                      const { text, title } = displayCell(column, value);
                      const pos = { row: item.index, col: c };
                      const selected = grid.isSelected(item.index, c);
                      const active = grid.active.row === item.index && grid.active.col === c;
                      return (
                        <div
                          key={c}
                          id={`result-cell-${item.index}-${c}`}
                          role="gridcell"
                          aria-selected={selected}
                          className={`grid-cell${value === null ? ' null' : ''}${isJson ? ' json-cell' : ''}${selected ? ' cell-selected' : ''}${active ? ' cell-active' : ''}`}
                          title={title}
                          onMouseDown={(e) => {
                            grid.onCellMouseDown(pos, e);
                            gridRef.current?.focus({ preventScroll: true });
                          }}
                          onMouseEnter={(e) => grid.onCellMouseEnter(pos, e)}
                        >
                          {isJson ? (
                            <button
                              type="button"
                              className="cell-button"
                              tabIndex={-1}
                              aria-label={`Inspect ${column.name} of row ${item.index + 1}`}
                              // No focus on press: focusing would scroll the grid sideways.
                              onMouseDown={(e) => e.preventDefault()}
                              onClick={() => inspect(item.index, c)}
                            >
                              {text.length > 200 ? `${text.slice(0, 200)}…` : text}
                            </button>
                          ) : text.length > 500 ? (
                            `${text.slice(0, 500)}…`
                          ) : (
                            text
                          )}
                        </div>
                      );
                    })}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </div>
      {contextMenu.menu && <GridContextMenu menu={contextMenu.menu} onClose={contextMenu.close} />}
    </div>
  );
}

