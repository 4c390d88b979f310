import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assertNoRunningJob,
  configDir,
  describeProject,
  projectToCreate,
  projectToOpen,
  RecentProjects,
  withRecent,
} from '../../src/host/projects';
import { ProjectStore } from '../../src/engine/store';
import { importCorpus } from '../../src/engine/corpus';
import { stageContext } from '../../src/engine/context';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-projects-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the recent list', () => {
  it('puts the newest first, once, and keeps at most ten', () => {
    expect(withRecent(['/a', '/b', '/c'], '/b')).toEqual(['/b', '/a', '/c']);
    const many = Array.from({ length: 10 }, (_, i) => `/p${i}`);
    expect(withRecent(many, '/new')).toHaveLength(10);
    expect(withRecent(many, '/new')[0]).toBe('/new');
    expect(withRecent(many, '/new')).not.toContain('/p9');
  });

  it('persists pushes and removals, keeping files that have gone missing', () => {
    const recent = new RecentProjects(join(dir, 'config', 'recent.json'));
    expect(recent.paths()).toEqual([]);
    recent.push('/x/one.taxonomist');
    recent.push('/x/two.taxonomist');
    recent.push('/x/one.taxonomist');
    expect(recent.paths()).toEqual(['/x/one.taxonomist', '/x/two.taxonomist']);
    expect(JSON.parse(readFileSync(recent.file, 'utf8'))).toEqual(recent.paths());
    const described = recent.describe();
    expect(described[0]).toEqual({
      path: '/x/one.taxonomist',
      name: 'one',
      exists: false,
      bytes: null,
      modifiedAt: null,
      documents: null,
    });
    expect(recent.forget('/x/one.taxonomist')).toEqual(['/x/two.taxonomist']);
    expect(new RecentProjects(recent.file).paths()).toEqual(['/x/two.taxonomist']);
  });

  it('reads a damaged or foreign file as an empty list, and drops relative or repeated entries', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{not json');
    expect(new RecentProjects(file).paths()).toEqual([]);
    writeFileSync(file, JSON.stringify({ paths: ['/a'] }));
    expect(new RecentProjects(file).paths()).toEqual([]);
    writeFileSync(file, JSON.stringify(['/a', 'relative.taxonomist', 7, '/a', '/b']));
    expect(new RecentProjects(file).paths()).toEqual(['/a', '/b']);
  });

  it('describes a real project with its size, date and document count', async () => {
    const path = join(dir, 'real.taxonomist');
    const store = ProjectStore.open(path, { create: true });
    const corpus = join(dir, 'c.jsonl');
    writeFileSync(
      corpus,
      Array.from({ length: 7 }, (_, i) =>
        JSON.stringify({ id: `d${i}`, title: `T${i}`, abstract: `A${i}` }),
      ).join('\n'),
    );
    await importCorpus(store, { path: corpus }, stageContext());
    const d = describeProject(path);
    store.close();
    expect(d).toMatchObject({ path, name: 'real', exists: true, documents: 7 });
    expect(d.bytes).toBeGreaterThan(0);
    expect(Date.parse(d.modifiedAt!)).toBeGreaterThan(Date.now() - 60_000);
    // A file that is not a project: there, but nothing to count.
    const other = join(dir, 'notes.taxonomist');
    writeFileSync(other, 'hello');
    expect(describeProject(other)).toMatchObject({ exists: true, bytes: 5, documents: null });
  });
});

describe('paths typed on the Home screen', () => {
  it('creates beside existing files only, adding the extension when missing', () => {
    expect(projectToCreate('fresh', dir)).toBe(join(dir, 'fresh.taxonomist'));
    expect(projectToCreate(join(dir, 'Fresh.TAXONOMIST'))).toBe(join(dir, 'Fresh.TAXONOMIST'));
    expect(projectToCreate('papers.csv', dir)).toBe(join(dir, 'papers.csv.taxonomist'));
    writeFileSync(join(dir, 'taken.taxonomist'), '');
    expect(() => projectToCreate(join(dir, 'taken'))).toThrow(
      expect.objectContaining({ code: 'ALREADY_EXISTS' }),
    );
    expect(() => projectToCreate(join(dir, 'no-such-folder', 'p'))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/folder/) }),
    );
    expect(projectToCreate('~/x-home-test')).toBe(join(homedir(), 'x-home-test.taxonomist'));
  });

  it('opens only a file that is there', () => {
    writeFileSync(join(dir, 'there.taxonomist'), '');
    expect(projectToOpen('there.taxonomist', dir)).toBe(join(dir, 'there.taxonomist'));
    expect(() => projectToOpen(join(dir, 'gone.taxonomist'))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    mkdirSync(join(dir, 'folder.taxonomist'));
    expect(() => projectToOpen(join(dir, 'folder.taxonomist'))).toThrow(
      expect.objectContaining({ code: 'NOT_A_PROJECT' }),
    );
  });

  it('keeps its settings in TAXONOMIST_CONFIG_DIR, else the XDG config folder', () => {
    expect(configDir({ TAXONOMIST_CONFIG_DIR: '/tmp/cfg' })).toBe('/tmp/cfg');
    expect(configDir({ XDG_CONFIG_HOME: '/xdg' })).toBe('/xdg/taxonomist');
    expect(configDir({ XDG_CONFIG_HOME: 'relative' })).toBe(join(homedir(), '.config', 'taxonomist'));
    expect(configDir({})).toBe(join(homedir(), '.config', 'taxonomist'));
  });
});

describe('switching while a job runs', () => {
  const answering = (jobs: { kind: string; status: string }[]) => async () => ({
    ok: true as const,
    value: { jobs },
  });
  it('is refused with PROJECT_BUSY naming the job', async () => {
    await expect(
      assertNoRunningJob(answering([{ kind: 'build', status: 'running' }]), '/p/cscl.taxonomist'),
    ).rejects.toMatchObject({
      code: 'PROJECT_BUSY',
      message: expect.stringMatching(/build job is running in cscl/),
    });
    await expect(
      assertNoRunningJob(answering([{ kind: 'import', status: 'queued' }]), '/p/a.taxonomist'),
    ).rejects.toMatchObject({ code: 'PROJECT_BUSY' });
  });

  it('is allowed once every job has ended', async () => {
    await expect(
      assertNoRunningJob(
        answering([
          { kind: 'build', status: 'finished' },
          { kind: 'import', status: 'cancelled' },
          { kind: 'import', status: 'failed' },
        ]),
        '/p/a.taxonomist',
      ),
    ).resolves.toBeUndefined();
  });
});
