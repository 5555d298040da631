// --provider and the provider credentials the CLI reads from the environment: which provider to
// sync is said with --provider, or inferred when only one provider's credentials are set.
import type { ProviderConfig, ProviderDefinition } from '../providers/definition.js';
import { findProvider, PROVIDERS, providerKinds } from '../providers/registry.js';
import { envValue, hasCredentials } from '../providers/environment.js';
import { registerSecret } from '../redact.js';
import type { OptionSpec } from './command-spec.js';
import { CliError } from './errors.js';

export const PROVIDER_OPTION: OptionSpec = {
  name: 'provider',
  type: 'string',
  value: providerKinds().join('|'),
  default: 'the one whose credentials are set',
  description: 'The auth provider to sync.',
};

/** The environment the CLI help lists for every provider. */
export function providerEnvironment(): [string, string][] {
  return PROVIDERS.flatMap((p) => [
    ...p.fields.map((f): [string, string] => [f.env.join(' or '), `${f.label} (${p.label}).${f.secret ? ' Never printed.' : ''}`]),
    [p.apiUrlEnv.join(' or '), `${p.label} API base URL (default ${p.defaultApiUrl}; the demo server prints its own).`] as [string, string],
  ]);
}

export function chooseProvider(option: string | undefined, env: NodeJS.ProcessEnv): ProviderDefinition {
  if (option !== undefined) {
    const found = findProvider(option);
    if (!found) throw new CliError(`--provider must be ${providerKinds().join(' or ')}, not "${option}".`);
    return found;
  }
  const present = PROVIDERS.filter((p) => hasCredentials(p, env));
  if (present.length === 1) return present[0];
  if (present.length > 1) {
    throw new CliError(
      `Credentials for ${present.map((p) => `${p.label} (${p.fields.find((f) => f.secret)!.env[0]})`).join(' and ')} are set: ` +
        `say which to sync with --provider ${present.map((p) => p.kind).join('|')}.`,
    );
  }
  // Nothing set: the first provider's message says what to set (Clerk, the long-standing default).
  return PROVIDERS[0];
}

/** The chosen provider's credentials and API URL from the environment, checked locally. */
export function providerConfig(definition: ProviderDefinition, env: NodeJS.ProcessEnv): ProviderConfig {
  const fields: Record<string, string> = {};
  for (const field of definition.fields) {
    const value = envValue(env, field.env);
    // Registered before any check, so even a rejected secret never shows up in a message.
    if (field.secret) {
      for (const raw of field.env.map((n) => env[n]).filter((v): v is string => !!v)) {
        registerSecret(raw, definition.describeCredentials({ [field.name]: raw.trim() }));
      }
    }
    if (!value) {
      const others = PROVIDERS.filter((p) => p !== definition).map((p) => `--provider ${p.kind}`).join(', ');
      throw new CliError(
        `${field.env[0]} is not set. Put your ${field.label} in it, or run "seren-auth demo${definition === PROVIDERS[0] ? '' : ` --provider ${definition.kind}`}" ` +
          `for a local one${others ? ` (other providers: ${others})` : ''}.`,
      );
    }
    fields[field.name] = value;
  }
  const problem = definition.checkLocally(fields);
  if (problem) throw new CliError(`${definition.fields.map((f) => f.env[0]).join(', ')}: ${problem}`);
  const apiUrl = envValue(env, definition.apiUrlEnv) || definition.defaultApiUrl;
  if (!isHttpUrl(apiUrl)) {
    throw new CliError(`${definition.apiUrlEnv[0]} must be an http:// or https:// URL, not "${apiUrl}".`);
  }
  return { kind: definition.kind, apiUrl: apiUrl.replace(/\/+$/, ''), fields };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
