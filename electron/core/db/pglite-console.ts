// The console's statements inside the PGlite worker. PGlite is one session shared with the
// sync, so a cursor read (DECLARE … FETCH … MOVE … CLOSE) runs as one transaction in one
// request: nothing of the engine's can run in between. PGlite's query() always uses the
// extended protocol, which refuses several commands in one message.
import type { PGlite, Transaction } from '@electric-sql/pglite';
import { cursorPlan, fetchChunk, positionInStatement } from './console-cursor.js';
import { toDatabaseError } from './database-errors.js';
import type { ConsoleResult, RowChunk } from './database.js';

type Results = Awaited<ReturnType<PGlite['query']>>;
type Queryable = Pick<Transaction, 'query'>;

const fieldsOf = (r: Results) => r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
const arrayQuery = (q: Queryable, sql: string) => q.query(sql, [], { rowMode: 'array' }) as Promise<Results>;

/** Runs `work` in a transaction; read-only ones are rolled back. */
function inTransaction<T>(db: PGlite, readOnly: boolean, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    if (readOnly) await tx.query('SET TRANSACTION READ ONLY');
    const value = await work(tx);
    if (readOnly) await tx.rollback();
    return value;
  });
}

export async function consoleRun(db: PGlite, sql: string, readOnly: boolean, maxRows: number): Promise<ConsoleResult> {
  const result = readOnly ? await inTransaction(db, true, (tx) => arrayQuery(tx, sql)) : await arrayQuery(db, sql);
  const rows = result.rows as unknown[][];
  return {
    fields: fieldsOf(result),
    rows: rows.length > maxRows ? rows.slice(0, maxRows) : rows,
    command: result.command ?? null,
    rowCount: result.fields.length > 0 ? rows.length : (result.rowCount ?? result.affectedRows ?? null),
  };
}

export function consoleCursor(db: PGlite, sql: string, readOnly: boolean, maxRows: number, skip: number): Promise<ConsoleResult> {
  const plan = cursorPlan(sql, skip, maxRows);
  return inTransaction(db, readOnly, async (tx) => {
    await tx.query(plan.declare, []).catch((error: unknown) => {
      throw positionInStatement(toDatabaseError(error));
    });
    const skipped = plan.skip ? ((await tx.query(plan.skip, [])).rowCount ?? 0) : 0;
    const page = await arrayQuery(tx, plan.fetch);
    const rest = (await tx.query(plan.countRest, [])).rowCount ?? 0;
    await tx.query(plan.close, []);
    return { fields: fieldsOf(page), rows: page.rows as unknown[][], command: 'SELECT', rowCount: skipped + page.rows.length + rest };
  });
}

/** Every row, chunk by chunk; `send` resolves false to stop early. Read-only, rolled back. */
export function streamRows(db: PGlite, sql: string, chunkRows: number, send: (chunk: RowChunk) => Promise<boolean>): Promise<null> {
  const plan = cursorPlan(sql, 0, chunkRows);
  return inTransaction(db, true, async (tx) => {
    await tx.query(plan.declare, []).catch((error: unknown) => {
      throw positionInStatement(toDatabaseError(error));
    });
    for (let first = true; ; first = false) {
      const chunk = await arrayQuery(tx, fetchChunk(chunkRows));
      // The first chunk is sent even when empty: it carries the columns.
      if (chunk.rows.length === 0 && !first) break;
      if (!(await send({ fields: fieldsOf(chunk), rows: chunk.rows as unknown[][] })) || chunk.rows.length === 0) break;
    }
    await tx.query(plan.close, []);
    return null;
  });
}
