import { shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { withContentSecurityPolicy } from './content-security-policy';
import { isAllowedNavigation, isAppUrl, isExternalHttpUrl } from './window-options';

/**
 * Sends the app's Content-Security-Policy with every response from the app's own origin (in practice the
 * dev server; file:// pages carry the same policy in a <meta>). Other responses pass untouched.
 */
export function installContentSecurityPolicy(ses: Session, entryUrl: string): void {
  ses.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, entryUrl)) {
      callback({});
      return;
    }
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

/** The app asks for no browser permissions (camera, notifications, ...), so every request is refused. */
export function denyPermissionRequests(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

/**
 * Keeps `contents` on the app's own page: navigations and redirects elsewhere are cancelled, <webview>
 * is refused, and new windows are denied; http(s) links meant for a new window open in the system browser.
 */
export function guardWebContents(contents: WebContents, entryUrl: string): void {
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, entryUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, entryUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalHttpUrl(url)) {
      shell.openExternal(url).catch((error: unknown) => console.warn(`could not open ${url}:`, error));
    }
    return { action: 'deny' };
  });
}
