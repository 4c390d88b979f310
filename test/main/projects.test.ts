import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../src/shared/contract';
import type { StartEngine } from '../../src/host/project-session';

// The parts of Electron the shell's project wiring touches; no Electron binary runs here.
const electron = vi.hoisted(() => {
  const sent: [string, unknown][] = [];
  const userData = { dir: '' };
  return {
    sent,
    userData,
    module: {
      app: { getPath: () => userData.dir, addRecentDocument: vi.fn() },
      BrowserWindow: {
        getAllWindows: () => [{ webContents: { send: (c: string, p: unknown) => sent.push([c, p]) } }],
      },
      dialog: {
        showOpenDialog: vi.fn(),
        showSaveDialog: vi.fn(),
        showErrorBox: vi.fn(),
      },
      Menu: { setApplicationMenu: vi.fn(), buildFromTemplate: vi.fn((t: unknown) => t) },
      safeStorage: { isEncryptionAvailable: () => false },
      utilityProcess: { fork: vi.fn() },
    },
  };
});
vi.mock('electron', () => electron.module);

const { nativeProjectPicker, projectArgument } = await import('../../src/main/projects');
const { desktopProjects, installMenu, utilityEngine } = await import('../../src/main/shell');
const { ProjectSession } = await import('../../src/host/project-session');
const { RecentProjects } = await import('../../src/host/projects');
const { AppError } = await import('../../src/shared/errors');

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-desktop-projects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Engines that open what they are told, fail on paths containing "broken", and report `jobs`. */
function fakeEngines(jobs: { kind: string; status: string }[] = []) {
  const opened: string[] = [];
  const closed: string[] = [];
  const startEngine: StartEngine = async ({ projectPath }) => {
    opened.push(projectPath);
    if (projectPath.includes('broken')) throw new AppError('NOT_A_PROJECT', 'not an SQLite database');
    return {
      async request(channel: string): Promise<Result<unknown>> {
        if (channel === 'jobs:list') return { ok: true, value: { jobs } };
        return { ok: true, value: null };
      },
      onEvent: () => () => {},
      async close() {
        closed.push(projectPath);
      },
    };
  };
  return { startEngine, opened, closed, jobs };
}

const dialogs = () => ({
  showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [join(dir, 'picked.taxonomist')] })),
  showSaveDialog: vi.fn(async () => ({ canceled: true })),
});

beforeEach(() => {
  electron.sent.length = 0;
  vi.clearAllMocks();
});

describe('the desktop project session', () => {
  it('answers the Home screen: create, open, recent, forget, with native pickers', async () => {
    const { startEngine, opened } = fakeEngines();
    const recent = new RecentProjects(join(dir, 'a', 'recent-projects.json'));
    const pickers = dialogs();
    const projects = new ProjectSession({ recent, startEngine, pick: nativeProjectPicker(pickers) });
    const changes: unknown[] = [];
    projects.subscribe((c) => changes.push(c));
    const call = (channel: string, input: unknown = {}) => projects.request(channel, input);

    expect(await call('projects:current')).toEqual({ ok: true, value: { path: null, nativePicker: true } });
    const created = join(dir, 'desk.taxonomist');
    expect(await call('projects:create', { path: join(dir, 'desk') })).toEqual({
      ok: true,
      value: { path: created, nativePicker: true },
    });
    writeFileSync(created, ''); // the fake engine writes nothing
    expect(await call('projects:create', { path: created })).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_EXISTS' },
    });
    expect(opened).toEqual([created]);
    expect(changes).toEqual([{ kind: 'opened', path: created }]);

    expect(await call('projects:pick', { purpose: 'open' })).toEqual({
      ok: true,
      value: { path: join(dir, 'picked.taxonomist') },
    });
    expect(pickers.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ properties: ['openFile'] }),
    );
    expect(await call('projects:pick', { purpose: 'create' })).toEqual({ ok: true, value: { path: null } });

    expect(await call('projects:open', { path: join(dir, 'nowhere.taxonomist') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const listed = (await call('projects:recent')) as {
      ok: true;
      value: { projects: { path: string; exists: boolean }[] };
    };
    expect(listed.value.projects).toEqual([expect.objectContaining({ path: created, exists: true })]);
    expect(await call('projects:forget', { path: created })).toEqual({ ok: true, value: { projects: [] } });
    expect(changes.at(-1)).toEqual({ kind: 'recent' });
  });

  it('refuses to switch while a job runs', async () => {
    const { startEngine, opened, jobs } = fakeEngines();
    const projects = new ProjectSession({
      recent: new RecentProjects(join(dir, 'b', 'r.json')),
      startEngine,
      pick: nativeProjectPicker(dialogs()),
    });
    const first = join(dir, 'first.taxonomist');
    const second = join(dir, 'second.taxonomist');
    writeFileSync(first, '');
    writeFileSync(second, '');
    await projects.open(first);
    jobs.push({ kind: 'build', status: 'running' });
    await expect(projects.open(second)).rejects.toMatchObject({ code: 'PROJECT_BUSY' });
    expect(opened).toEqual([first]);
    expect(projects.current().path).toBe(first);
    jobs[0]!.status = 'finished';
    await projects.open(second);
    expect(projects.current().path).toBe(second);
  });

  it('keeps the previous project open when the new file fails to open', async () => {
    const { startEngine, opened, closed } = fakeEngines();
    const projects = new ProjectSession({
      recent: new RecentProjects(join(dir, 'c', 'r.json')),
      startEngine,
      pick: nativeProjectPicker(dialogs()),
    });
    const good = join(dir, 'good.taxonomist');
    const broken = join(dir, 'broken.taxonomist');
    writeFileSync(good, '');
    writeFileSync(broken, '');
    await projects.open(good);
    await expect(projects.open(broken)).rejects.toMatchObject({
      code: 'NOT_A_PROJECT',
      message: expect.stringMatching(/not an SQLite database/),
    });
    // The new engine opens before the old one closes, so the good project never closed.
    expect(opened).toEqual([good, broken]);
    expect(closed).toEqual([]);
    expect(projects.current().path).toBe(good);
    expect(projects.recent.paths()).toEqual([good]);
  });
});

