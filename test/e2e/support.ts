// End-to-end support: `seren-auth serve` as a child process on a scratch SEREN_AUTH_HOME, and
// Debian's Chromium driven by playwright-core. Without a browser the e2e suite is skipped
// locally and fails when REQUIRE_BROWSER=1. The tests run against dist/: build first.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { makeTempDir } from '../support/temp.js';

const TWO_UP = path.resolve(import.meta.dirname, '../..');
/** The repository, also when this file runs compiled in dist/test/e2e (the UI bench). */
export const ROOT = path.basename(TWO_UP) === 'dist' ? path.dirname(TWO_UP) : TWO_UP;
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const REQUIRE_BROWSER = process.env.REQUIRE_BROWSER === '1';
const BUILT_FILES = ['dist/electron/core/cli/main.js', 'dist/renderer/index.html'];
const BROWSER_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export const browserAvailable = fs.existsSync(CHROMIUM_PATH);

/** describe() when the browser is there (or required, so its absence fails), describe.skip otherwise. */
export const describeInBrowser = browserAvailable || REQUIRE_BROWSER ? describe : describe.skip;

/** Screenshots for docs/ are only written on request, so test runs leave the tree clean. */
export const UPDATE_SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1';

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (!UPDATE_SCREENSHOTS) return;
  await page.screenshot({ path: path.join(ROOT, 'docs', name) });
}

function requireBuild(): void {
  const missing = BUILT_FILES.filter((f) => !fs.existsSync(path.join(ROOT, f)));
  if (missing.length > 0) {
    throw new Error(`The app is not built (${missing.join(', ')} missing): run "npm run build" before the e2e tests.`);
  }
}

export interface ServeProcess {
  /** The printed URL, with #token=. */
  url: string;
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  token: string;
  home: string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  /** An earlier run's `home`: serve starts on that folder and leaves it in place on stop. */
  home?: string;
}

/** Starts `seren-auth serve` on a fresh data folder and resolves once it prints its URL. */
export async function startServe(
  args: string[] = [],
  timeoutMs = 60_000,
  extraEnv: NodeJS.ProcessEnv = {},
  options: ServeOptions = {},
): Promise<ServeProcess> {
  requireBuild();
  const home = options.home ? { dir: options.home, remove: async () => {} } : await makeTempDir('seren-auth-e2e-');
  const env: NodeJS.ProcessEnv = { ...process.env, SEREN_AUTH_HOME: home.dir };
  // The developer's own Clerk settings must not leak into a test run.
  delete env.CLERK_SECRET_KEY;
  delete env.CLERK_API_URL;
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/seren-auth.js'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const stop = async () => {
    await stopChild(child, exited);
    await home.remove();
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL within ${timeoutMs} ms.\n${stdout}${stderr}`)), timeoutMs);
      const check = () => {
        const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout!.on('data', check);
      check();
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited with ${code} before printing its URL.\n${stdout}${stderr}`));
      });
    });
    const parsed = new URL(url);
    return { url, origin: parsed.origin, port: Number(parsed.port), token: new URLSearchParams(parsed.hash.slice(1)).get('token')!, home: home.dir, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGINT lets serve close its database cleanly; SIGKILL if it does not stop in time. */
async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function launchBrowser(): Promise<Browser> {
  if (!browserAvailable) {
    throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: BROWSER_ARGS });
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
}

/** A fresh context (own storage and cookies) with the page opened at serve's URL. */
export async function openApp(browser: Browser, serve: ServeProcess, options: BrowserContextOptions = {}): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1, ...options });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: serve.origin });
  const page = await context.newPage();
  await page.goto(serve.url);
  return { context, page };
}
