// Every provider SerenDB Auth can sync. Adding one: its folder under providers/, one line here,
// and its onboarding form in the renderer.
import type { ProviderDefinition } from './definition.js';
import { clerkDefinition } from './clerk/index.js';
import { stackDefinition } from './stack/index.js';

export const PROVIDERS: readonly ProviderDefinition[] = [clerkDefinition, stackDefinition];

export function findProvider(kind: string): ProviderDefinition | undefined {
  return PROVIDERS.find((p) => p.kind === kind);
}

export function providerKinds(): string[] {
  return PROVIDERS.map((p) => p.kind);
}

/** How to name a provider in messages, also one no longer registered. */
export function providerLabels(kind: string): { label: string; instanceNoun: string } {
  const found = findProvider(kind);
  return found ? { label: found.label, instanceNoun: found.instanceNoun } : { label: kind, instanceNoun: 'instance' };
}
