// Where the user's data lives: a Postgres URL, or a folder for the embedded PGlite.
import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; label: string }
  | { kind: 'pglite'; dir: string; label: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(target: string): boolean {
  return POSTGRES_URL.test(target.trim());
}

/** A URL or a folder path; empty means the app's default folder. */
export function parseTarget(target: string | undefined, defaultDir: string): DatabaseTarget {
  const text = target?.trim() ?? '';
  if (text && isPostgresUrl(text)) {
    return { kind: 'postgres', url: text, label: maskDatabaseUrl(text) };
  }
  const dir = path.resolve(text || defaultDir);
  return { kind: 'pglite', dir, label: dir };
}

/** The URL with its password replaced by *** (safe to print and log). */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (key.toLowerCase() === 'password') parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not parseable as a URL: hide anything between the first ':' after '//' and the '@'.
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
  }
}
