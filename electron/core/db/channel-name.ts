// LISTEN channel names follow identifier rules: unquoted names fold to lower case, a "Quoted"
// name keeps its case. Both backends LISTEN on the quoted folded name, so any text is safe.

/** The channel name as the server reports it in notifications. */
export function channelName(channel: string): string {
  const quoted = /^"(.*)"$/s.exec(channel);
  return quoted ? quoted[1].replace(/""/g, '"') : channel.toLowerCase();
}

/** A name as a quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The channel as written by a caller, as a quoted identifier for LISTEN / UNLISTEN. */
export function quotedChannel(channel: string): string {
  return quoteIdent(channelName(channel));
}
