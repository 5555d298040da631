// Column widths a user dragged, remembered per grid (and per column name) across reloads.
import { useCallback, useEffect, useState } from 'react';

export const MIN_COLUMN_WIDTH = 48;
const MAX_COLUMN_WIDTH = 2000;
const STORAGE_PREFIX = 'seren-auth.column-widths.';

function readSaved(gridId: string): Record<string, number> {
  try {
    const parsed = JSON.parse(localStorage.getItem(STORAGE_PREFIX + gridId) ?? '{}') as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, number>) : {};
  } catch {
    return {};
  }
}

export function clampWidth(width: number): number {
  return Math.round(Math.max(MIN_COLUMN_WIDTH, Math.min(MAX_COLUMN_WIDTH, width)));
}

/**
 * Widths for `names`: the saved width where the user set one, the default otherwise.
 * `setWidth` saves at once, so a reload keeps it.
 */
export function useColumnWidths(gridId: string, names: readonly string[], defaults: readonly number[]) {
  const [saved, setSaved] = useState(() => readSaved(gridId));
  useEffect(() => setSaved(readSaved(gridId)), [gridId]);
  const widths = names.map((name, i) => (typeof saved[name] === 'number' ? clampWidth(saved[name]) : defaults[i]));
  const setWidth = useCallback(
    (name: string, width: number) => {
      setSaved((prev) => {
        const next = { ...prev, [name]: clampWidth(width) };
        try {
          localStorage.setItem(STORAGE_PREFIX + gridId, JSON.stringify(next));
        } catch {
          // Storage full or disabled: the width still applies until the page closes.
        }
        return next;
      });
    },
    [gridId],
  );
  return { widths, setWidth };
}
