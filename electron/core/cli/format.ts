// Small text formatters shared by the commands' output.

const numbers = new Intl.NumberFormat('en-US');

/** 12500 → "12,500". */
export function formatCount(n: number): string {
  return numbers.format(n);
}

/** Seconds → "47 s", "3 min 5 s", "1 h 2 min". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const m = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
}

/** Local wall-clock time of an ISO timestamp, "14:03:07". */
export function formatClock(iso: string): string {
  return new Date(iso).toLocaleTimeString('en-GB', { hour12: false });
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** "200ms", "2s", "15m", "1.5h" (a bare number is seconds) → milliseconds, or null if unreadable. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/i.exec(text);
  if (!match) return null;
  return Math.round(Number(match[1]) * UNITS[(match[2] ?? 's').toLowerCase()]);
}

/** Milliseconds → "200 ms", "2 s", "15 min". */
export function formatInterval(ms: number): string {
  return ms < 1000 ? `${ms} ms` : formatSeconds(ms / 1000);
}
