import { create } from 'zustand';
import { errorMessage } from '../lib/errors';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
}

interface ToastStore {
  toasts: Toast[];
  push(kind: Toast['kind'], message: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useToasts = create<ToastStore>((set) => ({
  toasts: [],
  push(kind, message) {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-4), { id, kind, message }] }));
    // Info fades on its own; errors stay until dismissed so they can be read.
    if (kind === 'info') setTimeout(() => useToasts.getState().dismiss(id), 4000);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

export function toastError(error: unknown): void {
  useToasts.getState().push('error', errorMessage(error));
}

export function toastInfo(message: string): void {
  useToasts.getState().push('info', message);
}
