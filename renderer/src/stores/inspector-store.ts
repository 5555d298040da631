import { create } from 'zustand';

export interface InspectorTarget {
  title: string;
  /** Column the JSON lives in, used as the root of "Copy as SQL path". */
  column: string;
  value: unknown;
}

const WIDTH_KEY = 'seren-auth.inspector-width';
export const INSPECTOR_MIN_WIDTH = 260;
const DEFAULT_WIDTH = 380;

function savedWidth(): number {
  const saved = Number(typeof localStorage !== 'undefined' ? localStorage.getItem(WIDTH_KEY) : null);
  return Number.isFinite(saved) && saved >= INSPECTOR_MIN_WIDTH ? saved : DEFAULT_WIDTH;
}

interface InspectorStore {
  target: InspectorTarget | null;
  /** Panel width in px, set by its splitter and remembered across reloads. */
  width: number;
  setWidth(width: number): void;
  loading: boolean;
  error: string | null;
  show(target: InspectorTarget): void;
  setLoading(title: string): void;
  setError(message: string): void;
  close(): void;
}

export const useInspector = create<InspectorStore>((set) => ({
  target: null,
  width: savedWidth(),
  setWidth: (width) => {
    // Leave the grid at least 320 px.
    const clamped = Math.round(Math.max(INSPECTOR_MIN_WIDTH, Math.min(width, window.innerWidth - 320)));
    try {
      localStorage.setItem(WIDTH_KEY, String(clamped));
    } catch {
      // Storage disabled: the width holds until the page closes.
    }
    set({ width: clamped });
  },
  loading: false,
  error: null,
  show: (target) => set({ target, loading: false, error: null }),
  setLoading: (title) => set({ target: { title, column: 'raw_json', value: undefined }, loading: true, error: null }),
  setError: (message) => set({ loading: false, error: message }),
  close: () => set({ target: null, loading: false, error: null }),
}));
