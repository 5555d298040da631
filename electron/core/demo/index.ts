// The local Clerk-compatible server: what `seren-auth demo` and the tests start.
export { DEMO_SECRET_KEY, startClerkServer } from './clerk-server.js';
export type { ClerkEnvironment, ClerkServer, ClerkServerOptions, RequestLogEntry } from './clerk-server.js';
export { Churn, type ChurnOptions, type ChurnStats } from './churn.js';
export { FaultInjector, type ClerkRoute, type Fault, type FaultHandle, type FaultTarget, type ListPageHook } from './faults.js';
export { UserStore, type StoredUser, type UserOrderField, type UserStoreOptions } from './user-store.js';
export { kindForSeq, type UserKind } from './user-generator.js';
export type * from './user-json.js';
export { USER_KEY_ORDER } from './user-json.js';
