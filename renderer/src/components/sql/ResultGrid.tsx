// Virtualised grid for one result set; json/jsonb cells open in the inspector.
import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { SqlResultSet } from '../../../../shared/types';
import { useInspector } from '../../stores/inspector-store';

const ROW_HEIGHT = 26;
const JSON_TYPE_IDS = new Set([3802, 114]);
const CHAR_PX = 7.4;

function cellText(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function parseJsonCell(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Column widths from the header and a sample of values, clamped to stay readable. */
function columnWidths(set: SqlResultSet): number[] {
  const sample = set.rows.slice(0, 100);
  return set.columns.map((column, c) => {
    let chars = column.name.length + 2;
    for (const row of sample) chars = Math.max(chars, Math.min(60, cellText(row[c]).length));
    return Math.round(Math.max(70, Math.min(420, chars * CHAR_PX + 18)));
  });
}

export function ResultGrid({ set }: { set: SqlResultSet }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const widths = useMemo(() => columnWidths(set), [set]);
  const template = widths.map((w) => `${w}px`).join(' ');
  const totalWidth = widths.reduce((a, b) => a + b, 0) + 48;
  const virtualizer = useVirtualizer({
    count: set.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
  });

  const inspect = (rowIndex: number, col: number) => {
    const column = set.columns[col];
    useInspector.getState().show({
      title: `${column.name} · row ${rowIndex + 1}`,
      column: column.name,
      value: parseJsonCell(set.rows[rowIndex][col]),
    });
  };

  return (
    <div
      className="grid result-grid"
      role="grid"
      aria-label="Results"
      aria-rowcount={set.rows.length + 1}
      aria-colcount={set.columns.length}
    >
      <div className="grid-scroll" ref={scrollRef}>
        <div style={{ width: totalWidth, minWidth: '100%' }}>
          <div className="grid-head sticky" role="rowgroup">
            <div className="grid-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: `48px ${template}` }}>
              <div className="grid-cell head rownum" aria-hidden="true">
                #
              </div>
              {set.columns.map((column, i) => (
                <div key={i} role="columnheader" className="grid-cell head" title={column.name}>
                  {column.name}
                  {column.dataTypeID !== null && JSON_TYPE_IDS.has(column.dataTypeID) && (
                    <span className="type-tag">{column.dataTypeID === 3802 ? 'jsonb' : 'json'}</span>
                  )}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = set.rows[item.index];
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className={`grid-row${item.index % 2 ? ' odd' : ''}`}
                  style={{ gridTemplateColumns: `48px ${template}`, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
                >
                  <div className="grid-cell rownum muted" aria-hidden="true">
                    {item.index + 1}
                  </div>
                  {set.columns.map((column, c) => {
                    const value = row[c];
                    const isJson = column.dataTypeID !== null && JSON_TYPE_IDS.has(column.dataTypeID) && value !== null;
                    const text = cellText(value);
                    return (
                      <div
                        key={c}
                        role="gridcell"
                        className={`grid-cell${value === null ? ' null' : ''}${isJson ? ' json-cell' : ''}`}
                        title={text.length > 60 ? text.slice(0, 1000) : undefined}
                      >
                        {isJson ? (
                          <button
                            type="button"
                            className="cell-button"
                            aria-label={`Inspect ${column.name} of row ${item.index + 1}`}
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
  );
}
