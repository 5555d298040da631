// Cell selection, keyboard navigation and copying, shared by the Users grid and the Results grid.
// Click selects a cell, shift-click / shift-arrows / a mouse drag extend the range, Ctrl/Cmd+C
// copies it tab-separated. Moves start from the row on screen when the active one was scrolled
// away, so PageDown after a mouse scroll continues from what the user is looking at.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { copyText } from '../../lib/clipboard';
import { toTsv } from '../../lib/row-copy';
import { formatCount } from '../../lib/format';
import { toastError, toastInfo } from '../../stores/toast-store';

export interface CellPos {
  row: number;
  col: number;
}

export interface CellRange {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** What `cellValue` answers for a row the grid has not loaded yet. */
export const NOT_LOADED = Symbol('not loaded');

/** Copying more cells than this would freeze the page; the user is told instead. */
const MAX_COPY_CELLS = 500_000;

export interface GridInteractionOptions {
  rowCount: number;
  colCount: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  rowHeight: number;
  /** Height of the sticky header inside the scroll element. */
  headerHeight: number;
  /** Width of what precedes the first column (the row-number gutter). */
  leadingWidth: number;
  widths: readonly number[];
  cellValue(row: number, col: number): unknown;
  /** Enter on a cell. */
  onEnter?(pos: CellPos): void;
  /** The active cell moved (by click or keyboard). */
  onActiveChange?(pos: CellPos): void;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

export function rangeOf(a: CellPos, b: CellPos): CellRange {
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}

export function useGridInteraction(options: GridInteractionOptions) {
  const { rowCount, colCount, scrollRef, rowHeight, headerHeight, leadingWidth, widths } = options;
  const [anchor, setAnchor] = useState<CellPos>({ row: 0, col: 0 });
  const [focus, setFocus] = useState<CellPos>({ row: 0, col: 0 });
  const dragging = useRef(false);
  const latest = useRef(options);
  latest.current = options;

  useEffect(() => {
    const stop = () => (dragging.current = false);
    window.addEventListener('mouseup', stop);
    return () => window.removeEventListener('mouseup', stop);
  }, []);

  const viewRows = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return { first: 0, count: 10 };
    const first = Math.ceil(el.scrollTop / rowHeight);
    const count = Math.max(1, Math.floor((el.clientHeight - headerHeight) / rowHeight));
    return { first, count };
  }, [scrollRef, rowHeight, headerHeight]);

