import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, safeStorage, utilityProcess } from 'electron';
import type { EventName } from '../shared/contract';
import { EngineHost } from './engine-host';
import { pickCorpus } from './files';
import type { EngineChild } from './engine-host';
import { menuTemplate, pushRecent } from './menu';
import type { MenuHistory } from './menu';
import { DesktopProjects } from './projects';
import { RecentProjects } from '../engine/service/projects';
import { KeyStore } from './secrets';
import type { Provider } from './secrets';

/** Engine events and menu commands reach the page on this channel as `{ event, payload }` (the preload listens). */
export const EVENT_CHANNEL = 'engine:event';

const recentFile = () => join(app.getPath('userData'), 'recent-projects.json');

export function loadRecent(): string[] {
  try {
    const list = JSON.parse(readFileSync(recentFile(), 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((p): p is string => typeof p === 'string' && existsSync(p)) : [];
  } catch {
    return [];
  }
}

function saveRecent(list: string[]): void {
  mkdirSync(dirname(recentFile()), { recursive: true });
  writeFileSync(recentFile(), JSON.stringify(list, null, 2));
}

const broadcast = (channel: string, payload: unknown) => {
  for (const w of BrowserWindow.getAllWindows()) w.webContents.send(channel, payload);
};

export const keyStore = (): KeyStore =>
  new KeyStore(join(app.getPath('userData'), 'api-keys.json'), safeStorage);

/**
 * The engine of the open project runs in a utility process (out/main/engine.js), with the stored
 * API keys in its environment.
 */
export function createEngineHost(engineEntry: string, keys: KeyStore): EngineHost {
  const fork = (projectPath: string): EngineChild =>
    utilityProcess.fork(engineEntry, [projectPath], {
      serviceName: 'Taxonomist engine',
      env: keys.engineEnv(),
    }) as unknown as EngineChild;
  return new EngineHost(fork, (event: EventName, payload: unknown) =>
    broadcast(EVENT_CHANNEL, { event, payload }),
  );
}

/**
 * The Home screen's project channels and the File menu's project commands, over one recent list
 * (userData/recent-projects.json). The page hears of every opened project.
 */
export function desktopProjects(host: EngineHost): DesktopProjects {
  const projects = new DesktopProjects(host, new RecentProjects(recentFile()), {
    showOpenDialog: (options) => dialog.showOpenDialog(options),
    showSaveDialog: (options) => dialog.showSaveDialog(options),
  });
  projects.subscribe((change) => {
    if (change.kind !== 'opened') return;
    app.addRecentDocument(change.path);
    broadcast(EVENT_CHANNEL, { event: 'projects:changed', payload: { path: change.path } });
    broadcast(EVENT_CHANNEL, {
      event: 'menu:command',
      payload: { command: 'project-opened', path: change.path },
    });
  });
  return projects;
}

/**
 * Installs the native menu; rebuilt whenever the recent list changes. Returns what rebuilds it when
 * the project's history changes, so Edit > Undo names the edit it would take.
 */
export function installMenu(host: EngineHost, projects?: DesktopProjects): (history: MenuHistory) => void {
  let recent = loadRecent();
  let history: MenuHistory = { undo: null, redo: null };
  projects?.subscribe(() => {
    recent = loadRecent();
    build();
  });
  const create = (path: string) => (projects ? projects.create(path).then(() => {}) : open(path));
  const open = async (path: string) => {
    if (projects) {
      await projects.open(path);
      return;
    }
    await host.open(path);
    recent = pushRecent(recent, path);
    saveRecent(recent);
    app.addRecentDocument(path);
    build();
    broadcast(EVENT_CHANNEL, { event: 'menu:command', payload: { command: 'project-opened', path } });
  };
  const report = (e: unknown) =>
    dialog.showErrorBox('Taxonomist', e instanceof Error ? e.message : String(e));
  const build = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            newProject: () =>
              void dialog
                .showSaveDialog({
                  title: 'New project',
                  defaultPath: 'papers.taxonomist',
                  filters: [{ name: 'Taxonomist project', extensions: ['taxonomist'] }],
                })
                .then((r) => (r.canceled || !r.filePath ? undefined : create(r.filePath)))
                .catch(report),
            openProject: () =>
              void dialog
                .showOpenDialog({
                  title: 'Open project',
                  properties: ['openFile'],
                  filters: [{ name: 'Taxonomist project', extensions: ['taxonomist'] }],
                })
                .then((r) => (r.canceled || !r.filePaths[0] ? undefined : open(r.filePaths[0])))
                .catch(report),
            openRecent: (path) => void open(path).catch(report),
            importCorpus: () =>
              void pickCorpus()
                .then((path) => {
                  if (!path) return;
                  // The page's import wizard takes it from here: preview, mapping, check, then the job.
                  broadcast(EVENT_CHANNEL, {
                    event: 'menu:command',
                    payload: { command: 'import-corpus', path },
                  });
                })
                .catch(report),
            exportTaxonomy: () =>
              broadcast(EVENT_CHANNEL, { event: 'menu:command', payload: { command: 'export' } }),
            undo: () => broadcast(EVENT_CHANNEL, { event: 'menu:command', payload: { command: 'undo' } }),
            redo: () => broadcast(EVENT_CHANNEL, { event: 'menu:command', payload: { command: 'redo' } }),
          },
          recent,
          process.platform,
          history,
        ),
      ),
    );
  build();
  return (next) => {
    if (next.undo === history.undo && next.redo === history.redo) return;
    history = next;
    build();
  };
}

/** The shell's own answers to the settings channels: keys are kept encrypted, then passed to the running engine. */
export function settingsHandlers(keys: KeyStore, host: EngineHost) {
  return {
    'settings:api-keys': () => keys.status(),
    'settings:set-api-key': async (input: unknown) => {
      const { provider, key } = input as { provider: Provider; key: string | null };
      const result = keys.set(provider, key);
      await host.request('settings:set-api-key', { provider, key });
      return result;
    },
  };
}

type WindowState = { x?: number; y?: number; width: number; height: number; maximized?: boolean };
const stateFile = () => join(app.getPath('userData'), 'window-state.json');

/** The size and place the window had when last closed (nothing on first start or a bad file). */
export function loadWindowState(): WindowState | null {
  try {
    const s = JSON.parse(readFileSync(stateFile(), 'utf8')) as WindowState;
    return Number.isFinite(s.width) && Number.isFinite(s.height) && s.width >= 400 && s.height >= 300
      ? s
      : null;
  } catch {
    return null;
  }
}

/** Saves the window's bounds when it closes, so the next start reopens it the same. */
export function rememberWindowState(window: BrowserWindow): void {
  window.on('close', () => {
    try {
      const state: WindowState = { ...window.getNormalBounds(), maximized: window.isMaximized() };
      mkdirSync(dirname(stateFile()), { recursive: true });
      writeFileSync(stateFile(), JSON.stringify(state));
    } catch {
      // Losing the window's position is not worth an error dialog.
    }
  });
}
