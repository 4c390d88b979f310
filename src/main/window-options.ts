import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Options for the app's one window. The renderer gets no Node: it is sandboxed, isolated from the
 * preload's world, and reaches the app only through the API the preload exposes.
 * (Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security)
 */
export function windowOptions(preloadPath: string, iconPath?: string): BrowserWindowConstructorOptions {
  return {
    title: 'Taxonomist',
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 560,
    // Shown on 'ready-to-show', so the window never flashes an empty frame.
    show: false,
    backgroundColor: '#f7f7f5',
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

/**
 * The URL of the app's entry page: the dev server's in development, the built index.html otherwise.
 * A packaged app never takes its page from the environment.
 */
export function rendererEntryUrl(opts: {
  isPackaged: boolean;
  devServerUrl?: string;
  indexHtmlPath: string;
}): string {
  if (!opts.isPackaged && opts.devServerUrl) return new URL(opts.devServerUrl).href;
  return pathToFileURL(opts.indexHtmlPath).href;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Whether `url` is one of the app's own pages. Served over http(s) (the dev server) that means the same
 * origin; loaded from disk, file URLs all share the opaque origin "null", so it must be the entry file
 * itself (any query or hash).
 */
export function isAppUrl(url: string, entryUrl: string): boolean {
  const target = parse(url);
  const entry = parse(entryUrl);
  if (!target || !entry) return false;
  if (entry.protocol === 'file:') {
    return target.protocol === 'file:' && target.host === entry.host && target.pathname === entry.pathname;
  }
  if (entry.protocol !== 'http:' && entry.protocol !== 'https:') return false;
  return target.origin === entry.origin;
}

/** The window may only navigate within the app; everything else is refused (and maybe opened outside). */
export function isAllowedNavigation(url: string, entryUrl: string): boolean {
  return isAppUrl(url, entryUrl);
}

/** Links that may be handed to the system browser: plain http(s) with no credentials in them. */
export function isExternalHttpUrl(url: string): boolean {
  const target = parse(url);
  if (!target) return false;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
  return target.username === '' && target.password === '';
}
