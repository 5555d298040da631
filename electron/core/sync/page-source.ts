// Which page body a mapped user came from. A provider that keeps its response body (WalkPage.body)
// lets a page be written from those bytes: the database parses the users exactly as the provider
// sent them, and the engine does not serialise every user again (a fifth of its CPU on a large
// backfill). The link is a side table, so MappedUser keeps its shape wherever it is compared.
// Such a user's `raw` becomes a getter that reads it back from the bytes (rarely asked for: a
// user isolated for quarantine): a page waiting for its write then holds its bytes and columns,
// not a parsed object per user; those are garbage as soon as the page is mapped instead of
// surviving into V8's old generation (README, Speed).
import type { MappedUser, WalkPage } from '../providers/provider.js';

interface PageSource {
  body: Uint8Array;
  /** The user's element in the body's array. */
  index: number;
}

const sources = new WeakMap<MappedUser, PageSource>();
/** Bodies parsed again because a user's `raw` was asked for: once per body. */
const reparsed = new WeakMap<Uint8Array, unknown[]>();
const utf8 = new TextDecoder();

function rawFromBody(this: MappedUser): unknown {
  const { body, index } = sources.get(this)!;
  let users = reparsed.get(body);
  if (!users) {
    users = JSON.parse(utf8.decode(body)) as unknown[];
    reparsed.set(body, users);
  }
  return users[index];
}

/** Maps a page's users, remembering for each its element of the page's body (when there is one). */
export function mapWalkPage(page: WalkPage, mapUser: (raw: unknown) => MappedUser): MappedUser[] {
  const users = page.users.map((raw) => mapUser(raw));
  const { body } = page;
  if (body !== undefined) {
    users.forEach((user, index) => {
      sources.set(user, { body, index });
      Object.defineProperty(user, 'raw', { get: rawFromBody, enumerable: true, configurable: true });
    });
  }
  return users;
}

/** The one body every user came from, with each user's element; null when they did not all come from one. */
export function sharedPageBody(users: MappedUser[]): { body: Uint8Array; indexes: number[] } | null {
  const first = users.length > 0 ? sources.get(users[0]) : undefined;
  if (!first) return null;
  const indexes: number[] = [];
  for (const user of users) {
    const source = sources.get(user);
    if (source?.body !== first.body) return null;
    indexes.push(source.index);
  }
  return { body: first.body, indexes };
}
