// The only bridge between the sandboxed renderer and the main process: one named function per
// API contract method (the list comes from the main process, so it can never drift), plus
// onEvent. No raw ipcRenderer is exposed. A sandboxed preload cannot import our modules, hence
// CommonJS and no imports but electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

const PREFIX = 'seren-auth:';
const methods: string[] = ipcRenderer.sendSync(`${PREFIX}methods`);
const bridge: Record<string, unknown> = {};
for (const method of methods) {
  bridge[method] = (input: unknown) => ipcRenderer.invoke(`${PREFIX}${method}`, input ?? {});
}
bridge.onEvent = (listener: (event: unknown) => void) => {
  const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
  ipcRenderer.on(`${PREFIX}event`, handler);
  return () => {
    ipcRenderer.off(`${PREFIX}event`, handler);
  };
};
contextBridge.exposeInMainWorld('serenAuth', bridge);
