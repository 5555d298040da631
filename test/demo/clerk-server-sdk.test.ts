// The fake must be indistinguishable from Clerk for @clerk/backend: driven here through the real SDK.
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sdkError } from '../support/clerk-errors.js';
import { DEMO_SECRET_KEY, startClerkServer, type ClerkServer } from '../../electron/core/demo/index.js';

let server: ClerkServer;
const clerk = () => createClerkClient({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url, telemetry: { disabled: true } });
const wire = (path: string, key = DEMO_SECRET_KEY) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${key}` } });


beforeAll(async () => {
  server = await startClerkServer({ users: 120, seed: 7, rateLimit: false });
});
afterAll(() => server.close());

describe('Clerk server through @clerk/backend', () => {
  it('lists users with a total count, and user.raw is exactly the wire JSON', async () => {
    const { data, totalCount } = await clerk().users.getUserList({ limit: 25, orderBy: '-created_at' });
    expect(totalCount).toBe(120);
    expect(data).toHaveLength(25);

    const response = await wire('/v1/users?limit=25&order_by=-created_at');
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.json();
    expect(Array.isArray(body)).toBe(true);
    expect(data.map((u) => u.raw)).toEqual(body);
    expect(data[0].id).toMatch(/^user_[0-9A-Za-z]{27}$/);
  });

  it('orders newest first by default and breaks equal created_at by id', async () => {
    const body = (await (await wire('/v1/users?limit=500')).json()) as { id: string; created_at: number }[];
    expect(body).toHaveLength(120);
    for (let i = 1; i < body.length; i++) {
      const [a, b] = [body[i - 1], body[i]];
      expect(a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id)).toBe(true);
    }
  });

  it('emits User keys in the live API order with ms timestamps and linked_to everywhere', async () => {
    const [user] = (await (await wire('/v1/users?limit=1')).json()) as Record<string, unknown>[];
    const keys = Object.keys(user).filter((k) => k !== 'password_last_updated_at');
    expect(keys).toEqual([
      'id', 'object', 'username', 'first_name', 'last_name', 'image_url', 'has_image', 'primary_email_address_id',
      'primary_phone_number_id', 'primary_web3_wallet_id', 'password_enabled', 'two_factor_enabled', 'totp_enabled',
      'backup_code_enabled', 'email_addresses', 'phone_numbers', 'web3_wallets', 'passkeys', 'external_accounts',
      'saml_accounts', 'enterprise_accounts', 'public_metadata', 'private_metadata', 'unsafe_metadata', 'external_id',
      'last_sign_in_at', 'banned', 'locked', 'lockout_expires_in_seconds', 'verification_attempts_remaining',
      'created_at', 'updated_at', 'delete_self_enabled', 'create_organization_enabled', 'create_organizations_limit',
      'last_active_at', 'mfa_enabled_at', 'mfa_disabled_at', 'legal_accepted_at', 'locale', 'bypass_client_trust',
      'profile_image_url',
    ]);
    for (const u of server.store.listAll()) {
      expect(u.created_at).toBeGreaterThan(1_600_000_000_000);
      expect(u.updated_at).toBeGreaterThanOrEqual(u.created_at);
      for (const entry of [...u.email_addresses, ...u.phone_numbers]) expect(Array.isArray(entry.linked_to)).toBe(true);
    }
  });

  it('counts, gets one user, and reports the instance', async () => {
    expect(await clerk().users.getCount()).toBe(120);
    const [first] = server.store.listAll();
    const user = await clerk().users.getUser(first.id);
    expect(user.raw).toEqual(first);
    expect(user.primaryEmailAddress?.emailAddress ?? null).toBe(
      first.email_addresses.find((e) => e.id === first.primary_email_address_id)?.email_address ?? null,
    );
    const instance = await clerk().instance.get();
    expect(instance.id).toBe(server.instanceId);
    expect(instance.id).toMatch(/^ins_/);
    expect(instance.environmentType).toBe('development');
    expect(await (await wire('/v1/users/count')).json()).toEqual({ object: 'total_count', total_count: 120 });
  });

  it('serves an updated user fresh, in the list and by id, after it was served before', async () => {
    const target = server.store.listAll()[2];
    expect((await clerk().users.getUser(target.id)).raw).toEqual(target);
    const updated = server.store.updateUser(target.id);
    expect(updated.updated_at).toBeGreaterThan(target.updated_at);
    expect((await clerk().users.getUser(target.id)).raw).toEqual(updated);
    const listed = (await (await wire(`/v1/users?user_id=${target.id}`)).json()) as unknown[];
    expect(listed).toEqual([updated]);
  });

  it('answers an unknown user with 404 resource_not_found', async () => {
    const error = await sdkError(clerk().users.getUser('user_doesnotexist'));
    expect(error.status).toBe(404);
    expect(error.errors[0].code).toBe('resource_not_found');
  });

  it('rejects a wrong or missing key with 401 clerk_key_invalid', async () => {
    const bad = createClerkClient({ secretKey: 'sk_test_wrong', apiUrl: server.url, telemetry: { disabled: true } });
    const error = await sdkError(bad.users.getUserList({ limit: 1 }));
    expect(error.status).toBe(401);
    expect(error.errors[0].code).toBe('clerk_key_invalid');
    expect(error.clerkTraceId).toMatch(/^[0-9a-f]{32}$/);

    const noKey = await fetch(`${server.url}/v1/users`);
    expect(noKey.status).toBe(401);
    expect(noKey.headers.get('content-type')).toBe('application/json');
    expect(((await noKey.json()) as any).errors[0]).toMatchObject({ code: 'clerk_key_invalid', meta: {} });
  });

  it('silently replaces an out-of-range limit with 10', async () => {
    expect((await clerk().users.getUserList({ limit: 501 })).data).toHaveLength(10);
    expect(await (await wire('/v1/users?limit=0')).json()).toHaveLength(10);
    expect(await (await wire('/v1/users?limit=500')).json()).toHaveLength(120);
  });

  it('deletes a user: DeletedObject, then 404 and a smaller count', async () => {
    const victim = server.store.listAll()[5].id;
    const res = await fetch(`${server.url}/v1/users/${victim}`, { method: 'DELETE', headers: { Authorization: `Bearer ${DEMO_SECRET_KEY}` } });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ object: 'user', id: victim, deleted: true });
    expect((await sdkError(clerk().users.getUser(victim))).status).toBe(404);
    expect(await clerk().users.getCount()).toBe(119);
    await clerk().users.deleteUser(server.store.listAll()[6].id); // the SDK accepts the DeletedObject
    expect(await clerk().users.getCount()).toBe(118);
  });

  it('reports production for a production instance', async () => {
    const prod = await startClerkServer({ environment: 'production', secretKeys: ['sk_live_demo'] });
    try {
      const client = createClerkClient({ secretKey: 'sk_live_demo', apiUrl: prod.url, telemetry: { disabled: true } });
      expect((await client.instance.get()).environmentType).toBe('production');
      expect(prod.rateLimiter.limit).toBe(1000);
    } finally {
      await prod.close();
    }
  });
});
