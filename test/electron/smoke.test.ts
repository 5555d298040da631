// Opens the real Electron app where an Electron binary is installed. Build machines without
// one (ELECTRON_SKIP_BINARY_DOWNLOAD=1) say why it did not run; CI does not require it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { _electron as electron } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp.js';

const root = path.resolve(import.meta.dirname, '../..');

function electronBinary(): { path: string | null; reason: string | null } {
  try {
    const binary = createRequire(import.meta.url)('electron') as string;
    if (fs.existsSync(binary)) return { path: binary, reason: null };
    return { path: null, reason: `the Electron binary is not installed (${binary} is missing)` };
  } catch (error) {
    return { path: null, reason: `the Electron binary is not installed: ${(error as Error).message.split('\n')[0]}` };
  }
}

const binary = electronBinary();
const mainScript = path.join(root, 'dist/electron/main.js');
if (binary.reason) console.log(`Electron smoke test not run: ${binary.reason}.`);

describe.skipIf(binary.reason !== null)('Electron app', () => {
  let cleanup: (() => Promise<void>) | null = null;
  afterAll(async () => cleanup?.());

  it('opens a sandboxed window on onboarding with only the contract exposed', async () => {
    expect(fs.existsSync(mainScript), 'run npm run build first').toBe(true);
    const home = await makeTempDir();
    const app = await electron.launch({
      executablePath: binary.path!,
      args: [mainScript],
      env: { ...process.env, SEREN_AUTH_HOME: home.dir },
    });
    cleanup = async () => {
      await app.close().catch(() => {});
      await home.remove();
    };
    const window = await app.firstWindow();
    await expect.poll(() => window.title()).toBe('SerenDB Auth');
    await window.getByRole('button', { name: /try with demo data/i }).waitFor();
    const exposed = await window.evaluate(() => ({
      hasRequire: typeof (globalThis as { require?: unknown }).require !== 'undefined',
      getStatus: typeof (window as unknown as { serenAuth: Record<string, unknown> }).serenAuth.getStatus,
      ipc: 'ipcRenderer' in (window as unknown as { serenAuth: Record<string, unknown> }).serenAuth,
    }));
    expect(exposed).toEqual({ hasRequire: false, getStatus: 'function', ipc: false });
  });
});
