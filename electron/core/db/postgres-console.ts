// The SQL console's session on Postgres: a connection of its own. Every statement goes through
// the extended query protocol (pg-cursor's Parse/Bind/Execute, or a query with
// queryMode 'extended'), which Postgres refuses to run as several commands: no splitter bug can
// smuggle a second statement into a read-only transaction. Rows are read in chunks, so a
// SELECT of millions of rows holds one screenful in memory.
import pg from 'pg';
import Cursor from 'pg-cursor';
import { cursorPlan, positionInStatement } from './console-cursor.js';
import { toDatabaseError } from './database-errors.js';
import { type ConsoleResult, DatabaseError, type ConsoleRunOptions, type ConsoleSession, type DbResult, type RowChunk } from './database.js';

/** Rows per round trip when counting what is not kept, and per export chunk. */
const DRAIN_ROWS = 2000;

/** One statement, one protocol message: pg would otherwise use the simple protocol for a query without parameters. */
function extended(text: string, rowMode?: 'array'): pg.QueryConfig {
  return { text, values: [], rowMode, queryMode: 'extended' } as pg.QueryConfig;
}

function fieldsOf(result: pg.QueryResult) {
  return (result.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
}

function toObjectResult(result: pg.QueryResult): DbResult {
  return { rows: result.rows, fields: fieldsOf(result), rowCount: result.rowCount ?? null, command: result.command ?? null };
}

/** Reads a pg-cursor: keeps `maxRows` rows, counts (and drops) the rest; also gives the command tag. */
async function readAll(cursor: Cursor, maxRows: number): Promise<ConsoleResult> {
  const read = (n: number) =>
    new Promise<{ rows: unknown[][]; result: pg.QueryResult }>((resolve, reject) => {
      cursor.read(n, (error, rows, result) => (error ? reject(error) : resolve({ rows: rows as unknown[][], result })));
    });
  // Chunks of at most DRAIN_ROWS (the protocol's row limit is 32-bit): keep the first maxRows, count the rest.
  const kept: unknown[][] = [];
  let seen = 0;
  let want: number;
  let rows: unknown[][];
  let result: pg.QueryResult;
  do {
    const room = maxRows - kept.length;
    want = Math.min(DRAIN_ROWS, room > 0 ? room : DRAIN_ROWS);
    ({ rows, result } = await read(want));
    seen += rows.length;
    for (const row of rows) if (kept.length < maxRows) kept.push(row);
  } while (rows.length === want);
  await cursor.close();
  const command = result.command ?? null;
  const returnsRows = (result.fields ?? []).length > 0;
  return { fields: fieldsOf(result), rows: kept, command, rowCount: returnsRows ? seen : (result.rowCount ?? null) };
}

export async function openPostgresConsole(config: pg.ClientConfig, cancelPool: pg.Pool): Promise<ConsoleSession> {
  const client = new pg.Client(config);
  client.on('error', () => {});
  let pid: number;
  try {
    await client.connect();
    pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  } catch (error) {
    await client.end().catch(() => {});
    throw toDatabaseError(error);
  }

  /** Runs `work` in a transaction of ours, or inside the one the user opened (then never read-only). */
  async function inTransaction<T>(readOnly: boolean, work: () => Promise<T>): Promise<T> {
    if (client.getTransactionStatus() !== 'I') {
      if (!readOnly) return work();
      // Safe mode refuses BEGIN, so this is a transaction opened before safe mode was turned on.
      throw new DatabaseError(
        'This console session still has a transaction open from before safe mode was turned on, so the statement cannot run read-only.',
        '25001', null, 'Turn safe mode off, end the transaction with COMMIT or ROLLBACK, then turn safe mode on again.',
      );
    }
    await client.query(readOnly ? 'BEGIN READ ONLY' : 'BEGIN');
    try {
      const value = await work();
      // Read-only: nothing to keep, and ROLLBACK also clears an aborted transaction.
      await client.query(readOnly ? 'ROLLBACK' : 'COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  return {
    async query(sql, options) {
      try {
        const run = async () => toObjectResult(await client.query(extended(sql)));
        return options?.readOnly ? await inTransaction(true, run) : await run();
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    async run(sql, options: ConsoleRunOptions) {
      const work = () => readAll(client.query(new Cursor(sql, [], { rowMode: 'array' })), options.maxRows);
      try {
        return options.readOnly ? await inTransaction(true, work) : await work();
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    async readCursor(sql, options) {
      const plan = cursorPlan(sql, options.skip, options.maxRows);
      try {
        return await inTransaction(options.readOnly, async () => {
          await client.query(extended(plan.declare)).catch((error) => {
            throw positionInStatement(toDatabaseError(error));
          });
          const skipped = plan.skip ? ((await client.query(extended(plan.skip))).rowCount ?? 0) : 0;
          const page = await client.query(extended(plan.fetch, 'array'));
          const rest = (await client.query(extended(plan.countRest))).rowCount ?? 0;
          await client.query(extended(plan.close));
          return { fields: fieldsOf(page), rows: page.rows as unknown[][], command: 'SELECT', rowCount: skipped + page.rows.length + rest };
        });
      } catch (error) {
        throw toDatabaseError(error);
      }
    },
    async cancel() {
      await cancelPool.query('select pg_cancel_backend($1)', [pid]);
    },
    async close() {
      await client.end().catch(() => {});
    },
  };
}

/** Export: a pooled connection, a read-only transaction, one pg-cursor read per chunk. */
export async function streamPostgresQuery(
  pool: pg.Pool,
  sql: string,
  chunkRows: number,
  onChunk: (chunk: RowChunk) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const client = await pool.connect().catch((error) => {
    throw toDatabaseError(error);
  });
  let broken = false;
  try {
    await client.query('BEGIN READ ONLY');
    const cursor = client.query(new Cursor(sql, [], { rowMode: 'array' }));
    try {
      for (let first = true; ; first = false) {
        if (signal.aborted) break;
        const { rows, result } = await new Promise<{ rows: unknown[][]; result: pg.QueryResult }>((resolve, reject) => {
          cursor.read(chunkRows || DRAIN_ROWS, (error, r, result) => (error ? reject(error) : resolve({ rows: r as unknown[][], result })));
        });
        // The first chunk is passed even when empty: it carries the columns.
        if (rows.length === 0 && !first) break;
        await onChunk({ fields: fieldsOf(result), rows });
        if (rows.length === 0) break;
      }
    } finally {
      await cursor.close().catch(() => {});
    }
    await client.query('ROLLBACK');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw toDatabaseError(error);
  } finally {
    client.release(broken);
  }
}
