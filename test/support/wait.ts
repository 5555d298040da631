// Waiting for something a test can observe: polls `check` until it returns a truthy value (which
// it resolves with), or fails naming `what` after the deadline. Never a blind sleep.
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  deadlineMs = 15_000,
): Promise<Exclude<T, false | null | undefined | 0 | ''>> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, false | null | undefined | 0 | ''>;
    if (Date.now() > end) throw new Error(`Timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
