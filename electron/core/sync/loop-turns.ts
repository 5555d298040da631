// One page's synchronous work per turn of the event loop. Pages that arrive together would
// otherwise start their writes back to back (each builds its statement and hands the driver a
// page of about 1 MB), holding the loop while the app's calls and the polls wait. Each turn starts on its own
// setImmediate, so timers and I/O run between two pages.
export type LoopTurns = <T>(work: () => Promise<T>) => Promise<T>;

export function loopTurns(): LoopTurns {
  let previous: Promise<void> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const started = previous.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    // The next turn may begin once this one has started (its synchronous part then runs first).
    previous = started;
    return started.then(work);
  };
}
