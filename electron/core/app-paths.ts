// Where the app keeps its data when the user names no folder. The Electron shell passes
// app.getPath('userData') instead; the CLI and serve mode use these platform equivalents.
import os from 'node:os';
import path from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SEREN_AUTH_HOME) return path.resolve(env.SEREN_AUTH_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'SerenDB Auth');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'SerenDB Auth');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'serendb-auth');
}

/** Why SEREN_AUTH_HOME cannot be the data folder (it names something that is not a folder), or null. */
export function dataHomeProblem(env: NodeJS.ProcessEnv = process.env): string | null {
  if (!env.SEREN_AUTH_HOME) return null;
  const dir = path.resolve(env.SEREN_AUTH_HOME);
  try {
    if (!statSync(dir).isDirectory()) return `SEREN_AUTH_HOME is ${dir}, which is not a folder: point it at a folder (it is made if missing).`;
  } catch {
    // Missing (made on first use) or unreadable (the open that follows says why).
  }
  return null;
}

/** The embedded PGlite folder used when no --database is given. */
export function defaultDatabaseDir(dataDir = defaultDataDir()): string {
  return path.join(dataDir, 'db');
}

/** The installed package's folder (holds package.json and dist/), from this module's location. */
export function packageRoot(): string {
  // Compiled (dist/electron/core) or run from source (electron/core): walk up to package.json.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'electron'))) return dir;
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'dist'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('Cannot find the seren-auth package folder.');
}

/** The built renderer (npm run build puts it there). */
export function rendererBuildDir(): string {
  return path.join(packageRoot(), 'dist', 'renderer');
}
