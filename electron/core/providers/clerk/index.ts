// Clerk in the provider registry.
import { DEMO_SECRET_KEY, startClerkServer } from '../../demo/clerk-server.js';
import { maskSecretKey } from '../../app/secret-store.js';
import type { ProviderDefinition } from '../definition.js';
import { CLERK_DEFAULT_API_URL, ClerkProvider } from './clerk-provider.js';
import { checkClerkSecretKey } from './secret-key.js';
import { DEFAULT_POLL_INTERVAL_MS, feedLatency } from '../../sync/scan-cadence.js';

/** The sync's default poll interval (seren-auth sync --poll-interval). */

export const clerkDefinition: ProviderDefinition = {
  kind: 'clerk',
  label: 'Clerk',
  instanceNoun: 'instance',
  apiUrlEnv: ['CLERK_API_URL'],
  defaultApiUrl: CLERK_DEFAULT_API_URL,
  fields: [{ name: 'secretKey', label: 'Clerk secret key', env: ['CLERK_SECRET_KEY'], secret: true }],
  checkLocally({ secretKey = '' }) {
    try {
      checkClerkSecretKey(secretKey);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  },
  create(config, tuning = {}) {
    return new ClerkProvider({ secretKey: config.fields.secretKey ?? '', apiUrl: config.apiUrl, ...tuning });
  },
  describeCredentials({ secretKey = '' }) {
    return maskSecretKey(secretKey);
  },
  estimateLatency: () => feedLatency(DEFAULT_POLL_INTERVAL_MS),
  async startDemo(options) {
    const { appDemo, ...rest } = options;
    const server = await startClerkServer({ ...rest, instanceId: appDemo ? 'ins_serendemo' : undefined });
    return {
      url: server.url,
      config: { kind: 'clerk', apiUrl: server.url, fields: { secretKey: DEMO_SECRET_KEY } },
      description: `Clerk instance ${server.instanceId} (${server.environment})`,
      close: () => server.close(),
    };
  },
};
