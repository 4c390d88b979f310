import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../src/shared/contract';

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

const { DesktopProjects, projectArgument } = await import('../../src/main/projects');
const { desktopProjects, installMenu } = await import('../../src/main/shell');
const { RecentProjects } = await import('../../src/host/projects');

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-desktop-projects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An engine host that opens what it is told, fails on paths containing "broken", and reports `jobs`. */
function fakeEngine(jobs: { kind: string; status: string }[] = []) {
  const opened: string[] = [];
  const engine = {
    projectPath: null as string | null,
    closed: 0,
    async open(path: string) {
      opened.push(path);
      if (path.includes('broken')) throw new Error('not an SQLite database');
      engine.projectPath = path;
    },
    async close() {
      engine.closed++;
      engine.projectPath = null;
    },
    async request(channel: string): Promise<Result<unknown>> {
      if (channel === 'jobs:list') return { ok: true, value: { jobs } };
      return { ok: true, value: null };
    },
  };
  return { engine, opened, jobs };
}

const dialogs = () => ({
  showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [join(dir, 'picked.taxonomist')] })),
  showSaveDialog: vi.fn(async () => ({ canceled: true })),
});

beforeEach(() => {
  electron.sent.length = 0;
  vi.clearAllMocks();
});

describe('DesktopProjects', () => {
  it('answers the Home screen: create, open, recent, forget, with native pickers', async () => {
    const { engine, opened } = fakeEngine();
    const recent = new RecentProjects(join(dir, 'a', 'recent-projects.json'));
    const pickers = dialogs();
    const projects = new DesktopProjects(engine, recent, pickers);
    const changes: unknown[] = [];
    projects.subscribe((c) => changes.push(c));
    const h = projects.handlers();

    expect(h['projects:current']!({})).toEqual({ path: null, nativePicker: true });
    const created = join(dir, 'desk.taxonomist');
    expect(await h['projects:create']!({ path: join(dir, 'desk') })).toEqual({
      path: created,
      nativePicker: true,
    });
    writeFileSync(created, ''); // the fake engine writes nothing
    await expect(h['projects:create']!({ path: created })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
    expect(opened).toEqual([created]);
    expect(changes).toEqual([{ kind: 'opened', path: created }]);

    expect(await h['projects:pick']!({ purpose: 'open' })).toEqual({ path: join(dir, 'picked.taxonomist') });
    expect(pickers.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ properties: ['openFile'] }),
    );
    expect(await h['projects:pick']!({ purpose: 'create' })).toEqual({ path: null });

    await expect(h['projects:open']!({ path: join(dir, 'nowhere.taxonomist') })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const listed = (await h['projects:recent']!({})) as { projects: { path: string; exists: boolean }[] };
    expect(listed.projects).toEqual([expect.objectContaining({ path: created, exists: true })]);
    expect(await h['projects:forget']!({ path: created })).toEqual({ projects: [] });
    expect(changes.at(-1)).toEqual({ kind: 'recent' });
  });

  it('refuses to switch while a job runs', async () => {
    const { engine, opened, jobs } = fakeEngine();
    const projects = new DesktopProjects(engine, new RecentProjects(join(dir, 'b', 'r.json')), dialogs());
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

  it('goes back to the previous project when the new file fails to open', async () => {
    const { engine, opened } = fakeEngine();
    const projects = new DesktopProjects(engine, new RecentProjects(join(dir, 'c', 'r.json')), dialogs());
    const good = join(dir, 'good.taxonomist');
    const broken = join(dir, 'broken.taxonomist');
    writeFileSync(good, '');
    writeFileSync(broken, '');
    await projects.open(good);
    await expect(projects.open(broken)).rejects.toMatchObject({
      code: 'NOT_A_PROJECT',
      message: expect.stringMatching(/not an SQLite database/),
    });
    expect(opened).toEqual([good, broken, good]);
    expect(projects.current().path).toBe(good);
    expect(projects.recent.paths()).toEqual([good]);
  });
});

describe('the shell’s project wiring', () => {
  it('keeps the recent list in userData, tells the page and rebuilds the menu on open', async () => {
    electron.userData.dir = join(dir, 'user-data');
    const { engine } = fakeEngine();
    const projects = desktopProjects(engine as never);
    installMenu(engine as never, projects);
    expect(electron.module.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);

    const path = join(dir, 'from-home');
    const current = await projects.handlers()['projects:create']!({ path });
    expect(current).toEqual({ path: `${path}.taxonomist`, nativePicker: true });
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

  it('shows the native dialogs through Electron', async () => {
    electron.userData.dir = join(dir, 'user-data-2');
    electron.module.dialog.showSaveDialog.mockResolvedValue({
      canceled: false,
      filePath: '/x/new.taxonomist',
    });
    const projects = desktopProjects(fakeEngine().engine as never);
    expect(await projects.handlers()['projects:pick']!({ purpose: 'create' })).toEqual({
      path: '/x/new.taxonomist',
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