describe('the shell’s project wiring', () => {
  it('keeps the recent list in userData, tells the page and rebuilds the menu on open', async () => {
    electron.userData.dir = join(dir, 'user-data');
    const projects = desktopProjects(fakeEngines().startEngine);
    installMenu(projects);
    expect(electron.module.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);

    const path = join(dir, 'from-home');
    const current = await projects.request('projects:create', { path });
    expect(current).toEqual({ ok: true, value: { path: `${path}.taxonomist`, nativePicker: true } });
    expect(existsSync(join(dir, 'user-data', 'recent-projects.json'))).toBe(true);
    expect(electron.module.app.addRecentDocument).toHaveBeenCalledWith(`${path}.taxonomist`);
    expect(electron.sent).toContainEqual([
      'engine:event',
      { event: 'projects:changed', payload: { path: `${path}.taxonomist` } },
    ]);
    expect(electron.sent).toContainEqual([
      'engine:event',
      { event: 'menu:command', payload: { command: 'project-opened', path: `${path}.taxonomist` } },
    ]);
    // The menu is rebuilt with the new recent list.
    expect(electron.module.Menu.setApplicationMenu).toHaveBeenCalledTimes(2);
  });

  it('starts each engine in a utility process with the stored keys, naming --create for a new file', async () => {
    electron.module.utilityProcess.fork.mockImplementation(() => ({
      postMessage: vi.fn(),
      on: (event: string, listener: (m: unknown) => void) => {
        if (event === 'message') setTimeout(() => listener({ type: 'ready' }), 0);
      },
      kill: vi.fn(() => true),
    }));
    const keys = { engineEnv: () => ({ MISTRAL_API_KEY: 'k' }) };
    const start = utilityEngine('/app/out/main/engine.js', keys as never);
    await start({ projectPath: '/p/new.taxonomist', create: true, version: '0.1.0' });
    await start({ projectPath: '/p/old.taxonomist', create: false, version: '0.1.0' });
    expect(electron.module.utilityProcess.fork.mock.calls).toEqual([
      [
        '/app/out/main/engine.js',
        ['/p/new.taxonomist', '--create'],
        expect.objectContaining({ env: { MISTRAL_API_KEY: 'k' } }),
      ],
      [
        '/app/out/main/engine.js',
        ['/p/old.taxonomist'],
        expect.objectContaining({ env: { MISTRAL_API_KEY: 'k' } }),
      ],
    ]);
  });

  it('shows the native dialogs through Electron', async () => {
    electron.userData.dir = join(dir, 'user-data-2');
    electron.module.dialog.showSaveDialog.mockResolvedValue({
      canceled: false,
      filePath: '/x/new.taxonomist',
    });
    const projects = desktopProjects(fakeEngines().startEngine);
    expect(await projects.request('projects:pick', { purpose: 'create' })).toEqual({
      ok: true,
      value: { path: '/x/new.taxonomist' },
    });
    expect(electron.module.dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({ filters: [{ name: 'Taxonomist project', extensions: ['taxonomist'] }] }),
    );
  });
});

describe('a project named on the command line', () => {
  it('is the first argument after the app that names a project file', () => {
    expect(projectArgument(['/usr/bin/electron', '/repo', '/home/a/sample.taxonomist'])).toBe(
      '/home/a/sample.taxonomist',
    );
    expect(projectArgument(['/usr/bin/electron', '/repo', '--inspect', 'x.taxonomist'])).toBe('x.taxonomist');
    expect(projectArgument(['/usr/bin/electron', '/repo'])).toBeNull();
    expect(projectArgument(['x.taxonomist'])).toBeNull();
  });
});
