// The onboarding's Postgres URL field keeps the password out of sight: a password typed or pasted in
// the URL moves to a masked field, and is put back into the URL only when the URL is sent.

/** Splits `postgres://user:secret@host/db` into the URL without the password and the password. */
export function splitPassword(text: string): { url: string; password: string | null } {
  const url = parse(text);
  if (!url || url.password === '') return { url: text, password: null };
  const password = safeDecode(url.password);
  url.password = '';
  return { url: url.toString(), password };
}

/** The URL with `password` in its userinfo (percent-encoded as URLs need); unchanged when there is none. */
export function withPassword(text: string, password: string): string {
  if (password === '') return text;
  const url = parse(text);
  if (!url || url.username === '') return text;
  url.password = password;
  return url.toString();
}

function parse(text: string): URL | null {
  if (!/^postgres(ql)?:\/\//i.test(text.trim())) return null;
  try {
    return new URL(text.trim());
  } catch {
    return null;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
