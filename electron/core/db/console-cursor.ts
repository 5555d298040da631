// The SQL both targets use to read a console query through a cursor: DECLARE it, skip what was
// already shown, FETCH one screenful, then MOVE over the rest, which reports how many rows
// there are without sending them. Only for statements the parse tree says are plain queries.
import { DatabaseError } from './database.js';

const CURSOR = 'seren_console_cursor';
/** FETCH and MOVE counts are 32-bit; beyond that, ALL. */
const MAX_COUNT = 2_147_483_647;
const count = (n: number) => (n >= MAX_COUNT ? 'ALL' : String(Math.max(1, Math.floor(n))));
const DECLARE_PREFIX = `DECLARE ${CURSOR} NO SCROLL CURSOR FOR `;

export interface CursorPlan {
  declare: string;
  /** MOVE over rows already shown (Load more), or null. */
  skip: string | null;
  fetch: string;
  countRest: string;
  close: string;
}

export function cursorPlan(sql: string, skip: number, maxRows: number): CursorPlan {
  return {
    declare: `${DECLARE_PREFIX}${sql}`,
    skip: skip > 0 ? `MOVE FORWARD ${count(skip)} IN ${CURSOR}` : null,
    fetch: `FETCH FORWARD ${count(maxRows)} FROM ${CURSOR}`,
    countRest: `MOVE FORWARD ALL IN ${CURSOR}`,
    close: `CLOSE ${CURSOR}`,
  };
}

/** A chunk of an export: FETCH this many rows at a time. */
export function fetchChunk(rows: number): string {
  return `FETCH FORWARD ${count(rows)} FROM ${CURSOR}`;
}

/** An error in the DECLARE points into the user's statement, not into our prefix. */
export function positionInStatement(error: unknown): unknown {
  if (!(error instanceof DatabaseError) || error.position === null) return error;
  const position = error.position - DECLARE_PREFIX.length;
  return new DatabaseError(error.message, error.code, error.detail, error.hint, position > 0 ? position : null);
}
