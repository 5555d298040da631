// One redaction step for every message that leaves the core: CLI output, status and errors sent
// to the window, provider error texts. Whatever secret the process was given (a Clerk key, a
// database URL with its password) is registered once and replaced by its masked form wherever
// it shows up, even inside a third-party error message that quotes it.

/** Shorter strings are too likely to be ordinary words to be replaced everywhere. */
const MIN_SECRET_LENGTH = 8;

const masks = new Map<string, string>();

/** Remembers a secret (and how to show it) for the rest of the process. */
export function registerSecret(secret: string, masked: string): void {
  for (const form of [secret, secret.trim()]) {
    if (form.length < MIN_SECRET_LENGTH || form === masked) continue;
    masks.set(form, masked);
    // The same secret as it appears inside JSON text (control characters escaped).
    const inJson = JSON.stringify(form).slice(1, -1);
    if (inJson !== form) masks.set(inJson, masked);
  }
}

/** The text with every registered secret replaced by its masked form. */
export function redact(text: string): string {
  if (masks.size === 0) return text;
  let result = text;
  // Longest first: a URL is masked as a whole before the password inside it.
  for (const secret of [...masks.keys()].sort((a, b) => b.length - a.length)) {
    if (result.includes(secret)) result = result.split(secret).join(masks.get(secret)!);
  }
  return result;
}

/** A copy of a JSON-like value (API results, events) with every string redacted. */
export function redactValue<T>(value: T): T {
  if (masks.size === 0) return value;
  return walk(value) as T;
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = walk(item);
    return copy;
  }
  return value;
}

/** A stream-like writer that redacts what it writes (for CLI output). */
export function redactingWriter(out: { write(text: string): unknown }): { write(text: string): unknown } {
  return { write: (text: string) => out.write(redact(text)) };
}

/** Every later write to this stream is redacted (the CLI's stdout and stderr: one step for all its output). */
export function redactStream(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? redact(chunk) : chunk, ...rest)) as typeof stream.write;
}

/** Test seam: forget every registered secret. */
export function forgetSecrets(): void {
  masks.clear();
}
