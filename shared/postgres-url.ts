// The window's "Remote Postgres" field takes a URL and nothing else: "localhost:5432/mydb" used
// to "connect" by creating an embedded database folder of that name. The core and the form share
// this check. The message never repeats the text (it may hold a password).

const POSTGRES_URL = /^postgres(ql)?:\/\/\S/i;

/** One sentence when the text is not a postgres:// or postgresql:// URL, else null. */
export function remotePostgresUrlProblem(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '') return 'Enter the Postgres URL, e.g. postgres://user:password@host:5432/database.';
  if (!POSTGRES_URL.test(trimmed)) {
    return 'This is not a Postgres URL: it must start with postgres:// or postgresql://, e.g. postgres://user:password@localhost:5432/mydb.';
  }
  return null;
}
