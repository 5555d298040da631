// Stable, locale-independent text for numbers and times (end-to-end tests read it). Every time in
// the app reads the same way: local time with its UTC offset; the exact ISO value is the tooltip.

const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function offsetText(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** "2024-05-01 13:04:05 +02:00" in local time, or "" for null; unparseable text is returned as is. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${offsetText(d)}`;
}

// Epoch milliseconds between 2000 and 2100: what providers put in *_at fields of their JSON.
const EPOCH_MS_MIN = Date.UTC(2000, 0, 1);
const EPOCH_MS_MAX = Date.UTC(2100, 0, 1);

/** The readable time of a JSON number that is an epoch-millisecond timestamp, or null. */
export function epochMsText(key: string, value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return null;
  if (value < EPOCH_MS_MIN || value >= EPOCH_MS_MAX) return null;
  // Plain numbers in that range (counts, ids) are rare, but a key naming a time makes it sure.
  if (!/(_at|_time|timestamp|date|expires?|since|until)$/i.test(key) && !/^\d{13}$/.test(String(value))) return null;
  return formatDateTime(new Date(value).toISOString());
}

/** "12 ms", "1.4 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
