// The Electron main process: opens one secure window on the app core. Everything else lives in
// electron/core (plain Node, tested without Electron) and electron/shell (small Electron glue).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow } from 'electron';
import { AppCore } from './core/app/app-core.js';
import { redact } from './core/redact.js';
import { defaultDataDir } from './core/app-paths.js';
import { tuneHeapForSync } from './core/heap-tuning.js';
import { apiUrlsFromEnv, providerFromEnv } from './core/providers/environment.js';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './shell/app-protocol.js';
import { hardenWebContents } from './shell/hardening.js';
import { exportDialog } from './shell/export-dialog.js';
import { bridgeApi } from './shell/ipc-bridge.js';
import { safeStorageSecrets } from './shell/safe-storage-secrets.js';

const here = path.dirname(fileURLToPath(import.meta.url));

tuneHeapForSync();
registerAppScheme();
// The same data folder as the CLI (so both see one embedded database); SEREN_AUTH_HOME moves it.
app.setPath('userData', defaultDataDir());
// One process per data folder: PGlite has no lock of its own and two writers corrupt it.
const firstInstance = app.requestSingleInstanceLock();
if (!firstInstance) app.quit();

let core: AppCore | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;

async function openWindow(): Promise<void> {
  serveRenderer(path.join(here, '..', 'renderer'));
  hardenWebContents();
  core = await AppCore.start({
    dataDir: app.getPath('userData'),
    secrets: safeStorageSecrets(),
    chooseExportFile: exportDialog(() => mainWindow),
    initial: {
      database: process.env.SEREN_AUTH_DATABASE || undefined,
      provider: providerFromEnv(process.env),
    },
    apiUrls: apiUrlsFromEnv(process.env),
  });
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    title: 'SerenDB Auth',
    show: false,
    webPreferences: {
      preload: path.join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow = window;
  const unbridge = bridgeApi(core.api, window, (listener) => core!.subscribe(listener));
  window.on('closed', () => {
    unbridge();
    mainWindow = null;
  });
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
}

if (firstInstance) startApp();

function startApp(): void {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    // Close the database cleanly (PGlite checkpoints on close) before the process ends.
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    core.close().finally(() => app.exit(0));
  });

  app.whenReady().then(openWindow).catch((error: Error) => {
    console.error(redact(`SerenDB Auth could not start: ${error.message}`));
    app.exit(1);
  });
}
