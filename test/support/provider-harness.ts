// Each provider with its local server, behind one shape, so the same contract tests (and engine
// tests) run against every provider. Adding a provider adds one harness here.
import { ClerkProvider } from '../../electron/core/providers/clerk/clerk-provider.js';
import { StackProvider } from '../../electron/core/providers/stack/stack-provider.js';
import type { UserProvider } from '../../electron/core/providers/provider.js';
import { DEMO_SECRET_KEY, startClerkServer } from '../../electron/core/demo/index.js';
import type { FaultInjector } from '../../electron/core/demo/faults.js';
import type { RequestLogEntry } from '../../electron/core/demo/fake-http.js';
import { STACK_DEMO_PROJECT_ID, STACK_DEMO_SECRET_SERVER_KEY, startStackServer, type CursorConvention } from '../../electron/core/demo/stack-server.js';

export interface ExpectedUser {
  id: string;
  name: string | null;
  email: string | null;
  created_at: number;
  raw: unknown;
}

export interface RunningHarness {
  provider(options?: { maxAttempts?: number }): UserProvider;
  /** A provider with credentials the server rejects. */
  rejected(): UserProvider;
  /** Every user the provider should list, in walk order. */
  expected(): ExpectedUser[];
  createUser(): string;
  updateUser(id: string): void;
  deleteUser(id: string): void;
  faults: FaultInjector<string, unknown>;
  requestLog: RequestLogEntry[];
  /** Whether a request log entry lists users (a walk page). */
  isListRequest(entry: RequestLogEntry): boolean;
  close(): Promise<void>;
}

export interface ProviderHarness {
  name: string;
  start(users: number, seed?: number): Promise<RunningHarness>;
}

const fast = { timeoutMs: 1000, rateShare: 1 };

export const clerkHarness: ProviderHarness = {
  name: 'clerk',
  async start(users, seed = 3) {
    const server = await startClerkServer({ users, seed, rateLimit: false });
    return {
      provider: (o = {}) => new ClerkProvider({ secretKey: DEMO_SECRET_KEY, apiUrl: server.url, ...fast, maxAttempts: o.maxAttempts ?? 6 }),
      rejected: () => new ClerkProvider({ secretKey: 'sk_test_not_the_demo_key_0000', apiUrl: server.url, ...fast }),
      expected: () => server.store.listAll().map((u) => ({
        id: u.id,
        name: [u.first_name, u.last_name].filter((n) => n && n.trim()).join(' ') || u.username || null,
        email: u.email_addresses.find((e) => e.id === u.primary_email_address_id)?.email_address ?? null,
        created_at: u.created_at,
        raw: JSON.parse(JSON.stringify(u)),
      })),
      createUser: () => server.store.createUser().id,
      updateUser: (id) => void server.store.updateUser(id),
      deleteUser: (id) => void server.store.deleteUser(id),
      faults: server.faults as unknown as FaultInjector<string, unknown>,
      requestLog: server.requestLog,
      isListRequest: (e) => e.path === '/v1/users' && e.query.includes('created_at'),
      close: () => server.close(),
    };
  },
};

export function stackHarness(cursorConvention: CursorConvention = 'after-last'): ProviderHarness {
  return {
    name: `stack (${cursorConvention})`,
    async start(users, seed = 3) {
      const server = await startStackServer({ users, seed, rateLimit: 0, cursorConvention });
      const make = (key: string, o: { maxAttempts?: number } = {}) =>
        new StackProvider({ projectId: STACK_DEMO_PROJECT_ID, secretServerKey: key, apiUrl: server.url, ...fast, maxAttempts: o.maxAttempts ?? 6 });
      return {
        provider: (o) => make(STACK_DEMO_SECRET_SERVER_KEY, o),
        rejected: () => make('ssk_not_the_demo_key_000000'),
        expected: () => server.store.inOrder().map((u) => ({
          id: u.id, name: u.display_name, email: u.primary_email, created_at: u.signed_up_at_millis, raw: structuredClone(u),
        })),
        createUser: () => server.store.createUser().id,
        updateUser: (id) => void server.store.updateUser(id),
        deleteUser: (id) => void server.store.deleteUser(id),
        faults: server.faults as unknown as FaultInjector<string, unknown>,
        requestLog: server.requestLog,
        isListRequest: (e) => e.path === '/api/v1/users' && e.query.includes('desc=false'),
        close: () => server.close(),
      };
    },
  };
}

export const providerHarnesses: ProviderHarness[] = [clerkHarness, stackHarness('after-last'), stackHarness('first-of-next')];
