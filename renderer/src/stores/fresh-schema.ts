// The schema for completion, reloaded when older than a few seconds: tables made outside the console
// (the demo's posts, a migration) or by the statement just run are completed without a reload.
import type { SchemaInfo } from '../../../shared/types';
import { useSql } from './sql-store';

const MAX_AGE_MS = 3000;
let loadedAt = 0;
let loading: Promise<void> | null = null;

export async function freshSchema(): Promise<SchemaInfo | null> {
  if (Date.now() - loadedAt > MAX_AGE_MS) {
    loading ??= useSql
      .getState()
      .loadSchema()
      .finally(() => {
        loadedAt = Date.now();
        loading = null;
      });
    await loading;
  }
  return useSql.getState().schema;
}
