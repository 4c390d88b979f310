import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, session } from 'electron';
import { fileHandlers } from './files';
import { registerIpcHandlers } from './ipc';
import { menuHistory } from './menu';
import {
  desktopProjects,
  installMenu,
  keyStore,
  loadWindowState,
  rememberWindowState,
  settingsHandlers,
  utilityEngine,
} from './shell';
import { denyPermissionRequests, guardWebContents, installContentSecurityPolicy } from './security';
import { rendererEntryUrl, windowOptions } from './window-options';
import { projectArgument } from './projects';

// Built layout: out/main/index.js, out/preload/index.cjs, out/renderer/index.html; resources/ sits beside out/.
const preloadPath = join(import.meta.dirname, '../preload/index.cjs');
const indexHtmlPath = join(import.meta.dirname, '../renderer/index.html');
const iconPath = join(import.meta.dirname, '../../resources/icon.png');
const engineEntry = join(import.meta.dirname, 'engine.js');

const entryUrl = rendererEntryUrl({
  isPackaged: app.isPackaged,
  devServerUrl: process.env.ELECTRON_RENDERER_URL,
  indexHtmlPath,
});

export function createMainWindow(): BrowserWindow {
  // Windows and macOS take the icon from the packaged app; Linux needs it on the window.
  const saved = loadWindowState();
  const window = new BrowserWindow({
    ...windowOptions(preloadPath, process.platform === 'linux' ? iconPath : undefined),
    ...(saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : {}),
  });
  if (saved?.maximized) window.maximize();
  rememberWindowState(window);
  window.once('ready-to-show', () => window.show());
  const loaded = entryUrl.startsWith('file:') ? window.loadFile(indexHtmlPath) : window.loadURL(entryUrl);
  loaded.catch((error: unknown) => console.error('could not load the app page:', error));
  return window;
}

// Every renderer is sandboxed, whatever options a window is created with.
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows();
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  // Guards go on every web contents as it is created, before it can load anything.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, entryUrl));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(() => {
      installContentSecurityPolicy(session.defaultSession, entryUrl);
      denyPermissionRequests(session.defaultSession);
      const keys = keyStore();
      const projects = desktopProjects(utilityEngine(engineEntry, keys));
      const showHistory = installMenu(projects);
      registerIpcHandlers(
        ipcMain,
        entryUrl,
        () => projects,
        { ...settingsHandlers(keys, projects), ...fileHandlers() },
        (channel, value) => {
          const state = menuHistory(channel, value);
          if (state) showHistory(state);
        },
      );
      app.on('before-quit', () => void projects.close());
      createMainWindow();
      // `npm start` passes the project it built; it opens as if chosen on the Home screen.
      const named = projectArgument(process.argv);
      if (named)
        projects.open(named).catch((error: unknown) => console.error(`could not open ${named}:`, error));
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createMainWindow();
      });
    })
    .catch((error: unknown) => {
      console.error('Taxonomist failed to start:', error);
      app.exit(1);
    });
}
