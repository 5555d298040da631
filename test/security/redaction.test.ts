// No secret in any message: keys are checked locally before use, and whatever leaves the core
// (an SDK error that quotes the key, a database URL with its password) is masked.
import { afterEach, describe, expect, it } from 'vitest';
import { checkClerkSecretKey } from '../../electron/core/providers/clerk/secret-key.js';
import { classifyClerkError, ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { maskDatabaseUrl, parseTarget } from '../../electron/core/db/target.js';
import { forgetSecrets, redact, redactValue, registerSecret } from '../../electron/core/redact.js';

const KEY = 'sk_test_AUDITkey9zq8X7w6V5u4T3s2R1p0';

afterEach(() => forgetSecrets());

describe('the local key check', () => {
  it('trims, and refuses a publishable key, a control character or a space inside, without quoting the key', () => {
    expect(checkClerkSecretKey(`  ${KEY}\n`)).toBe(KEY);
    expect(() => checkClerkSecretKey('pk_test_Y2xlcmsuZXhhbXBsZS5jb20k')).toThrow(/publishable key.*paste the secret key, sk_/);
    for (const bad of [`sk_test_AUDIT\rkey9zq8X7w6`, `sk_test_AUDIT\nkey9zq8X7w6`, `sk_test_AUDIT\u0000key9zq8X7w6`]) {
      expect(() => checkClerkSecretKey(bad)).toThrow(/control character/);
      try {
        checkClerkSecretKey(bad);
      } catch (error) {
        expect((error as Error).message).not.toContain('AUDIT');
      }
    }
    expect(() => checkClerkSecretKey('sk_test_AUDIT key9zq8X7w6')).toThrow(/space/);
    expect(() => new ClerkProvider({ secretKey: `sk_test_AUDIT\rkey9zq8X7w6V5u4` })).toThrow(/control character/);
  });
});

describe('the redaction step', () => {
  it('replaces a configured key by its masked form, also inside JSON text and nested values', () => {
    registerSecret(`sk_test_AUDITkey9zq8X7w6\rV5u4T3s2R1p0`, 'sk_test_…R1p0');
    const message = `network error: Headers.set: "Bearer sk_test_AUDITkey9zq8X7w6\rV5u4T3s2R1p0" is an invalid header value.`;
    expect(redact(message)).toBe('network error: Headers.set: "Bearer sk_test_…R1p0" is an invalid header value.');
    expect(redact(JSON.stringify({ message }))).not.toContain('AUDIT');
    expect(redactValue({ status: { message, counts: [1, 2] }, n: 3 })).toEqual({
      status: { message: redact(message), counts: [1, 2] },
      n: 3,
    });
  });

  it('masks a key a provider was given wherever the SDK quotes it', () => {
    new ClerkProvider({ secretKey: KEY, apiUrl: 'http://127.0.0.1:9' });
    const failure = classifyClerkError(new TypeError(`Headers.set: "Bearer ${KEY}" is an invalid header value.`));
    expect(failure.message).not.toContain(KEY);
    expect(failure.message).toContain('sk_test_…R1p0');
  });

  it('masks sslpassword and every other password-like URL parameter, and the URL wherever it is quoted', () => {
    const url = 'postgres://root:hunter2hunter2@db.example/x?sslpassword=pw_AUDITsslpass&sslmode=require&api_token=tok_AUDIT123456';
    const label = maskDatabaseUrl(url);
    expect(label).toBe('postgres://root:***@db.example/x?sslpassword=***&sslmode=require&api_token=***');
    expect(maskDatabaseUrl('postgres://u@[bad/x?sslpassword=pw_AUDITsslpass')).not.toContain('AUDIT');
    parseTarget(url, '/default');
    expect(redact(`could not connect to ${url}`)).toBe(`could not connect to ${label}`);
    expect(redact('the server said: wrong password pw_AUDITsslpass')).not.toContain('AUDIT');
  });
});
