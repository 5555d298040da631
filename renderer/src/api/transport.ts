// Client side of the shared contract. Electron: the preload's `window.serenAuth`. Browser (serve
// mode): POST /api/<method> with the session token in a header, and Server-Sent Events for
// ApiEvent, streamed through fetch with the same header.
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
  fetchSqlRows: true,
  exportSql: true,
  getConsoleInfo: true,
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
  linkProvider: true,
  startDemo: true,
  unlinkProvider: true,
  updateSettings: true,
  syncNow: true,
  pauseSync: true,
  resumeSync: true,
};

const TOKEN_KEY = 'seren-auth-token';

/**
 * Why the browser page cannot talk to the server: no token came with it (opened without the
 * printed link), or the server refused the one it has (serve restarted with a new token).
 */
export type TokenProblem = 'missing' | 'rejected';
let tokenProblem: TokenProblem | null = null;
const tokenProblemListeners = new Set<() => void>();

export function currentTokenProblem(): TokenProblem | null {
  return tokenProblem;
}

/** Called when the page learns its token is missing or refused; returns the unsubscribe function. */
export function onTokenProblem(listener: () => void): () => void {
  tokenProblemListeners.add(listener);
  return () => tokenProblemListeners.delete(listener);
}

function setTokenProblem(problem: TokenProblem): void {
  if (tokenProblem === problem) return;
  tokenProblem = problem;
  for (const listener of tokenProblemListeners) listener();
}

/**
 * Reads #token= once (a fragment never reaches any server), keeps it in this tab's own storage
 * (scoped to this origin and port, unlike a cookie) and takes it out of the address bar.
 */
function takeSessionToken(): string {
  const url = new URL(window.location.href);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    fragment.delete('token');
    const rest = fragment.toString();
    window.history.replaceState(window.history.state, '', url.pathname + url.search + (rest ? `#${rest}` : ''));
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
  if (response.status === 403) {
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
      if (response.status === 401) setTokenProblem('rejected');
      if (!response.ok) throw await readError(response);
      return response.json();
    };
  }
  return api as unknown as ClientApi;
}

/** Splits a Server-Sent Events body into the data of each event. */
function* sseData(buffer: { text: string }): Generator<string> {
  for (let end = buffer.text.indexOf('\n\n'); end !== -1; end = buffer.text.indexOf('\n\n')) {
    const block = buffer.text.slice(0, end);
    buffer.text = buffer.text.slice(end + 2);
    const data = block
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .map((line) => line.slice(5).replace(/^ /, ''));
    if (data.length > 0) yield data.join('\n');
  }
}

const RECONNECT_MS = [500, 1000, 2000, 5000];

/**
 * The event stream, read with fetch so the token goes in a header (EventSource cannot send
 * one, and a token in its URL would reach logs and history). Reconnects after a drop.
 */
function createHttpEvents(token: string): (listener: ApiEventListener) => () => void {
  const listeners = new Set<ApiEventListener>();
  let stop: AbortController | null = null;

  const run = async (signal: AbortSignal) => {
    for (let failures = 0; !signal.aborted; ) {
      try {
        const response = await fetch('/api/events', { headers: { 'X-Seren-Token': token }, signal, cache: 'no-store' });
        if (response.status === 401) {
          setTokenProblem('rejected');
          return;
        }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        failures = 0;
        reportConnection(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        const buffer = { text: '' };
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer.text += value.replace(/\r\n?/g, '\n');
          for (const data of sseData(buffer)) {
            let event: ApiEvent;
            try {
              event = JSON.parse(data) as ApiEvent;
            } catch {
              continue;
            }
            for (const l of listeners) l(event);
          }
        }
      } catch {
        if (signal.aborted) return;
        reportConnection(false);
      }
      const delay = RECONNECT_MS[Math.min(failures++, RECONNECT_MS.length - 1)];
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  };

  return (listener) => {
    listeners.add(listener);
    if (!stop) {
      // One stream for the whole page.
      stop = new AbortController();
      void run(stop.signal);
    }
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && stop) {
        stop.abort();
        stop = null;
      }
    };
  };
}

const bridge = typeof window !== 'undefined' ? window.serenAuth : undefined;
const token = bridge ? '' : takeSessionToken();
if (!bridge && !token) tokenProblem = 'missing';

export const api: ClientApi = bridge ? createElectronApi(bridge) : createHttpApi(token);

/**
 * Serve mode only: POSTs JSON to a route outside the method table (the export ticket) with the
 * same token as the API calls. Rejects with the API's error message.
 */
export async function postJson<T>(path: string, input: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Seren-Token': token },
      body: JSON.stringify(input),
    });
  } catch {
    throw new Error('Cannot reach the SerenDB Auth server. Is `seren-auth serve` still running?');
  }
  if (!response.ok) throw await readError(response);
  return (await response.json()) as T;
}

/** True in the desktop app (IPC), false in the browser (serve). */
export const inDesktopApp = !!bridge;

/** Listens to core events (status, users-changed, app-state); returns the unsubscribe function. */
export const subscribe: (listener: ApiEventListener) => () => void = bridge
  ? (listener) => bridge.onEvent(listener)
  : createHttpEvents(token);
