// Statements that lose data in one keystroke: asked for confirmation when safe mode is off.
const stripComments = (sql: string) => sql.replace(/--[^\n]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
// Quoted text can hold the word WHERE without being a WHERE clause.
const stripLiterals = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, "''").replace(/"(?:[^"]|"")*"/g, '""');

export function destructiveReason(statement: string): string | null {
  const sql = stripLiterals(stripComments(statement)).trim();
  const verb = /^(\w+)/.exec(sql)?.[1]?.toUpperCase();
  if (verb === 'DROP') return 'DROP removes a database object and its data.';
  if (verb === 'TRUNCATE') return 'TRUNCATE removes every row of the table.';
  if ((verb === 'DELETE' || verb === 'UPDATE') && !/\bWHERE\b/i.test(sql)) {
    return `${verb} without WHERE changes every row of the table.`;
  }
  return null;
}
