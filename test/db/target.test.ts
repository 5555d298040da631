import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskDatabaseUrl, parseTarget } from '../../electron/core/db/target.js';

describe('parseTarget', () => {
  it('treats postgres:// and postgresql:// as URLs with the password masked in the label', () => {
    const t = parseTarget('postgresql://me:s3cret@db.example.com:5432/app?sslmode=require', '/default');
    expect(t).toEqual({
      kind: 'postgres',
      url: 'postgresql://me:s3cret@db.example.com:5432/app?sslmode=require',
      label: 'postgresql://me:***@db.example.com:5432/app?sslmode=require',
    });
    expect(parseTarget('postgres://root@localhost/db', '/d').kind).toBe('postgres');
  });

  it('treats anything else as a folder, resolved to an absolute path', () => {
    expect(parseTarget('some/dir', '/default')).toEqual({ kind: 'pglite', dir: path.resolve('some/dir'), label: path.resolve('some/dir') });
  });

  it('uses the default folder when the target is empty', () => {
    expect(parseTarget(undefined, '/data/pg')).toMatchObject({ kind: 'pglite', dir: path.resolve('/data/pg') });
    expect(parseTarget('  ', '/data/pg')).toMatchObject({ kind: 'pglite', dir: path.resolve('/data/pg') });
  });
});

describe('maskDatabaseUrl', () => {
  it('hides only the password', () => {
    expect(maskDatabaseUrl('postgres://u:p%40ss@h/db')).toBe('postgres://u:***@h/db');
    expect(maskDatabaseUrl('postgres://u@h/db')).toBe('postgres://u@h/db');
    expect(maskDatabaseUrl('postgres://u@h/db?password=x')).toBe('postgres://u@h/db?password=***');
  });
});
