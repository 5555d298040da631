// LISTEN channel names follow identifier rules: unquoted names fold to lower case, a "Quoted"
// name keeps its case. Both backends quote the folded name so any text is safe in LISTEN.

/** The channel name as the server reports it in notifications. */
export function channelName(channel: string): string {
  const quoted = /^"(.*)"$/s.exec(channel);
  return quoted ? quoted[1].replace(/""/g, '"') : channel.toLowerCase();
}

/** The channel as a quoted SQL identifier for LISTEN / UNLISTEN. */
export function quotedChannel(channel: string): string {
  return `"${channelName(channel).replace(/"/g, '""')}"`;
}
