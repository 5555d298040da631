// Carries the API contract over IPC: one handler per contract method, each checking that the
// call comes from our own window and page, and validating its argument before the core sees it.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { apiMethods, parseApiInput, type CoreApi } from '../../shared/api.js';
import type { ApiEvent } from '../../shared/types.js';
import { redact, redactValue } from '../core/redact.js';
import { APP_ORIGIN } from './app-protocol.js';

export const IPC_PREFIX = 'seren-auth:';

export function bridgeApi(api: CoreApi, window: BrowserWindow, subscribe: (l: (e: ApiEvent) => void) => () => void): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender === window.webContents && (event.senderFrame?.url ?? '').startsWith(`${APP_ORIGIN}/`);

  // The preload asks which methods exist, so it exposes exactly the contract's, nothing more.
  // (Names only; it runs before the page's URL is committed, so only the sender is checked.)
  ipcMain.on(`${IPC_PREFIX}methods`, (event) => {
    event.returnValue = event.sender === window.webContents ? apiMethods : [];
  });
  for (const method of apiMethods) {
    ipcMain.handle(`${IPC_PREFIX}${method}`, async (event, input: unknown) => {
      if (!trusted(event)) throw new Error('Refused: this call did not come from the SerenDB Auth window.');
      // No secret reaches the window, whatever a status message or an error quoted.
      try {
        return redactValue(await (api[method] as (i: unknown) => Promise<unknown>)(parseApiInput(method, input)));
      } catch (error) {
        throw new Error(redact(error instanceof Error ? error.message : String(error)));
      }
    });
  }
  const unsubscribe = subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(`${IPC_PREFIX}event`, redactValue(event));
  });
  return () => {
    unsubscribe();
    ipcMain.removeAllListeners(`${IPC_PREFIX}methods`);
    for (const method of apiMethods) ipcMain.removeHandler(`${IPC_PREFIX}${method}`);
  };
}
