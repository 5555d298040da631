// The command tag a user expects for a statement without rows ("CREATE TABLE", "DROP VIEW"),
// read from the parse tree: PGlite reports only the tag's first word, and node-postgres too.
import type { ParsedStatement } from './parse.js';

/** Create…Stmt type names whose words are not the SQL's. */
const CREATE_NAMES: Record<string, string> = {
  CreateStmt: 'TABLE', CreateSeqStmt: 'SEQUENCE', CreateTrigStmt: 'TRIGGER', CreateEnumStmt: 'TYPE',
  CreateRangeStmt: 'TYPE', CompositeTypeStmt: 'TYPE', CreatedbStmt: 'DATABASE', CreateForeignTableStmt: 'FOREIGN TABLE',
  ViewStmt: 'VIEW', IndexStmt: 'INDEX', CreatePLangStmt: 'LANGUAGE', CreateAmStmt: 'ACCESS METHOD',
};

const words = (camel: string) => camel.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
const objectWords = (objectType: unknown) => String(objectType ?? '').replace(/^OBJECT_/, '').replace(/^MATVIEW$/, 'MATERIALIZED VIEW').replace(/_/g, ' ');

/** The full tag for a statement without rows; `command` (the tag's first word, from the database) when the tree says nothing better. */
export function commandTag(statement: ParsedStatement, command: string | null): string | null {
  const fields = statement.node[statement.type] as Record<string, unknown>;
  const type = statement.type;
  if (type === 'DropStmt') return `DROP ${objectWords(fields.removeType)}`;
  if (type === 'CreateFunctionStmt') return fields.is_procedure ? 'CREATE PROCEDURE' : 'CREATE FUNCTION';
  if (type === 'CreateTableAsStmt') return fields.objtype === 'OBJECT_MATVIEW' ? 'CREATE MATERIALIZED VIEW' : 'CREATE TABLE AS';
  if (CREATE_NAMES[type]) return `CREATE ${CREATE_NAMES[type]}`;
  if (/^Create\w+Stmt$/.test(type)) return `CREATE ${words(type.slice('Create'.length, -'Stmt'.length))}`;
  if (type === 'AlterTableStmt') return `ALTER ${objectWords(fields.objtype)}`;
  if (type === 'RenameStmt') return `ALTER ${objectWords(fields.renameType)}`;
  if (/^Alter\w+Stmt$/.test(type)) return `ALTER ${words(type.slice('Alter'.length, -'Stmt'.length))}`;
  if (type === 'TruncateStmt') return 'TRUNCATE TABLE';
  if (type === 'GrantStmt') return fields.is_grant ? 'GRANT' : 'REVOKE';
  return command;
}
