// Which page text a mapped user came from. A provider that keeps its response body (WalkPage.text)
// lets a page be written from that text: the database parses the users exactly as the provider
// sent them, and the engine does not serialise every user again (a fifth of its CPU on a large
// backfill). The link is a side table, so MappedUser stays a plain value wherever it is compared.
import type { MappedUser, WalkPage } from '../providers/provider.js';

interface PageSource {
  text: string;
  /** The user's element in the text's array. */
  index: number;
}

const sources = new WeakMap<MappedUser, PageSource>();

/** Maps a page's users, remembering for each its element of the page's text (when there is one). */
export function mapWalkPage(page: WalkPage, mapUser: (raw: unknown) => MappedUser): MappedUser[] {
  const users = page.users.map((raw) => mapUser(raw));
  const { text } = page;
  if (text !== undefined) users.forEach((user, index) => sources.set(user, { text, index }));
  return users;
}

/** The one text every user came from, with each user's element; null when they did not all come from one. */
export function sharedPageText(users: MappedUser[]): { text: string; indexes: number[] } | null {
  const first = users.length > 0 ? sources.get(users[0]) : undefined;
  if (!first) return null;
  const indexes: number[] = [];
  for (const user of users) {
    const source = sources.get(user);
    if (source?.text !== first.text) return null;
    indexes.push(source.index);
  }
  return { text: first.text, indexes };
}
