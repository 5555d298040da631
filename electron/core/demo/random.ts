// Seeded randomness so the same seed always yields the same demo users, and Clerk-style ids.

/** mulberry32: tiny, fast, good enough for fake data (not for secrets). */
export type Rng = () => number;

export function createRng(...seedParts: number[]): Rng {
  let a = mixSeed(seedParts);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mixSeed(parts: number[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    // Fold both halves of the number so large seeds and indexes stay distinct.
    for (const word of [part >>> 0, Math.floor(part / 4294967296) >>> 0]) {
      h = Math.imul(h ^ word, 0x01000193);
      h ^= h >>> 13;
      h = Math.imul(h, 0x5bd1e995);
      h ^= h >>> 15;
    }
  }
  return h >>> 0;
}

export function randInt(rng: Rng, min: number, maxInclusive: number): number {
  return min + Math.floor(rng() * (maxInclusive - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KSUID_EPOCH_SECONDS = 1_400_000_000;

/**
 * A KSUID like Clerk's ids (`user_2zerp6zgT4SRupI5hkIBHxlJEQ9`): 4 bytes of seconds since the
 * KSUID epoch and 16 random bytes, base62 in 27 characters, so ids sort by creation second.
 */
export function ksuid(rng: Rng, timestampMs: number): string {
  // 20 bytes as five 32-bit words, base62-encoded by long division (much faster than BigInt).
  const words = [Math.max(0, Math.floor(timestampMs / 1000) - KSUID_EPOCH_SECONDS) >>> 0, 0, 0, 0, 0];
  for (let i = 1; i < 5; i++) words[i] = Math.floor(rng() * 4294967296);
  const chars: string[] = new Array(27);
  for (let c = 26; c >= 0; c--) {
    let remainder = 0;
    for (let i = 0; i < 5; i++) {
      const current = remainder * 4294967296 + words[i];
      words[i] = Math.floor(current / 62);
      remainder = current - words[i] * 62;
    }
    chars[c] = BASE62[remainder];
  }
  return chars.join('');
}

export function clerkId(prefix: string, rng: Rng, timestampMs: number): string {
  return `${prefix}_${ksuid(rng, timestampMs)}`;
}

export function randomHex(rng: Rng, length: number): string {
  let out = '';
  while (out.length < length) out += Math.floor(rng() * 4294967296).toString(16).padStart(8, '0');
  return out.slice(0, length);
}