  const ensureVisible = useCallback(
    (pos: CellPos) => {
      const el = scrollRef.current;
      if (!el) return;
      const top = pos.row * rowHeight;
      const viewHeight = el.clientHeight - headerHeight;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + rowHeight > el.scrollTop + viewHeight) el.scrollTop = top + rowHeight - viewHeight;
      let left = leadingWidth;
      for (let c = 0; c < pos.col; c++) left += widths[c];
      const right = left + (widths[pos.col] ?? 0);
      if (left - leadingWidth < el.scrollLeft) el.scrollLeft = left - leadingWidth;
      else if (right > el.scrollLeft + el.clientWidth) el.scrollLeft = right - el.clientWidth;
    },
    [scrollRef, rowHeight, headerHeight, leadingWidth, widths],
  );

  const moveTo = useCallback(
    (pos: CellPos, extend: boolean) => {
      if (rowCount === 0 || colCount === 0) return;
      const next = { row: clamp(pos.row, 0, rowCount - 1), col: clamp(pos.col, 0, colCount - 1) };
      setFocus(next);
      if (!extend) setAnchor(next);
      ensureVisible(next);
      latest.current.onActiveChange?.(next);
    },
    [rowCount, colCount, ensureVisible],
  );

  /** The selection as tab-separated text; rows not loaded yet are left out and counted. */
  const selectionText = useCallback((): { text: string; rows: number; cols: number; skipped: number } => {
    const range = rangeOf(anchor, focus);
    const rowsWanted = range.bottom - range.top + 1;
    const cols = range.right - range.left + 1;
    if (rowsWanted * cols > MAX_COPY_CELLS) {
      throw new Error(`That is ${formatCount(rowsWanted * cols)} cells; copy at most ${formatCount(MAX_COPY_CELLS)}, or use Export.`);
    }
    const rows: unknown[][] = [];
    let skipped = 0;
    for (let r = range.top; r <= range.bottom; r++) {
      const row: unknown[] = [];
      for (let c = range.left; c <= range.right; c++) row.push(latest.current.cellValue(r, c));
      if (row.includes(NOT_LOADED)) skipped++;
      else rows.push(row);
    }
    return { text: toTsv(rows), rows: rows.length, cols, skipped };
  }, [anchor, focus]);

  const copySelection = useCallback(async () => {
    try {
      const { text, rows, cols, skipped } = selectionText();
      await copyText(text);
      const what = rows * cols === 1 ? 'cell' : `${formatCount(rows)} × ${formatCount(cols)} cells`;
      toastInfo(skipped > 0 ? `Copied ${what} (${formatCount(skipped)} rows not loaded yet were left out)` : `Copied ${what}`);
    } catch (error) {
      toastError(error);
    }
  }, [selectionText]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const mod = event.ctrlKey || event.metaKey;
    const { first, count } = viewRows();
    // The active row scrolled out of view: carry on from the first row on screen.
    const onScreen = focus.row >= first && focus.row < first + count;
    const base = onScreen ? focus : { row: first, col: focus.col };
    const extend = event.shiftKey;
    switch (event.key) {
      case 'ArrowDown': moveTo(mod ? { row: rowCount - 1, col: base.col } : { row: base.row + (onScreen ? 1 : 0), col: base.col }, extend); break;
      case 'ArrowUp': moveTo(mod ? { row: 0, col: base.col } : { row: base.row - (onScreen ? 1 : 0), col: base.col }, extend); break;
      case 'ArrowRight': moveTo(mod ? { row: base.row, col: colCount - 1 } : { row: base.row, col: base.col + 1 }, extend); break;
      case 'ArrowLeft': moveTo(mod ? { row: base.row, col: 0 } : { row: base.row, col: base.col - 1 }, extend); break;
      case 'PageDown': moveTo({ row: base.row + count - (onScreen ? 1 : 0), col: base.col }, extend); break;
      case 'PageUp': moveTo({ row: base.row - count + 1, col: base.col }, extend); break;
      case 'Home': moveTo({ row: 0, col: mod ? 0 : base.col }, extend); break;
      case 'End': moveTo({ row: rowCount - 1, col: mod ? colCount - 1 : base.col }, extend); break;
      case 'Enter': if (rowCount > 0) latest.current.onEnter?.(focus); break;
      case 'Escape': setAnchor(focus); break;
      case 'a':
      case 'A':
        if (!mod) return;
        setAnchor({ row: 0, col: 0 });
        setFocus({ row: Math.max(0, rowCount - 1), col: Math.max(0, colCount - 1) });
        break;
      case 'c':
      case 'C':
        if (!mod || event.altKey) return;
        void copySelection();
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const onCellMouseDown = (pos: CellPos, event: React.MouseEvent) => {
    if (event.button === 2) {
      // Right-click inside the selection keeps it, for the context menu.
      const r = rangeOf(anchor, focus);
      if (pos.row >= r.top && pos.row <= r.bottom && pos.col >= r.left && pos.col <= r.right) return;
    }
    if (event.button === 0) dragging.current = true;
    if (event.shiftKey) setFocus(pos);
    else {
      setAnchor(pos);
      setFocus(pos);
    }
    latest.current.onActiveChange?.(pos);
  };

  const onCellMouseEnter = (pos: CellPos, event: React.MouseEvent) => {
    if (dragging.current && event.buttons === 1) setFocus(pos);
  };

  const range = rangeOf(anchor, focus);
  const isSelected = (row: number, col: number) =>
    row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;

  /** Back to the first cell (a new query or result). */
  const reset = useCallback(() => {
    setAnchor({ row: 0, col: 0 });
    setFocus({ row: 0, col: 0 });
  }, []);

  /** Rows were inserted or removed above: the selection follows its rows. */
  const shiftRows = useCallback((rows: number) => {
    setAnchor((a) => ({ ...a, row: Math.max(0, a.row + rows) }));
    setFocus((f) => ({ ...f, row: Math.max(0, f.row + rows) }));
  }, []);

  return {
    active: focus, range, isSelected, onKeyDown, onCellMouseDown, onCellMouseEnter, selectionText, copySelection, reset, moveTo, shiftRows,
  };
}
