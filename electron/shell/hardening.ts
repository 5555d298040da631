// Electron's security checklist for every web contents: no navigation away from the app, no new
// windows (http(s) links open in the user's browser), no permissions but clipboard writes.
import { app, session, shell } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';
import { isExternalHttpLink } from './hardening-rules.js';


export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!url.startsWith(`${APP_ORIGIN}/`)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isExternalHttpLink(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'clipboard-sanitized-write');
  });
}
