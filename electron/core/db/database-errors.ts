// Errors from pg and from PGlite carry the same Postgres fields; turn either into our DatabaseError.
import { DatabaseError } from './database.js';

interface PgLikeError {
  message?: string;
  code?: unknown;
  detail?: unknown;
  hint?: unknown;
  position?: unknown;
}

export function toDatabaseError(error: unknown): Error {
  if (error instanceof DatabaseError) return error;
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) return new Error(String(error));
  const e = error as PgLikeError;
  const code = typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : null;
  if (code === null) return error instanceof Error ? error : new Error(String(e.message));
  const position = e.position === undefined || e.position === null || e.position === '' ? null : Number(e.position);
  return new DatabaseError(
    String(e.message ?? 'Database error'),
    code,
    typeof e.detail === 'string' ? e.detail : null,
    typeof e.hint === 'string' ? e.hint : null,
    Number.isFinite(position) ? position : null,
  );
}

/** A plain-data copy of a DatabaseError (or any error), for postMessage across a worker boundary. */
export interface SerializedError {
  message: string;
  code: string | null;
  detail: string | null;
  hint: string | null;
  position: number | null;
  isDatabaseError: boolean;
}

export function serializeError(error: unknown): SerializedError {
  const e = toDatabaseError(error);
  if (e instanceof DatabaseError) {
    return { message: e.message, code: e.code, detail: e.detail, hint: e.hint, position: e.position, isDatabaseError: true };
  }
  return { message: e.message, code: null, detail: null, hint: null, position: null, isDatabaseError: false };
}

export function deserializeError(s: SerializedError): Error {
  return s.isDatabaseError ? new DatabaseError(s.message, s.code, s.detail, s.hint, s.position) : new Error(s.message);
}
