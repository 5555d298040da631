// The engine's explicit mode, against the in-memory provider: a stopped engine lets go of the
// database, Pause acts at once, and idle watching sends no status noise.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/sync/engine.js';
import type { OpenedDatabase } from '../../electron/core/db/open-database.js';
import type { SyncStatus } from '../../shared/types.js';
import { FakeProvider } from '../support/fake-provider.js';
import { clearSerenAuth, testTargets } from '../support/targets.js';
import { waitFor } from '../support/wait.js';

/** Engine locks held on this test's own database (not the whole cluster). */
async function engineLocksHeld(db: OpenedDatabase): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = 1 AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  return rows[0].n;
}

for (const target of testTargets) {
  describe.skipIf(target.skip)(`engine modes on ${target.name}`, () => {
    let db: OpenedDatabase;
    let cleanup: () => Promise<void>;
    const running: { abort: AbortController; done: Promise<void> }[] = [];

    beforeAll(async () => {
      ({ db, cleanup } = await target.open());
    });
    afterAll(async () => cleanup?.());
    afterEach(async () => {
      for (const r of running.splice(0)) {
        r.abort.abort();
        await r.done;
      }
      await clearSerenAuth(db);
    });

    function watch(provider: FakeProvider, extra: Partial<SyncEngineOptions> = {}) {
      const engine = new SyncEngine({ db, provider, pollIntervalMs: 20, ...extra });
      const abort = new AbortController();
      running.push({ abort, done: engine.watch(abort.signal) });
      return engine;
    }

    it.skipIf(target.name !== 'postgres')('releases the engine lock when the guard stops it, and takes it again on "apply deletions"', async () => {
      const provider = new FakeProvider({ users: 40 });
      const engine = watch(provider);
      await waitFor(() => engine.mode === 'watching', 'the first sync');
      expect(await engineLocksHeld(db)).toBe(1);
      for (const id of [...provider.users.keys()].slice(0, 30)) provider.users.delete(id);
      await waitFor(() => engine.mode === 'stopped-by-guard', 'the guard to stop the engine');
      // Another engine can use the database while this one waits for the user.
      await waitFor(async () => (await engineLocksHeld(db)) === 0, 'the lock to be released');
      engine.syncNow({ allowMassDelete: true });
      await waitFor(() => engine.status.counts.deleted === 30, 'the deletions to apply');
      expect(await engineLocksHeld(db)).toBe(1);
    });

    it.skipIf(target.name !== 'postgres')('releases the engine lock when the database mirrors another instance', async () => {
      await new SyncEngine({ db, provider: new FakeProvider({ users: 3, instanceId: 'first' }) }).syncOnce();
      const engine = watch(new FakeProvider({ users: 3, instanceId: 'second' }));
      await waitFor(() => engine.mode === 'wrong-instance', 'the mismatch to stop the engine');
      expect(engine.status.message).toMatch(/mirrors fake instance first, but the credentials belong to Fake instance second/);
      expect(await engineLocksHeld(db)).toBe(0);
    });

    it('pauses at once, also while a request waits out its retry delay', async () => {
      // The first retry waits ten minutes: only an immediate pause can end the wait.
      const provider = new FakeProvider({ users: 5, retryDelayMs: 600_000 });
      const engine = watch(provider);
      await waitFor(() => engine.mode === 'watching', 'the first sync');
      // The request's own notice: the mode shown meanwhile may be another phase's beside the polls.
      let backingOff = false;
      provider.onRetry(() => (backingOff = true));
      provider.failNext(1);
      await waitFor(() => backingOff, 'a request to back off');
      engine.pause();
      await waitFor(() => engine.status.state === 'paused', 'the pause to show');
      provider.create('After the pause');
      engine.resume();
      await waitFor(() => engine.status.counts.active === 6, 'the resumed engine to sync the new user');
    });

    it('sends a status only when something a user can see changed', async () => {
      const provider = new FakeProvider({ users: 5 });
      const engine = watch(provider);
      await waitFor(() => engine.mode === 'watching', 'the first sync');
      const events: SyncStatus[] = [];
      engine.on('status', (s) => events.push(s));
      const polls = provider.calls.recent;
      await waitFor(() => provider.calls.recent >= polls + 40, 'forty idle polls');
      // Each idle poll changes lastSyncAt and the rate budget only: nothing to send. (An event
      // may still say something, e.g. that a busy embedded database made the sync wait.)
      expect(events.length).toBeLessThan(10);
      const visible = ({ lastSyncAt: _s, rateBudget: _r, ...rest }: SyncStatus) => JSON.stringify(rest);
      for (let i = 1; i < events.length; i++) expect(visible(events[i]), 'an event that shows nothing new').not.toBe(visible(events[i - 1]));
      provider.create('Someone new');
      await waitFor(() => events.some((s) => s.counts.active === 6), 'the new user to show in the status');
    });
  });
}
