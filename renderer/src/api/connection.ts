// Whether the core answers: the transport reports each request's and the event stream's fate, so
// the status bar can say "Disconnected" instead of an old "Watching" when serve has gone away.
type Listener = (connected: boolean) => void;

const listeners = new Set<Listener>();
let connected = true;

export function reportConnection(ok: boolean): void {
  if (ok === connected) return;
  connected = ok;
  for (const listener of listeners) listener(ok);
}

export function isConnected(): boolean {
  return connected;
}

export function onConnectionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
