// A password in a Postgres URL moves to the masked field, and comes back when the URL is sent.
import { describe, expect, it } from 'vitest';
import { splitPassword, withPassword } from '../../renderer/src/lib/postgres-url.js';

describe('Postgres URL password', () => {
  it('takes the password out of a pasted URL', () => {
    expect(splitPassword('postgres://app:s3cr%40t@db.example.com:5432/main?sslmode=require')).toEqual({
      url: 'postgres://app@db.example.com:5432/main?sslmode=require',
      password: 's3cr@t',
    });
  });

  it('leaves URLs without a password, and text that is not a URL yet, as typed', () => {
    expect(splitPassword('postgres://app@localhost/main')).toEqual({ url: 'postgres://app@localhost/main', password: null });
    expect(splitPassword('postgres://app:')).toEqual({ url: 'postgres://app:', password: null });
    expect(splitPassword('localhost:5432/mydb')).toEqual({ url: 'localhost:5432/mydb', password: null });
  });

  it('puts the password back, encoded, only where there is a user', () => {
    expect(withPassword('postgres://app@db.example.com/main', 'p@ss word')).toBe('postgres://app:p%40ss%20word@db.example.com/main');
    expect(withPassword('postgres://db.example.com/main', 'x')).toBe('postgres://db.example.com/main');
    expect(withPassword('postgres://app@h/db', '')).toBe('postgres://app@h/db');
    const pasted = 'postgresql://u:%C3%A9t%C3%A9@h:5433/d';
    const { url, password } = splitPassword(pasted);
    expect(withPassword(url, password!)).toBe(pasted);
  });
});
