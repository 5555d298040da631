import { create } from 'zustand';

export interface InspectorTarget {
  title: string;
  /** Column the JSON lives in, used as the root of "Copy as SQL path". */
  column: string;
  value: unknown;
}

interface InspectorStore {
  target: InspectorTarget | null;
  loading: boolean;
  error: string | null;
  show(target: InspectorTarget): void;
  setLoading(title: string): void;
  setError(message: string): void;
  close(): void;
}

export const useInspector = create<InspectorStore>((set) => ({
  target: null,
  loading: false,
  error: null,
  show: (target) => set({ target, loading: false, error: null }),
  setLoading: (title) => set({ target: { title, column: 'raw_json', value: undefined }, loading: true, error: null }),
  setError: (message) => set({ loading: false, error: message }),
  close: () => set({ target: null, loading: false, error: null }),
}));
