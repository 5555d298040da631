import { describe, expect, it } from 'vitest';
import { isJsonScalar, quoteSqlIdentifier, quoteSqlLiteral, sqlJsonPath, valueAtPath } from '../../renderer/src/lib/json-path.js';

describe('sqlJsonPath', () => {
  it('builds the path to a scalar with ->> on the last step and unquoted array indices', () => {
    expect(sqlJsonPath('raw_json', ['email_addresses', 0, 'email_address'], true)).toBe(
      "raw_json->'email_addresses'->0->>'email_address'",
    );
  });

  it('keeps -> on the last step when it reaches an object or array', () => {
    expect(sqlJsonPath('raw_json', ['public_metadata'], false)).toBe("raw_json->'public_metadata'");
    expect(sqlJsonPath('raw_json', ['email_addresses', 0], false)).toBe("raw_json->'email_addresses'->0");
  });

  it('returns the bare column for the root', () => {
    expect(sqlJsonPath('raw_json', [], false)).toBe('raw_json');
  });

  it("escapes quotes in keys as ''", () => {
    expect(sqlJsonPath('raw_json', ["it's", 'ok'], true)).toBe("raw_json->'it''s'->>'ok'");
  });

  it('quotes a numeric-looking object key but not an array index', () => {
    expect(sqlJsonPath('raw_json', ['0', 1], true)).toBe("raw_json->'0'->>1");
  });

  it('double-quotes column names that are not plain identifiers', () => {
    expect(sqlJsonPath('Raw Json', ['a'], true)).toBe(`"Raw Json"->>'a'`);
    expect(quoteSqlIdentifier('we"ird')).toBe('"we""ird"');
  });
});

describe('helpers', () => {
  it('quotes literals', () => {
    expect(quoteSqlLiteral("O'Brien")).toBe("'O''Brien'");
  });

  it('tells scalars from containers', () => {
    for (const v of ['x', 1, true, null]) expect(isJsonScalar(v)).toBe(true);
    for (const v of [{}, []]) expect(isJsonScalar(v)).toBe(false);
  });

  it('follows a path into a value', () => {
    const doc = { email_addresses: [{ email_address: 'a@b.c' }] };
    expect(valueAtPath(doc, ['email_addresses', 0, 'email_address'])).toBe('a@b.c');
    expect(valueAtPath(doc, ['missing', 0])).toBeUndefined();
  });
});
