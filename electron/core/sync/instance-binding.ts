// Which provider instance a database mirrors: its checkpoint names it. Another provider's or
// instance's binding is refused unless the user asked for a reset; then its users are marked
// deleted and the sync state starts over.
import type { DeletionMode, UsersChangedEvent } from '../../../shared/types.js';
import type { ProviderInstance, UserProvider } from '../providers/provider.js';
import { providerLabels } from '../providers/registry.js';
import { InstanceMismatchError, type BoundInstance } from './errors.js';
import { CHANGE_EVENT_IDS } from './sync-context.js';
import type { Checkpoint, UsersStore } from './users-store.js';

export interface BindOptions {
  reset: boolean;
  deletionMode: DeletionMode;
  onChange(change: UsersChangedEvent): void;
  /** Drops state kept beside the checkpoint (the range partitions). */
  clearState(): Promise<void>;
}

/** The checkpoint for `instance`, saved fresh when the database mirrored nothing (or is reset). */
export async function bindInstance(store: UsersStore, provider: UserProvider, instance: ProviderInstance, options: BindOptions): Promise<Checkpoint> {
  const bound = await store.readCheckpoint();
  const given: BoundInstance = { providerLabel: provider.label, noun: provider.instanceNoun, id: instance.id, label: instance.label };
  if (bound && bound.provider === provider.kind && bound.instanceId === instance.id) return bound;
  if (bound) {
    const labels = providerLabels(bound.provider);
    if (!options.reset) {
      throw new InstanceMismatchError({ providerLabel: labels.label, noun: labels.instanceNoun, id: bound.instanceId, label: bound.instanceLabel }, given);
    }
    const ids = await store.activeIds();
    const deleted = await store.markDeleted(ids, options.deletionMode);
    if (deleted > 0) options.onChange({ inserted: 0, updated: 0, deleted, ids: ids.slice(0, CHANGE_EVENT_IDS) });
    await store.resetState();
    await options.clearState();
  }
  const fresh: Checkpoint = {
    provider: provider.kind, instanceId: instance.id, instanceLabel: instance.label, environment: instance.environment,
    backfillCursor: null, backfillDone: false, highWaterMs: null, lastReconciledAt: null,
  };
  await store.saveCheckpoint(fresh);
  return fresh;
}
