// @clerk/backend 3.25 takes no AbortSignal and no fetch of its own: it binds the global fetch
// once, when it loads. So before it loads (clerk-provider.ts imports this module first), the
// global fetch is wrapped once to add the signal of the Clerk request running in this async
// context. A request that times out is then really aborted and its socket closed, instead of
// hanging on while the retries pile up more sockets. Any other fetch passes through untouched.
import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();
const WRAPPED = Symbol.for('seren-auth.fetch-with-request-signal');

type Fetch = typeof globalThis.fetch;
const installed = globalThis.fetch as Fetch & { [WRAPPED]?: true };
if (!installed[WRAPPED]) {
  const original = installed;
  const withSignal: Fetch = (input, init) => {
    const signal = current.getStore();
    return original(input, signal && !init?.signal ? { ...init, signal } : init);
  };
  globalThis.fetch = Object.assign(withSignal, { [WRAPPED]: true as const });
}

/** Runs send() so that every fetch it makes (the SDK's included) is aborted by signal. */
export function withRequestSignal<T>(signal: AbortSignal, send: () => Promise<T>): Promise<T> {
  return current.run(signal, send);
}
