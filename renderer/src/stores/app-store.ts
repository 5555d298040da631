// The core's app state and sync status, kept current by events.
import { create } from 'zustand';
import { api, subscribe } from '../api/transport';
import { isConnected, onConnectionChange } from '../api/connection';
import type { ApiEvent, AppState, SyncStatus } from '../../../shared/types';
import { errorMessage } from '../lib/errors';
import { toastError } from './toast-store';

interface AppStore {
  appState: AppState | null;
  status: SyncStatus | null;
  loadError: string | null;
  /** False while the core cannot be reached (serve stopped): the status then says so, not its last state. */
  connected: boolean;
  load(): Promise<void>;
  setAppState(state: AppState): void;
  setStatus(status: SyncStatus): void;
}

export const useApp = create<AppStore>((set) => ({
  appState: null,
  status: null,
  loadError: null,
  connected: isConnected(),
  async load() {
    set({ loadError: null });
    try {
      const appState = await api.getAppState({});
      set({ appState });
    } catch (error) {
      set({ loadError: errorMessage(error) });
      return;
    }
    await refreshStatus();
  },
  setAppState(appState) {
    set({ appState });
  },
  setStatus(status) {
    set({ status });
  },
}));

export async function refreshStatus(): Promise<void> {
  try {
    useApp.getState().setStatus(await api.getStatus({}));
  } catch (error) {
    toastError(error);
  }
}

type EventHandler = (event: ApiEvent) => void;
const extraHandlers = new Set<EventHandler>();

/** Lets feature stores (users grid) react to events without the app store knowing them. */
export function onApiEvent(handler: EventHandler): () => void {
  extraHandlers.add(handler);
  return () => extraHandlers.delete(handler);
}

/** Starts listening to core events and to the connection; returns the unsubscribe function. */
export function connectEvents(): () => void {
  const stopConnection = onConnectionChange((connected) => {
    useApp.setState({ connected });
    // Back again: what changed meanwhile came as no event.
    if (connected) void useApp.getState().load();
  });
  const stopEvents = subscribe((event) => {
    if (event.type === 'status') useApp.getState().setStatus(event.status);
    else if (event.type === 'app-state') useApp.getState().setAppState(event.state);
    for (const handler of extraHandlers) handler(event);
  });
  return () => {
    stopConnection();
    stopEvents();
  };
}
