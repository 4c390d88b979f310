import { sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// A stand-in for the parts of Electron that src/main/index.ts touches; no Electron binary runs here.
const electron = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => void;
  const state = {
    appListeners: new Map<string, Listener[]>(),
    windows: [] as FakeWindow[],
    gotLock: true,
  };
  class FakeWindow {
    static getAllWindows = () => state.windows;
    readonly loadFile = vi.fn(() => Promise.resolve());
    readonly loadURL = vi.fn(() => Promise.resolve());
    readonly once = vi.fn();
    readonly show = vi.fn();
    readonly on = vi.fn();
    readonly maximize = vi.fn();
    constructor(readonly options: { webPreferences?: Record<string, unknown>; icon?: string }) {
      state.windows.push(this);
    }
  }
  const app = {
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => state.gotLock),
    quit: vi.fn(),
    exit: vi.fn(),
    whenReady: vi.fn(() => Promise.resolve()),
    getName: () => 'taxonomist',
    getPath: () => '/nonexistent/taxonomist-test-user-data',
    addRecentDocument: vi.fn(),
    getVersion: () => '0.1.0',
    on: vi.fn((name: string, listener: Listener) => {
      state.appListeners.set(name, [...(state.appListeners.get(name) ?? []), listener]);
      return app;
    }),
  };
  const defaultSession = {
    webRequest: { onHeadersReceived: vi.fn() },
    setPermissionRequestHandler: vi.fn(),
  };
  return {
    state,
    module: {
      app,
      BrowserWindow: FakeWindow,
      ipcMain: { handle: vi.fn() },
      session: { defaultSession },
      shell: { openExternal: vi.fn() },
      Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => t) },
      dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn() },
      utilityProcess: { fork: vi.fn() },
      safeStorage: { isEncryptionAvailable: () => false, encryptString: vi.fn(), decryptString: vi.fn() },
    },
  };
});

vi.mock('electron', () => electron.module);

const { app, ipcMain, session } = electron.module;

async function start() {
  vi.resetModules();
  await import('../../src/main/index');
  // Let app.whenReady().then(...) run.
  await new Promise((resolve) => setTimeout(resolve, 0));
  return electron.state.windows;
}

beforeEach(() => {
  vi.clearAllMocks();
  electron.state.appListeners.clear();
  electron.state.windows.length = 0;
  electron.state.gotLock = true;
  app.isPackaged = false;
  vi.stubEnv('ELECTRON_RENDERER_URL', '');
});

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('main process start-up', () => {
  it('sandboxes every renderer before the app is ready', async () => {
    await start();
    expect(app.enableSandbox).toHaveBeenCalledOnce();
  });

  it('opens one hardened window with the CommonJS preload and the built page', async () => {
    const windows = await start();
    expect(windows).toHaveLength(1);
    const [window] = windows;
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(window?.options.webPreferences?.preload)).toMatch(
      new RegExp(`preload\\${sep}index\\.cjs$`),
    );
    expect(window?.loadFile).toHaveBeenCalledWith(
      expect.stringMatching(new RegExp(`renderer\\${sep}index\\.html$`)),
    );
    expect(window?.loadURL).not.toHaveBeenCalled();
    expect(window?.once).toHaveBeenCalledWith('ready-to-show', expect.any(Function));
  });

  it('loads the dev server when electron-vite provides one', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://localhost:5173');
    const [window] = await start();
    expect(window?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
    expect(window?.loadFile).not.toHaveBeenCalled();
  });

  it('never takes its page from the environment once packaged', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://evil.test/');
    app.isPackaged = true;
    const [window] = await start();
    expect(window?.loadURL).not.toHaveBeenCalled();
    expect(window?.loadFile).toHaveBeenCalledOnce();
  });

  it('installs the CSP, permission denial, navigation guards and the app:info handler', async () => {
    await start();
    expect(session.defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce();
    expect(session.defaultSession.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(electron.state.appListeners.get('web-contents-created')).toHaveLength(1);
    expect(ipcMain.handle).toHaveBeenCalledWith('app:info', expect.any(Function));
    expect(ipcMain.handle).toHaveBeenCalledWith('jobs:start', expect.any(Function));
    expect(electron.module.Menu.setApplicationMenu).toHaveBeenCalledOnce();
  });

  it('quits when another instance already runs', async () => {
    electron.state.gotLock = false;
    const windows = await start();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(windows).toHaveLength(0);
  });
});
