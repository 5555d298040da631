// The IPC transport's checks, with Electron's ipcMain stood in by a recorder (the Electron
// binary cannot run on the build machines): every contract method has a handler, calls from
// another window or page are refused, inputs are validated, events reach the window.
import { beforeEach, describe, expect, it, vi } from 'vitest';

const handlers = new Map<string, (event: unknown, input?: unknown) => unknown>();
const listeners = new Map<string, (event: { sender: unknown; returnValue?: unknown }) => void>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, input?: unknown) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, fn: (event: { sender: unknown }) => void) => listeners.set(channel, fn),
    removeAllListeners: (channel: string) => listeners.delete(channel),
  },
  protocol: {},
  net: {},
}));

const { bridgeApi } = await import('../../electron/shell/ipc-bridge.js');
const { apiMethods } = await import('../../shared/api.js');
const { isExternalHttpLink } = await import('../../electron/shell/hardening-rules.js');

describe('IPC bridge', () => {
  const sent: unknown[] = [];
  const webContents = { send: (_channel: string, event: unknown) => sent.push(event) };
  const window = { webContents, isDestroyed: () => false } as never;
  const calls: { method: string; input: unknown }[] = [];
  const api = new Proxy({}, { get: (_t, method: string) => async (input: unknown) => (calls.push({ method, input }), { ok: method }) }) as never;
  let emit: (event: unknown) => void = () => {};
  const fromApp = { sender: webContents, senderFrame: { url: 'app://serendb/index.html' } };

  beforeEach(() => {
    handlers.clear();
    calls.length = 0;
    sent.length = 0;
    bridgeApi(api, window, (listener) => ((emit = listener as never), () => {}));
  });

  it('registers one handler per contract method and tells the preload their names', () => {
    expect([...handlers.keys()].sort()).toEqual(apiMethods.map((m) => `seren-auth:${m}`).sort());
    const event: { sender: unknown; returnValue?: unknown } = { sender: webContents };
    listeners.get('seren-auth:methods')!(event);
    expect(event.returnValue).toEqual(apiMethods);
    const stranger: { sender: unknown; returnValue?: unknown } = { sender: {} };
    listeners.get('seren-auth:methods')!(stranger);
    expect(stranger.returnValue).toEqual([]);
  });

  it('passes validated input from our page to the core', async () => {
    await expect(handlers.get('seren-auth:getUser')!(fromApp, { id: 'user_1' })).resolves.toEqual({ ok: 'getUser' });
    expect(calls).toEqual([{ method: 'getUser', input: { id: 'user_1' } }]);
  });

  it('refuses calls from another window or another page, and invalid input', async () => {
    await expect(handlers.get('seren-auth:getStatus')!({ sender: {}, senderFrame: fromApp.senderFrame }, {})).rejects.toThrow(/did not come from/);
    await expect(handlers.get('seren-auth:getStatus')!({ sender: webContents, senderFrame: { url: 'https://evil.example/' } }, {})).rejects.toThrow(/did not come from/);
    await expect(handlers.get('seren-auth:getUser')!(fromApp, { id: 42 })).rejects.toThrow(/Invalid input for getUser/);
    expect(calls).toEqual([]);
  });

  it('forwards core events to the window', () => {
    emit({ type: 'users-changed', change: { inserted: 1, updated: 0, deleted: 0, ids: ['u'] } });
    expect(sent).toEqual([{ type: 'users-changed', change: { inserted: 1, updated: 0, deleted: 0, ids: ['u'] } }]);
  });
});

describe('external links', () => {
  it('opens only http(s) links outside the app', () => {
    expect(isExternalHttpLink('https://clerk.com/docs')).toBe(true);
    expect(isExternalHttpLink('http://localhost:3000')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://serendb/x', 'not a url']) {
      expect(isExternalHttpLink(url)).toBe(false);
    }
  });
});
