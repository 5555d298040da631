// SIGINT/SIGTERM handling for long-running commands: the first signal asks the work to stop
// (the engine finishes or rolls back its batch); a second one exits at once with 130.
import { EXIT, InterruptedError } from './errors.js';

export interface Interrupt {
  signal: AbortSignal;
  /** Which signal arrived first, once one has. */
  readonly received: NodeJS.Signals | null;
  dispose(): void;
}

export function listenForInterrupt(onFirst: (signal: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (sig: NodeJS.Signals) => {
    if (received) {
      process.stderr.write('\nStopped at once.\n');
      process.exit(EXIT.interrupted);
    }
    received = sig;
    onFirst(sig);
    controller.abort(new InterruptedError());
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
