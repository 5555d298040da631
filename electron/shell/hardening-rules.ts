// Which URLs may leave the app for the user's browser: http(s) only, never file:, smb:,
// javascript: or custom schemes. Kept free of Electron so it can be tested anywhere.
export function isExternalHttpLink(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
