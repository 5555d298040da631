// Where the user's data lives: a Postgres URL, or a folder for the embedded PGlite.
import path from 'node:path';
import { registerSecret } from '../redact.js';

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; label: string }
  | { kind: 'pglite'; dir: string; label: string };

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

export function isPostgresUrl(target: string): boolean {
  return POSTGRES_URL.test(target.trim());
}

/** Whether a database target carries a password (in the URL's userinfo or as ?password=). */
export function hasPassword(target: string): boolean {
  if (!isPostgresUrl(target)) return false;
  try {
    const url = new URL(target);
    return url.password !== '' || url.searchParams.has('password');
  } catch {
    // Unparsable: treat as secret rather than store it in plain text.
    return true;
  }
}

/** A URL or a folder path; empty means the app's default folder. */
export function parseTarget(target: string | undefined, defaultDir: string): DatabaseTarget {
  const text = target?.trim() ?? '';
  if (text && isPostgresUrl(text)) {
    const label = maskDatabaseUrl(text);
    registerDatabaseSecrets(text, label);
    return { kind: 'postgres', url: text, label };
  }
  const dir = path.resolve(text || defaultDir);
  return { kind: 'pglite', dir, label: dir };
}

/** sslpassword, password, passwd, pwd, secret, token, …: any query parameter that carries a secret. */
const SECRET_PARAM = /pass|pwd|secret|token/i;

/** The URL with its password and password-like parameters replaced by *** (safe to print and log). */
export function maskDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAM.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    // Not parseable as a URL: hide anything between the first ':' after '//' and the '@', and
    // the value of every password-like parameter.
    return url
      .replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@')
      .replace(/([?&][^=&#]*(?:pass|pwd|secret|token)[^=&#]*=)[^&#]*/gi, '$1***');
  }
}

/** The whole URL and each password in it are replaced wherever they appear in a message. */
function registerDatabaseSecrets(url: string, label: string): void {
  registerSecret(url, label);
  try {
    const parsed = new URL(url);
    const passwords = [parsed.password, ...[...parsed.searchParams].filter(([k]) => SECRET_PARAM.test(k)).map(([, v]) => v)];
    for (const password of passwords.filter(Boolean)) {
      registerSecret(password, '***');
      registerSecret(safeDecode(password), '***');
    }
  } catch {
    // Unparsable: the whole text is registered above.
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
