// The app's folders and everything in them are for the current user only: 0700 folders, 0600
// files. The embedded database holds every mirrored user's email (another local user read 353
// of them from a WAL segment PGlite had written 0666). Folders the app creates start private;
// existing ones are tightened when they are opened.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The group and other bits. */
const SHARED_BITS = 0o077;
/** POSIX modes mean nothing on Windows (its ACLs come from the user's profile folder). */
const POSIX = process.platform !== 'win32';

function ownedByMe(stat: fs.Stats): boolean {
  return !POSIX || typeof process.getuid !== 'function' || stat.uid === process.getuid();
}

/** Creates the folder (and missing parents) 0700, or tightens it to 0700 if it exists and is ours. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await tightenEntry(dir);
}

/** Tightens an existing folder and everything under it (ours only; symlinks are not followed). */
export async function tightenTree(dir: string): Promise<void> {
  if (!POSIX) return;
  const stat = await tightenEntry(dir);
  if (!stat?.isDirectory()) return;
  for (const entry of await fsp.readdir(dir)) await tightenTree(path.join(dir, entry));
}

async function tightenEntry(entry: string): Promise<fs.Stats | null> {
  if (!POSIX) return null;
  let stat: fs.Stats;
  try {
    stat = await fsp.lstat(entry);
  } catch {
    return null; // removed meanwhile
  }
  if (stat.isSymbolicLink() || !ownedByMe(stat)) return stat;
  if ((stat.mode & SHARED_BITS) !== 0) await fsp.chmod(entry, stat.mode & 0o777 & ~SHARED_BITS);
  return stat;
}

/**
 * Makes every later mkdir/create/chmod through this fs module private, like a 077 umask (a
 * worker thread cannot set the process umask, and chmod ignores it anyway). Used in the PGlite
 * worker, whose file system layer creates and chmods the database files 0666.
 */
export function keepCreatedFilesPrivate(target: typeof fs): void {
  if (!POSIX) return;
  const strip = (mode: unknown, fallback: number) => (typeof mode === 'number' ? mode : fallback) & ~SHARED_BITS;
  const { mkdirSync, writeFileSync, openSync, chmodSync, fchmodSync } = target;
  Object.assign(target, {
    mkdirSync: (p: fs.PathLike, options?: fs.MakeDirectoryOptions | fs.Mode | null) =>
      mkdirSync(p, typeof options === 'object' && options !== null
        ? { ...options, mode: strip(options.mode, 0o777) }
        : { mode: strip(typeof options === 'string' ? parseInt(options, 8) : options, 0o777) }),
    writeFileSync: (p: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, options?: fs.WriteFileOptions) =>
      writeFileSync(p, data, typeof options === 'object' && options !== null
        ? { ...options, mode: strip(options.mode, 0o666) }
        : { encoding: options ?? undefined, mode: strip(undefined, 0o666) }),
    openSync: (p: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode | null) => openSync(p, flags ?? 'r', strip(mode, 0o666)),
    chmodSync: (p: fs.PathLike, mode: fs.Mode) => chmodSync(p, strip(typeof mode === 'string' ? parseInt(mode, 8) : mode, 0o600)),
    fchmodSync: (fd: number, mode: fs.Mode) => fchmodSync(fd, strip(typeof mode === 'string' ? parseInt(mode, 8) : mode, 0o600)),
  });
}
