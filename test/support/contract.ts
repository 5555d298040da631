// The users_sync contract as information_schema reports it (README: "The table").
import { expect } from 'vitest';
import type { Database } from '../../electron/core/db/database.js';

export async function expectUsersSyncContract(db: Database): Promise<void> {
  const { rows } = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
    `SELECT column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = 'seren_auth' AND table_name = 'users_sync' ORDER BY ordinal_position`,
  );
  expect(rows.map((r) => [r.column_name, r.data_type, r.is_nullable])).toEqual([
    ['id', 'text', 'NO'],
    ['name', 'text', 'YES'],
    ['email', 'text', 'YES'],
    ['created_at', 'timestamp with time zone', 'YES'],
    ['updated_at', 'timestamp with time zone', 'YES'],
    ['deleted_at', 'timestamp with time zone', 'YES'],
    ['raw_json', 'jsonb', 'NO'],
  ]);
  const key = await db.query<{ column_name: string }>(
    `SELECT k.column_name FROM information_schema.table_constraints c
       JOIN information_schema.key_column_usage k USING (constraint_schema, constraint_name)
      WHERE c.table_schema = 'seren_auth' AND c.table_name = 'users_sync' AND c.constraint_type = 'PRIMARY KEY'`,
  );
  expect(key.rows).toEqual([{ column_name: 'id' }]);
}
