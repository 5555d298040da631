// Where the app keeps its data when the user names no folder. The Electron shell passes
// app.getPath('userData') instead; the CLI and serve mode use these platform equivalents.
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.SEREN_AUTH_HOME) return path.resolve(env.SEREN_AUTH_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'SerenDB Auth');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'SerenDB Auth');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'serendb-auth');
}

/** The embedded PGlite folder used when no --database is given. */
export function defaultDatabaseDir(dataDir = defaultDataDir()): string {
  return path.join(dataDir, 'db');
}
