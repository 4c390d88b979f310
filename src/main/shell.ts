import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, safeStorage, utilityProcess } from 'electron';
import { EVENT_CHANNEL } from '../shared/contract';
import type { EventMessage } from '../shared/contract';
import type { EngineClient } from '../host/engine-client';
import { childTransport, superviseEngine } from '../host/engine-host';
import type { EngineChild } from '../host/engine-host';
import { ProjectSession } from '../host/project-session';
import type { StartEngine } from '../host/project-session';
import { RecentProjects } from '../host/projects';
import { pickCorpus } from './files';
import { menuTemplate } from './menu';
import type { MenuHistory } from './menu';
import { nativeProjectPicker } from './projects';
import { KeyStore } from './secrets';
import type { Provider } from './secrets';

const recentFile = () => join(app.getPath('userData'), 'recent-projects.json');

/** Tells every window of an event (the preload hands it to the page). */
const broadcast = (message: EventMessage) => {
  for (const w of BrowserWindow.getAllWindows()) w.webContents.send(EVENT_CHANNEL, message);
};

export const keyStore = (): KeyStore =>
  new KeyStore(join(app.getPath('userData'), 'api-keys.json'), safeStorage);

/**
 * Starts the engine of a project in a utility process (out/main/engine.js), with the stored API
 * keys in its environment, and restarts it should it crash.
 */
export function utilityEngine(engineEntry: string, keys: KeyStore): StartEngine {
  return ({ projectPath, create }) =>
    superviseEngine(() =>
      childTransport(
        utilityProcess.fork(engineEntry, create ? [projectPath, '--create'] : [projectPath], {
          serviceName: 'Taxonomist engine',
          env: keys.engineEnv(),
        }) as unknown as EngineChild,
      ),
    );
}

/**
 * The desktop app's project session: the Home screen's channels and the File menu share one recent
 * list (userData/recent-projects.json) and the rules of the web host. The page hears every engine
 * event, and of every opened project.
 */
export function desktopProjects(startEngine: StartEngine): ProjectSession {
  const projects = new ProjectSession({
    recent: new RecentProjects(recentFile()),
    startEngine,
    pick: nativeProjectPicker({
      showOpenDialog: (options) => dialog.showOpenDialog(options),
      showSaveDialog: (options) => dialog.showSaveDialog(options),
    }),
    keysInEnvironment: false,
  });
  projects.onEvent((event, payload) => broadcast({ event, payload }));
  projects.subscribe((change) => {
    if (change.kind !== 'opened') return;
    app.addRecentDocument(change.path);
    broadcast({ event: 'menu:command', payload: { command: 'project-opened', path: change.path } });
  });
  return projects;
}

/**
 * Installs the native menu; rebuilt whenever the recent list changes. Returns what rebuilds it when
 * the project's history changes, so Edit > Undo names the edit it would take.
 */
export function installMenu(projects: ProjectSession): (history: MenuHistory) => void {
  // Files gone since stay on the Home screen's list (greyed) but not in the menu.
  const menuRecent = () => projects.recent.paths().filter((p) => existsSync(p));
  let recent = menuRecent();
  let history: MenuHistory = { undo: null, redo: null };
  projects.subscribe(() => {
    recent = menuRecent();
    build();
  });
  const report = (e: unknown) =>
    dialog.showErrorBox('Taxonomist', e instanceof Error ? e.message : String(e));
  const open = (path: string | null) => (path ? projects.open(path).then(() => {}) : undefined);
  const build = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            newProject: () =>
              void projects
                .pick('create')
                .then((path) => (path ? projects.create(path) : undefined))
                .catch(report),
            openProject: () => void projects.pick('open').then(open).catch(report),
            openRecent: (path) => void open(path)?.catch(report),
            importCorpus: () =>
              void pickCorpus()
                .then((path) => {
                  if (!path) return;
                  // The page's import wizard takes it from here: preview, mapping, check, then the job.
                  broadcast({ event: 'menu:command', payload: { command: 'import-corpus', path } });
                })
                .catch(report),
            exportTaxonomy: () => broadcast({ event: 'menu:command', payload: { command: 'export' } }),
            undo: () => broadcast({ event: 'menu:command', payload: { command: 'undo' } }),
            redo: () => broadcast({ event: 'menu:command', payload: { command: 'redo' } }),
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
export function settingsHandlers(keys: KeyStore, engine: EngineClient) {
  return {
    'settings:api-keys': () => keys.status(),
    'settings:set-api-key': async (input: unknown) => {
      const { provider, key } = input as { provider: Provider; key: string | null };
      const result = keys.set(provider, key);
      await engine.request('settings:set-api-key', { provider, key });
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
