// The provider contract: the same tests against every provider and its local server (walk
// order, cursor resume, mapping, errors, rate limits, faults).
import { afterEach, describe, expect, it } from 'vitest';
import { ProviderAuthError, type RetryNotice, type UserProvider } from '../../electron/core/providers/provider.js';
import { providerHarnesses, type RunningHarness } from '../support/provider-harness.js';

/** Every page of a full walk, following the provider's own cursor. */
async function walkAll(provider: UserProvider, pageSize: number, from: string | null = null) {
  const ids: string[] = [];
  let cursor = from;
  for (let pages = 0; ; pages++) {
    const page = await provider.walk(cursor, pageSize);
    ids.push(...page.users.map((u) => provider.mapUser(u).id));
    if (page.next === null) return { ids, pages: pages + 1 };
    cursor = page.next;
  }
}

for (const harness of providerHarnesses) {
  describe(`provider contract: ${harness.name}`, () => {
    let running: RunningHarness;
    afterEach(async () => running?.close());

    it('walks every user once, in creation order, and says when it reached the end', async () => {
      running = await harness.start(257);
      const { ids, pages } = await walkAll(running.provider(), 50);
      expect(ids).toEqual(running.expected().map((u) => u.id));
      expect(pages).toBe(6);
    });

    it('resumes a walk from its cursor in another process (a new provider object)', async () => {
      running = await harness.start(120);
      const first = await running.provider().walk(null, 40);
      expect(first.next).not.toBeNull();
      const rest = await walkAll(running.provider(), 40, first.next);
      const all = [...first.users.map((u) => running.provider().mapUser(u).id), ...rest.ids];
      expect(all).toEqual(running.expected().map((u) => u.id));
    });

    it('maps id, name, email and created_at as the contract says, and keeps the raw object exactly', async () => {
      running = await harness.start(40);
      const provider = running.provider();
      const page = await provider.walk(null, 100);
      const mapped = page.users.map((u) => provider.mapUser(u));
      expect(mapped.map(({ id, name, email, created_at, raw }) => ({ id, name, email, created_at, raw }))).toEqual(running.expected());
    });

    it('says the instance it belongs to, and rejects wrong credentials without retrying', async () => {
      running = await harness.start(3);
      const instance = await running.provider().describeInstance();
      expect(instance.id).toBeTruthy();
      expect(instance.label).toBeTruthy();
      const before = running.requestLog.length;
      await expect(running.rejected().describeInstance()).rejects.toBeInstanceOf(ProviderAuthError);
      expect(running.requestLog.length - before).toBe(1);
    });

    it('waits out 429s with and without Retry-After, and tells who listens', async () => {
      running = await harness.start(30);
      running.faults.rateLimit({ times: 1, retryAfter: 1 });
      running.faults.rateLimit({ times: 1, retryAfter: null });
      const provider = running.provider();
      const notices: RetryNotice[] = [];
      provider.onRetry((n) => notices.push(n));
      const { ids } = await walkAll(provider, 100);
      expect(ids).toHaveLength(30);
      expect(notices.map((n) => n.reason)).toEqual([expect.stringMatching(/429/), expect.stringMatching(/429/)]);
    });

    it('finishes a walk through 500s, an HTML 502, a reset mid-body and a stall', async () => {
      running = await harness.start(90);
      running.faults.serverError({ times: 1 });
      running.faults.badGatewayHtml({ times: 1 });
      running.faults.resetMidBody({ times: 1 });
      running.faults.stall({ times: 1 });
      const { ids } = await walkAll(running.provider(), 40);
      expect(ids).toEqual(running.expected().map((u) => u.id));
      const faulted = new Set(running.requestLog.filter((r) => r.fault).map((r) => r.fault));
      expect(faulted).toEqual(new Set(['server_error', 'bad_gateway_html', 'reset_mid_body', 'stall']));
    });

    it('never ends a walk early when the user at the cursor is deleted between two pages', async () => {
      running = await harness.start(100);
      const provider = running.provider();
      const first = await provider.walk(null, 25);
      // The user a cursor points at (the last one read, or the first of the next page) goes away.
      const ids = running.expected().map((u) => u.id);
      running.deleteUser(ids[24]);
      running.deleteUser(ids[25]);
      const rest = await walkAll(provider, 25, first.next);
      const seen = new Set([...first.users.map((u) => provider.mapUser(u).id), ...rest.ids]);
      for (const user of running.expected()) expect(seen.has(user.id), user.id).toBe(true);
    });
  });
}
