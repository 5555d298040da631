// Walking a provider's users page by page, one page read ahead.
import type { UserProvider } from './provider.js';

/**
 * Pages of users in creation order after `afterId`, ending with the first short page. The next
 * page is requested as soon as this one arrives, so fetching overlaps the caller's write; only
 * one page is held ahead.
 */
export async function* pagesByCreation(
  provider: UserProvider,
  afterId: string | null,
  pageSize: number,
  signal?: AbortSignal,
): AsyncGenerator<unknown[]> {
  let request = provider.listByCreation(afterId, pageSize, signal);
  for (;;) {
    signal?.throwIfAborted();
    const page = await request;
    const full = page.length >= pageSize;
    if (full) {
      request = provider.listByCreation(provider.mapUser(page[page.length - 1]).id, pageSize, signal);
      // If the caller stops before awaiting it, its failure must not surface as unhandled.
      request.catch(() => {});
    }
    yield page;
    if (!full) return;
  }
}
