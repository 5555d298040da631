// Completion offers the columns of the tables a (half-typed) statement names, aliases included.
import { describe, expect, it } from 'vitest';
import { columnsInScope, tableReferences } from '../../renderer/src/lib/sql-tables.js';
import type { SchemaInfo } from '../../shared/types.js';

const schema: SchemaInfo = {
  schemas: [
    { name: 'seren_auth', tables: [{ name: 'users_sync', columns: ['id', 'name', 'email', 'raw_json'] }] },
    { name: 'public', tables: [{ name: 'posts', columns: ['id', 'author_id', 'title'] }] },
  ],
};

describe('tableReferences', () => {
  it('reads qualified names, aliases with and without AS, joins and FROM lists', () => {
    expect(tableReferences('select * from seren_auth.users_sync where em')).toEqual([{ schema: 'seren_auth', name: 'users_sync', alias: null }]);
    expect(tableReferences('SELECT * FROM posts p JOIN seren_auth.users_sync AS u ON u.id = p.author_id WHERE ')).toEqual([
      { schema: null, name: 'posts', alias: 'p' },
      { schema: 'seren_auth', name: 'users_sync', alias: 'u' },
    ]);
    expect(tableReferences('select 1 from a, "My Table" t, b where x')).toEqual([
      { schema: null, name: 'a', alias: null },
      { schema: null, name: 'My Table', alias: 't' },
      { schema: null, name: 'b', alias: null },
    ]);
    expect(tableReferences('update posts set ti')).toEqual([{ schema: null, name: 'posts', alias: null }]);
  });

  it('ignores words inside strings and comments', () => {
    expect(tableReferences("select 'from nowhere' -- from comment\n from posts /* join x */")).toEqual([{ schema: null, name: 'posts', alias: null }]);
  });
});

describe('columnsInScope', () => {
  it("offers the FROM table's columns", () => {
    expect(columnsInScope('select * from seren_auth.users_sync where em', schema).map((c) => c.column)).toEqual(['id', 'name', 'email', 'raw_json']);
  });

  it('names the tables (by alias) that share a column, and finds unqualified tables in public or by a unique name', () => {
    const choices = columnsInScope('select  from posts p join users_sync u on true', schema);
    expect(choices.find((c) => c.column === 'id')?.tables).toEqual(['p', 'u']);
    expect(choices.find((c) => c.column === 'title')?.tables).toEqual(['p']);
  });

  it('offers nothing for an unknown table', () => {
    expect(columnsInScope('select * from nope where ', schema)).toEqual([]);
  });
});
