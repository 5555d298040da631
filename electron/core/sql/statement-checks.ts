// What the console refuses, from the parse tree (never from the first word): statements that
// act outside safe mode's read-only transaction, and statements no console can run.
import type { ParsedStatement } from './parse.js';
import { constantValue, locationOf, nameParts, walk } from './tree.js';

export interface StatementRefusal {
  message: string;
  hint: string | null;
  /** Byte offset into the whole text of the node at fault, when known. */
  location: number | null;
}

const SAFE_MODE_HINT = 'Safe mode (Settings) runs each statement read-only and refuses what acts outside that transaction. Turn it off to run this.';

/** Server-side-effect functions, by name or name prefix, and what each does that a read-only transaction cannot undo. */
const SIDE_EFFECT_FUNCTIONS: { match: (name: string) => boolean; why: string }[] = [
  { match: (n) => n === 'pg_terminate_backend' || n === 'pg_cancel_backend', why: 'it ends or interrupts another session' },
  { match: (n) => ['pg_reload_conf', 'pg_rotate_logfile', 'pg_promote', 'pg_switch_wal', 'pg_create_restore_point', 'pg_log_backend_memory_contexts'].includes(n), why: 'it acts on the server itself' },
  { match: (n) => ['pg_read_file', 'pg_read_binary_file', 'pg_stat_file'].includes(n) || /^pg_ls_\w*dir$/.test(n), why: "it reads the database server's files" },
  { match: (n) => ['lo_import', 'lo_export'].includes(n), why: "it reads or writes a file on the database server" },
  { match: (n) => ['pg_file_write', 'pg_file_rename', 'pg_file_unlink', 'pg_file_sync'].includes(n), why: "it writes the database server's files" },
  { match: (n) => n.startsWith('pg_advisory') || n.startsWith('pg_try_advisory'), why: 'an advisory lock is held by the session and can outlive the read-only transaction' },
  { match: (n) => n.startsWith('dblink'), why: 'it runs SQL on another connection, outside the read-only transaction' },
  { match: (n) => /replication_slot|^pg_replication_origin/.test(n), why: 'it changes replication state, which is not transactional' },
];

/** Refused whatever the mode, with the reason. `kind` is the console's database. */
export function alwaysRefused(statement: ParsedStatement, kind: 'pglite' | 'postgres'): StatementRefusal | null {
  for (const found of walk(statement.node)) {
    if (found.type === 'CopyStmt' && !found.fields.is_program && !found.fields.filename) {
      return {
        message: `COPY … ${found.fields.is_from ? 'FROM STDIN' : 'TO STDOUT'} needs a client program that streams the data; the console does not.`,
        hint: found.fields.is_from ? 'Use INSERT statements.' : 'Run the query and use Export CSV or Export JSON.',
        location: null,
      };
    }
    if (found.type === 'TransactionStmt' && kind === 'pglite') {
      return {
        message: 'Transaction control is not available on the embedded database: it has one session, shared with the sync, so each statement commits on its own.',
        hint: 'Run the statements without BEGIN/COMMIT, or use a Postgres database.',
        location: null,
      };
    }
  }
  return null;
}

/** Why safe mode refuses the statement (it would act outside the read-only transaction), or null. */
export function safeModeRefusal(statement: ParsedStatement): StatementRefusal | null {
  const refuse = (message: string, location: number | null = null): StatementRefusal => ({ message, hint: SAFE_MODE_HINT, location });
  for (const { type, fields } of walk(statement.node)) {
    switch (type) {
      case 'CopyStmt':
        if (fields.is_program) return refuse('Safe mode refuses COPY … PROGRAM: it runs a shell command on the database server.');
        if (fields.filename) return refuse("Safe mode refuses COPY to or from a file: it reads or writes the database server's files.");
        break;
      case 'DoStmt':
        return refuse('Safe mode refuses DO: a code block can commit or call anything, and cannot be checked before it runs.');
      case 'CallStmt':
        return refuse('Safe mode refuses CALL: a procedure can commit, which ends the read-only transaction.');
      case 'LoadStmt':
        return refuse('Safe mode refuses LOAD: it loads a library into the server process.');
      case 'TransactionStmt':
        return refuse('Safe mode runs each statement in its own read-only transaction, so it refuses BEGIN, COMMIT, ROLLBACK and savepoints.');
      case 'FuncCall': {
        const name = nameParts(fields.funcname).pop()?.toLowerCase() ?? '';
        const why = sideEffectOf(name, fields.args);
        if (why) return refuse(`Safe mode refuses ${name}(): ${why}.`, locationOf(fields));
        break;
      }
    }
  }
  return null;
}

function sideEffectOf(name: string, args: unknown): string | null {
  if (name === 'set_config') {
    // set_config(name, value, is_local): only is_local = true stays inside the transaction.
    const isLocal = Array.isArray(args) ? constantValue(args[2]) : undefined;
    return isLocal === true || isLocal === 't' || isLocal === 'true' ? null : 'with is_local false it changes the setting for the whole session';
  }
  return SIDE_EFFECT_FUNCTIONS.find((f) => f.match(name))?.why ?? null;
}
