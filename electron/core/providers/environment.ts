// Provider settings read from environment variables by the entry points (CLI, serve, the
// desktop shell); the core itself reads no environment.
import type { ProviderConfig, ProviderDefinition } from './definition.js';
import { PROVIDERS } from './registry.js';

/** The first of `names` that is set and not blank, trimmed; '' when none is. */
export function envValue(env: NodeJS.ProcessEnv, names: readonly string[]): string {
  return names.map((n) => env[n]?.trim()).find((v) => v !== undefined && v !== '') ?? '';
}

/** API URLs the environment sets, by provider kind. */
export function apiUrlsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const p of PROVIDERS) {
    const url = envValue(env, p.apiUrlEnv);
    if (url) urls[p.kind] = url.replace(/\/+$/, '');
  }
  return urls;
}

/** Whether any of the provider's secrets are in the environment. */
export function hasCredentials(p: ProviderDefinition, env: NodeJS.ProcessEnv): boolean {
  return p.fields.some((f) => f.secret && envValue(env, f.env) !== '');
}

/** The provider whose credentials the environment sets completely, when exactly one does. */
export function providerFromEnv(env: NodeJS.ProcessEnv): ProviderConfig | undefined {
  const complete = PROVIDERS.filter((p) => p.fields.every((f) => envValue(env, f.env) !== ''));
  if (complete.length !== 1) return undefined;
  const [p] = complete;
  const fields = Object.fromEntries(p.fields.map((f) => [f.name, envValue(env, f.env)]));
  return { kind: p.kind, apiUrl: apiUrlsFromEnv(env)[p.kind] ?? p.defaultApiUrl, fields };
}
