// Stack Auth (Hexclave) in the provider registry.
import { STACK_DEMO_PROJECT_ID, STACK_DEMO_SECRET_SERVER_KEY, startStackServer } from '../../demo/stack-server.js';
import { maskSecretKey } from '../../app/secret-store.js';
import type { ProviderDefinition } from '../definition.js';
import { ChangeCadence, DEFAULT_POLL_INTERVAL_MS } from '../../sync/scan-cadence.js';
import { STACK_DEFAULT_API_URL, STACK_DEFAULT_REQUESTS_PER_WINDOW, StackProvider } from './stack-provider.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export const stackDefinition: ProviderDefinition = {
  kind: 'stack',
  label: 'Stack Auth',
  instanceNoun: 'project',
  apiUrlEnv: ['STACK_API_URL', 'HEXCLAVE_API_URL'],
  defaultApiUrl: STACK_DEFAULT_API_URL,
  fields: [
    { name: 'projectId', label: 'Stack Auth project id', env: ['STACK_PROJECT_ID', 'HEXCLAVE_PROJECT_ID'], secret: false },
    { name: 'secretServerKey', label: 'Stack Auth secret server key', env: ['STACK_SECRET_SERVER_KEY', 'HEXCLAVE_SECRET_SERVER_KEY'], secret: true },
  ],
  checkLocally({ projectId = '', secretServerKey = '' }) {
    if (!projectId) return 'The Stack Auth project id is empty: copy it from the dashboard (Project settings, API keys).';
    if (!secretServerKey) return 'The Stack Auth secret server key is empty: create one in the dashboard (API keys), it starts with ssk_.';
    if (/^pck_/.test(secretServerKey)) return 'This is a publishable client key (pck_…): paste the secret server key, ssk_….';
    if (CONTROL.test(projectId) || CONTROL.test(secretServerKey) || /\s/.test(projectId + secretServerKey)) {
      return 'The Stack Auth project id or secret server key has a space or a control character inside it: copy it again from the dashboard.';
    }
    return null;
  },
  create(config, tuning = {}) {
    return new StackProvider({
      projectId: config.fields.projectId ?? '',
      secretServerKey: config.fields.secretServerKey ?? '',
      apiUrl: config.apiUrl,
      ...tuning,
    });
  },
  describeCredentials({ projectId = '', secretServerKey = '' }) {
    return projectId ? `project ${projectId}, key ${maskSecretKey(secretServerKey)}` : maskSecretKey(secretServerKey);
  },
  estimateLatency(users) {
    const budget = { used: 0, limit: Math.floor(STACK_DEFAULT_REQUESTS_PER_WINDOW * 0.5), windowMs: 10_000 };
    // The engine's own cadence at its defaults, for a Stack client that has made no request yet.
    return new ChangeCadence({ rateBudget: () => budget }, 1000, { pollIntervalMs: DEFAULT_POLL_INTERVAL_MS }).latency(users);
  },
  async startDemo({ appDemo: _appDemo, churnPerSecond, ...options }) {
    const server = await startStackServer({ ...options, churnPerSecond });
    return {
      url: server.url,
      config: { kind: 'stack', apiUrl: server.url, fields: { projectId: STACK_DEMO_PROJECT_ID, secretServerKey: STACK_DEMO_SECRET_SERVER_KEY } },
      description: `Stack Auth project "${server.displayName}" (${server.projectId})`,
      close: () => server.close(),
    };
  },
};
