// What the console needs to know about a statement before running it, read from its code with
// comments and quoted text blanked out (a comment can hide a BEGIN; a string can hold "WHERE").
const stripComments = (sql: string) => sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
const stripLiterals = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');
const codeOf = (statement: string) => stripLiterals(stripComments(statement)).trim();

/** Why a statement loses data in one keystroke (asked for confirmation when safe mode is off), or null. */
export function destructiveReason(statement: string): string | null {
  const sql = codeOf(statement);
  const verb = /^(\w+)/.exec(sql)?.[1]?.toUpperCase();
  if (verb === 'DROP') return 'DROP removes a database object and its data.';
  if (verb === 'TRUNCATE') return 'TRUNCATE removes every row of the table.';
  if ((verb === 'DELETE' || verb === 'UPDATE') && !/\bWHERE\b/i.test(sql)) {
    return `${verb} without WHERE changes every row of the table.`;
  }
  return null;
}

/** BEGIN, COMMIT, ROLLBACK, SAVEPOINT…: statements that open, end or shape a transaction. */
export function isTransactionControl(statement: string): boolean {
  return /^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SAVEPOINT|RELEASE|PREPARE\s+TRANSACTION)\b/i.test(codeOf(statement));
}
