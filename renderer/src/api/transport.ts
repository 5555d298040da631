// Client side of the shared contract. Electron: the preload's `window.serenAuth`. Browser (serve
// mode): POST /api/<method> with the session token, and Server-Sent Events for ApiEvent.
import type { ApiErrorPayload, ApiMethod, ClientApi } from '../../../shared/api';
import type { ApiEvent } from '../../../shared/types';
import { reportConnection } from './connection';

export type ApiEventListener = (event: ApiEvent) => void;

/** What the Electron preload exposes: one function per contract method, plus an event subscription. */
export type PreloadBridge = ClientApi & { onEvent(listener: ApiEventListener): () => void };

declare global {
  interface Window {
    serenAuth?: PreloadBridge;
  }
}

// Record keyed by ApiMethod so the compiler flags a contract method missing here.
const methodNames: Record<ApiMethod, true> = {
  getAppState: true,
  getStatus: true,
  listUsers: true,
  getUser: true,
  runSql: true,
  cancelSql: true,
  getSchemaInfo: true,
  getHistory: true,
  getConsoleTabs: true,
  saveConsoleTabs: true,
  listSavedQueries: true,
  saveQuery: true,
  renameSavedQuery: true,
  deleteSavedQuery: true,
  testDatabase: true,
  setDatabase: true,
  linkClerk: true,
  startDemo: true,
  unlinkProvider: true,
  updateSettings: true,
  syncNow: true,
  pauseSync: true,
  resumeSync: true,
};

const TOKEN_KEY = 'seren-auth-token';

/** Reads ?token= once, keeps it for this tab only, and takes it out of the address bar. */
function takeSessionToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Electron wraps handler errors as "Error invoking remote method 'x': Error: msg"; keep only msg. */
function cleanIpcMessage(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, ''));
}

function createElectronApi(bridge: PreloadBridge): ClientApi {
  const api = {} as Record<ApiMethod, (input: unknown) => Promise<unknown>>;
  for (const method of Object.keys(methodNames) as ApiMethod[]) {
    const call = bridge[method] as (input: unknown) => Promise<unknown>;
    api[method] = (input) => call(input).catch((error: unknown) => Promise.reject(cleanIpcMessage(error)));
  }
  return api as unknown as ClientApi;
}

async function readError(response: Response): Promise<Error> {
  try {
    const body = (await response.json()) as Partial<ApiErrorPayload>;
    if (body?.error?.message) return new Error(body.error.message);
  } catch {
    // Not JSON: fall through to the status line.
  }
  if (response.status === 401 || response.status === 403) {
    return new Error('This page is not authorised. Open the link printed by `seren-auth serve` again.');
  }
  return new Error(`Request failed: HTTP ${response.status} ${response.statusText}`.trim());
}

function createHttpApi(token: string): ClientApi {
  const api = {} as Record<ApiMethod, (input: unknown) => Promise<unknown>>;
  for (const method of Object.keys(methodNames) as ApiMethod[]) {
    api[method] = async (input) => {
      let response: Response;
      try {
        response = await fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Seren-Token': token },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        reportConnection(false);
        throw new Error('Cannot reach the SerenDB Auth server. Is `seren-auth serve` still running?');
      }
      reportConnection(true);
      if (!response.ok) throw await readError(response);
      return response.json();
    };
  }
  return api as unknown as ClientApi;
}

function createHttpEvents(token: string): (listener: ApiEventListener) => () => void {
  const listeners = new Set<ApiEventListener>();
  let source: EventSource | null = null;
  return (listener) => {
    listeners.add(listener);
    if (!source) {
      // One stream for the whole page; EventSource reconnects by itself after a drop.
      source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
      source.onopen = () => reportConnection(true);
      source.onerror = () => reportConnection(false);
      source.onmessage = (message) => {
        let event: ApiEvent;
        try {
          event = JSON.parse(message.data as string) as ApiEvent;
        } catch {
          return;
        }
        for (const l of listeners) l(event);
      };
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && source) {
        source.close();
        source = null;
      }
    };
  };
}

const bridge = typeof window !== 'undefined' ? window.serenAuth : undefined;
const token = bridge ? '' : takeSessionToken();

export const api: ClientApi = bridge ? createElectronApi(bridge) : createHttpApi(token);

/** Listens to core events (status, users-changed, app-state); returns the unsubscribe function. */
export const subscribe: (listener: ApiEventListener) => () => void = bridge
  ? (listener) => bridge.onEvent(listener)
  : createHttpEvents(token);
