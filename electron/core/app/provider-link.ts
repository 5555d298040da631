// Which provider the app is linked to: checked credentials, sealed in the settings file, or a
// local demo server. Provider-neutral: everything specific comes from the registry.
import type { LinkedProviderInfo } from '../../../shared/types.js';
import type { ProviderConfig, ProviderDefinition, ProviderTuning, RunningDemo } from '../providers/definition.js';
import type { ProviderInstance, UserProvider } from '../providers/provider.js';
import { findProvider, providerKinds } from '../providers/registry.js';
import type { SecretStore } from './secret-store.js';
import type { SavedProvider, SettingsFile } from './settings-file.js';

/** The app's demo data: deterministic, so its users survive restarts of the app. */
const APP_DEMO = { seed: 42, users: 250, churnPerSecond: 0.5, appDemo: true } as const;

export interface LinkedProvider {
  definition: ProviderDefinition;
  config: ProviderConfig;
  demo: boolean;
  /** Known once the credentials were checked. */
  instance: ProviderInstance | null;
}

export function definitionFor(kind: string): ProviderDefinition {
  const definition = findProvider(kind);
  if (!definition) throw new Error(`Unknown provider "${kind}": choose ${providerKinds().join(' or ')}.`);
  return definition;
}

export function linkedInfo(linked: LinkedProvider | null): LinkedProviderInfo {
  if (!linked) return { linked: false, kind: null, label: null, demo: false, maskedKey: null, instance: null };
  const { definition, instance } = linked;
  return {
    linked: true,
    kind: definition.kind,
    label: definition.label,
    demo: linked.demo,
    maskedKey: definition.describeCredentials(linked.config.fields),
    instance: instance ? { provider: definition.label, id: instance.id, label: instance.label, environment: instance.environment } : null,
  };
}

export class ProviderLinks {
  private readonly demos = new Map<string, RunningDemo>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly settingsFile: SettingsFile,
    /** API URLs the environment overrides, by provider kind (the core reads no environment itself). */
    private readonly apiUrls: Record<string, string>,
    private readonly tuning: ProviderTuning,
  ) {}

  create(linked: LinkedProvider, tuning: ProviderTuning = {}): UserProvider {
    return linked.definition.create(linked.config, { ...this.tuning, ...tuning });
  }

  /** Checks the credentials now (one retry at most: a wrong key must say so at once). */
  async check(kind: string, rawFields: Record<string, string>): Promise<LinkedProvider> {
    const definition = definitionFor(kind);
    const fields: Record<string, string> = {};
    for (const field of definition.fields) fields[field.name] = (rawFields[field.name] ?? '').trim();
    const problem = definition.checkLocally(fields);
    if (problem) throw new Error(problem);
    const config = { kind, apiUrl: this.apiUrls[kind] ?? definition.defaultApiUrl, fields };
    const linked: LinkedProvider = { definition, config, demo: false, instance: null };
    linked.instance = await this.create(linked, { maxAttempts: 2, timeoutMs: 15_000 }).describeInstance();
    return linked;
  }

  /** Saves a checked link, secrets sealed; nothing when secrets may not be stored here. */
  async save(linked: LinkedProvider): Promise<void> {
    if (linked.demo) {
      await this.settingsFile.update({ provider: { kind: linked.definition.kind, demo: true, apiUrl: null, fields: {}, sealedFields: {} } });
      return;
    }
    if (!this.secrets.canPersist) return;
    const saved: SavedProvider = { kind: linked.definition.kind, demo: false, apiUrl: this.apiUrls[linked.definition.kind] ?? null, fields: {}, sealedFields: {} };
    for (const field of linked.definition.fields) {
      const value = linked.config.fields[field.name] ?? '';
      if (field.secret) saved.sealedFields[field.name] = this.secrets.encrypt(value);
      else saved.fields[field.name] = value;
    }
    await this.settingsFile.update({ provider: saved });
  }

  /** The saved link, unsealed; problems (a key that cannot be decrypted) are told, not thrown. */
  async restore(saved: SavedProvider, problems: string[]): Promise<LinkedProvider | null> {
    const definition = findProvider(saved.kind);
    if (!definition) {
      problems.push(`The saved provider "${saved.kind}" is not known to this version: link a provider again.`);
      return null;
    }
    if (saved.demo) return this.demo(saved.kind);
    const fields: Record<string, string> = { ...saved.fields };
    for (const [name, sealed] of Object.entries(saved.sealedFields)) {
      try {
        fields[name] = this.secrets.decrypt(sealed);
      } catch {
        problems.push(`The saved ${definition.label} credentials could not be decrypted (was the keyring reset?): enter them again.`);
        return null;
      }
    }
    const apiUrl = this.apiUrls[saved.kind] ?? saved.apiUrl ?? definition.defaultApiUrl;
    return { definition, config: { kind: saved.kind, apiUrl, fields }, demo: false, instance: null };
  }

  /** Credentials given on the command line or in the environment. */
  fromConfig(config: ProviderConfig): LinkedProvider {
    return { definition: definitionFor(config.kind), config, demo: false, instance: null };
  }

  /** The provider's local demo server (started once per run) and its public credentials. */
  async demo(kind: string): Promise<LinkedProvider> {
    const definition = definitionFor(kind);
    let running = this.demos.get(kind);
    if (!running) {
      running = await definition.startDemo(APP_DEMO);
      this.demos.set(kind, running);
    }
    return { definition, config: running.config, demo: true, instance: null };
  }

  async closeDemos(): Promise<void> {
    const running = [...this.demos.values()];
    this.demos.clear();
    await Promise.all(running.map((d) => d.close().catch(() => {})));
  }
}
