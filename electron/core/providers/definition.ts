// What the registry knows about each provider: its credentials, how to build it, how to show
// it, and its local demo server. The CLI, the app and the onboarding form read these, so a new
// provider is a folder of its own plus one line in registry.ts.
import type { ChangeLatency } from '../../../shared/types.js';
import type { UserProvider } from './provider.js';

export interface CredentialField {
  /** Key in ProviderConfig.fields and in the API's linkProvider input. */
  name: string;
  label: string;
  /** Environment variables read by the CLI, first found wins. */
  env: readonly string[];
  secret: boolean;
}

export interface ProviderConfig {
  kind: string;
  apiUrl: string;
  fields: Record<string, string>;
}

export interface ProviderTuning {
  /** Share of the instance's rate budget the engine may use. */
  rateShare?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  /** Give up on a request once it has been retried for this long. */
  retryWindowMs?: number;
  /** Requests per window the provider allows, when it publishes none (Stack). */
  requestsPerWindow?: number;
}

export interface DemoServerOptions {
  port?: number;
  users?: number;
  churnPerSecond?: number;
  seed?: number;
  /** The app's demo: a fixed instance id, so its database survives restarts of the app. */
  appDemo?: boolean;
}

export interface RunningDemo {
  url: string;
  /** Credentials that open the demo (public: they only open this local fake). */
  config: ProviderConfig;
  /** e.g. "Clerk instance ins_… (development)". */
  description: string;
  close(): Promise<void>;
}

export interface ProviderDefinition {
  kind: string;
  label: string;
  instanceNoun: string;
  apiUrlEnv: readonly string[];
  defaultApiUrl: string;
  fields: readonly CredentialField[];
  /** One sentence naming what is wrong with the credentials before any request, or null. */
  checkLocally(fields: Record<string, string>): string | null;
  create(config: ProviderConfig, tuning?: ProviderTuning): UserProvider;
  /** The credentials as safe to show: masked secrets, ids in full. */
  describeCredentials(fields: Record<string, string>): string;
  startDemo(options: DemoServerOptions): Promise<RunningDemo>;
  /** The worst-case change latency with the default settings (for `status` when no engine answers). */
  estimateLatency(users: number): ChangeLatency;
}
