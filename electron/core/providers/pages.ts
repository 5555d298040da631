// Reading a walk page by page, one page read ahead.
import type { WalkPage } from './provider.js';

export type PageSource = (cursor: string | null, signal?: AbortSignal) => Promise<WalkPage>;

/**
 * Pages from `cursor` until the source says the walk is complete (`next` null). The next page
 * is requested as soon as this one arrives, so fetching overlaps the caller's write; only one
 * page is held ahead. Each yielded page carries the cursor that resumes after it.
 */
export async function* readAhead(source: PageSource, cursor: string | null, signal?: AbortSignal): AsyncGenerator<WalkPage> {
  let request = source(cursor, signal);
  for (;;) {
    signal?.throwIfAborted();
    const page = await request;
    if (page.next !== null) {
      request = source(page.next, signal);
      // If the caller stops before awaiting it, its failure must not surface as unhandled.
      request.catch(() => {});
    }
    yield page;
    if (page.next === null) return;
  }
}
