// What the grids put on the clipboard and how they show times: pure functions, so checked here.
import { describe, expect, it } from 'vitest';
import { rowAsCsv, rowAsInsert, rowAsJson, sourceTable, toTsv } from '../../renderer/src/lib/row-copy.js';
import { epochMsText, formatDateTime } from '../../renderer/src/lib/format.js';
import { sortRows } from '../../renderer/src/lib/result-rows.js';

const columns = [{ name: 'id', dataTypeID: 25 }, { name: 'Display Name', dataTypeID: 25 }, { name: 'raw_json', dataTypeID: 3802 }];

describe('copying from the grids', () => {
  it('copies a range as tab-separated lines, NULL as empty, tabs and breaks inside values flattened', () => {
    expect(toTsv([['a', null, { k: 1 }], ['b\tc', 'line\nbreak', 3]])).toBe('a\t\t{"k":1}\nb c\tline break\t3');
  });

  it('copies a row as JSON, CSV and an INSERT that Postgres would accept', () => {
    const row = ['user_1', "O'Brien, \"Bo\"", { email: 'a@b.c' }];
    expect(JSON.parse(rowAsJson(columns, row))).toEqual({ id: 'user_1', 'Display Name': "O'Brien, \"Bo\"", raw_json: { email: 'a@b.c' } });
    expect(rowAsCsv(columns, row)).toBe('id,Display Name,raw_json\r\nuser_1,"O\'Brien, ""Bo""","{""email"":""a@b.c""}"\r\n');
    expect(rowAsInsert('seren_auth.users_sync', columns, [...row.slice(0, 2), null])).toBe(
      `INSERT INTO seren_auth.users_sync (id, "Display Name", raw_json) VALUES ('user_1', 'O''Brien, "Bo"', NULL);`,
    );
    expect(rowAsInsert('t', [{ name: 'n', dataTypeID: 23 }, { name: 'b', dataTypeID: 16 }], [42, true])).toBe('INSERT INTO t (n, b) VALUES (42, TRUE);');
  });

  it("names the INSERT's table after a single-table SELECT, and a placeholder otherwise", () => {
    expect(sourceTable('select * from seren_auth.users_sync where id = 1')).toBe('seren_auth.users_sync');
    expect(sourceTable('SELECT a FROM "My Table"')).toBe('"My Table"');
    expect(sourceTable('select * from posts join seren_auth.users_sync on true')).toBe('my_table');
    expect(sourceTable('select 1')).toBe('my_table');
  });
});

describe('times', () => {
  it('shows local time with its offset', () => {
    const iso = '2024-05-01T11:04:05.123Z';
    const d = new Date(iso);
    const offset = -d.getTimezoneOffset();
    const sign = offset < 0 ? '-' : '+';
    const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    expect(formatDateTime(iso)).toMatch(new RegExp(`^2024-05-0[12] \\d\\d:\\d\\d:05 \\${sign}${hhmm}$`));
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('not a time')).toBe('not a time');
  });

  it('recognises epoch milliseconds in JSON, not other numbers', () => {
    expect(epochMsText('created_at', 1704070326998)).toBe(formatDateTime(new Date(1704070326998).toISOString()));
    expect(epochMsText('last_sign_in_at', 1704070326998)).not.toBeNull();
    expect(epochMsText('count', 42)).toBeNull();
    expect(epochMsText('created_at', 1704070326.5)).toBeNull();
    expect(epochMsText('created_at', '1704070326998')).toBeNull();
  });
});

describe('sorting and filtering loaded results', () => {
  const set = {
    statement: 'select', command: 'SELECT', rowCount: 4, truncated: false, rereadable: true, durationMs: 1,
    columns: [{ name: 'n', dataTypeID: 20 }, { name: 's', dataTypeID: 25 }],
    rows: [['10', 'b'], ['9', null], [null, 'a'], ['100', 'B']],
  };
  it('sorts int8 text as numbers with NULLs last either way, and filters on any cell', () => {
    expect(sortRows(set, { column: 0, direction: 'asc' }, '')).toEqual([1, 0, 3, 2]);
    expect(sortRows(set, { column: 0, direction: 'desc' }, '')).toEqual([3, 0, 1, 2]);
    expect(sortRows(set, { column: 1, direction: 'asc' }, '')[3]).toBe(1);
    expect(sortRows(set, null, 'b')).toEqual([0, 3]);
  });
});
