import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../src/shared/contract';
import { ProjectSession, RecentProjects, startEngineWorker } from '../../src/host';
import type { EngineClient } from '../../src/host';

// The web host's engine with real engine workers: one per open project, replaced on a switch.
const dir = mkdtempSync(join(tmpdir(), 'taxonomist-switch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Answers are checked field by field below; a loose type keeps that readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

let session: ProjectSession | null = null;
afterEach(async () => {
  await session?.close();
  session = null;
});

function setUp(name: string) {
  const recent = new RecentProjects(join(dir, name, 'config', 'recent-projects.json'));
  const engines: EngineClient[] = [];
  const events: [EventName, Loose][] = [];
  session = new ProjectSession({
    recent,
    cwd: dir,
    startEngine: async (options) => {
      const engine = await startEngineWorker(options);
      engines.push(engine);
      return engine;
    },
  });
  session.onEvent((name, payload) => events.push([name, payload]));
  const call = (channel: string, input: unknown = {}) => session!.request(channel, input) as Promise<Loose>;
  return { session, recent, engines, events, call };
}

const until = async (check: () => boolean, ms = 30_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('ProjectSession', () => {
  it('starts on no project: project requests answer NO_PROJECT, app info and keys still work', async () => {
    const { call } = setUp('none');
    expect(await call('projects:current')).toEqual({ ok: true, value: { path: null, nativePicker: false } });
    expect(await call('project:info')).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
    expect(await call('jobs:list')).toMatchObject({ ok: false, error: { code: 'NO_PROJECT' } });
    expect(await call('app:info')).toMatchObject({ ok: true, value: { name: 'Taxonomist' } });
    expect(await call('settings:api-keys')).toMatchObject({ ok: true });
    expect(await call('projects:recent')).toEqual({ ok: true, value: { projects: [] } });
    expect(await call('projects:pick', { purpose: 'open' })).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED' },
    });
    // With a project open or not, a browser page is told to upload a corpus rather than pick one.
    expect(await call('files:pick-corpus')).toMatchObject({
      ok: false,
      error: { code: 'UNSUPPORTED', message: expect.stringMatching(/upload the corpus file/) },
    });
    expect(await call('projects:open', {})).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await call('nope:nothing')).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });

  it('creates, switches and reopens projects, keeping the recent list and telling listeners', async () => {
    const { call, events, engines, recent } = setUp('switch');
    const a = join(dir, 'alpha.taxonomist');
    const b = join(dir, 'beta.taxonomist');

    expect(await call('projects:create', { path: 'alpha' })).toEqual({
      ok: true,
      value: { path: a, nativePicker: false },
    });
    expect(existsSync(a)).toBe(true);
    expect(await call('project:info')).toMatchObject({ ok: true, value: { path: a, documents: 0 } });
    expect(events).toContainEqual(['projects:changed', { path: a }]);
    expect(await call('projects:create', { path: a })).toMatchObject({
      ok: false,
      error: { code: 'ALREADY_EXISTS' },
    });

    expect(await call('projects:create', { path: b })).toMatchObject({ ok: true, value: { path: b } });
    expect(await call('project:info')).toMatchObject({ ok: true, value: { path: b } });
    expect(engines).toHaveLength(2);

    expect(await call('projects:open', { path: a })).toMatchObject({ ok: true, value: { path: a } });
    expect(await call('project:info')).toMatchObject({ ok: true, value: { path: a } });
    expect(engines).toHaveLength(3);
    // Opening the open project again starts nothing.
    expect(await call('projects:open', { path: a })).toMatchObject({ ok: true, value: { path: a } });
    expect(engines).toHaveLength(3);

    expect(recent.paths()).toEqual([a, b]);
    const listed = (await call('projects:recent')).value.projects;
    expect(listed.map((p: Loose) => [p.name, p.exists, p.documents])).toEqual([
      ['alpha', true, 0],
      ['beta', true, 0],
    ]);
    expect((await call('projects:forget', { path: b })).value.projects.map((p: Loose) => p.path)).toEqual([
      a,
    ]);
    expect(existsSync(b)).toBe(true);
  });

  it('refuses to switch while a job runs (PROJECT_BUSY), and switches once it is cancelled', async () => {
    const { call, events } = setUp('busy');
    const a = join(dir, 'busy-a.taxonomist');
    const b = join(dir, 'busy-b.taxonomist');
    await call('projects:create', { path: b });
    await call('projects:create', { path: a });
    const corpus = join(dir, 'big.jsonl');
    writeFileSync(
      corpus,
      Array.from({ length: 200_000 }, (_, i) =>
        JSON.stringify({ id: `d${i}`, title: `T ${i}`, abstract: `A ${i}` }),
      ).join('\n'),
    );
    const started = await call('jobs:start', { kind: 'import', params: { path: corpus } });
    const jobId = started.value.jobId as string;
    await until(() => events.some(([n, p]) => n === 'job:progress' && p.jobId === jobId));

    const refused = await call('projects:open', { path: b });
    expect(refused).toMatchObject({ ok: false, error: { code: 'PROJECT_BUSY' } });
    expect(refused.error.message).toMatch(/import job is running in busy-a/);
    expect(await call('projects:current')).toMatchObject({ value: { path: a } });

    await call('jobs:cancel', { jobId });
    await until(() => events.some(([n, p]) => n === 'job:cancelled' && p.jobId === jobId));
    expect(await call('projects:open', { path: b })).toMatchObject({ ok: true, value: { path: b } });
  });

  it('keeps the open project when the new file is not a project', async () => {
    const { call } = setUp('bad');
    const a = join(dir, 'keep.taxonomist');
    await call('projects:create', { path: a });
    const junk = join(dir, 'junk.taxonomist');
    writeFileSync(junk, 'not a database, just text that is long enough');
    expect(await call('projects:open', { path: junk })).toMatchObject({
      ok: false,
      error: { code: 'NOT_A_PROJECT' },
    });
    expect(await call('projects:open', { path: join(dir, 'missing.taxonomist') })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await call('project:info')).toMatchObject({ ok: true, value: { path: a } });
  });

  it('opens the project named on the command line as given, creating it when missing', async () => {
    const { session: s, call } = setUp('cli');
    const plain = join(dir, 'plain-name');
    expect(await s.start(plain)).toEqual({ path: plain, nativePicker: false });
    expect(existsSync(plain)).toBe(true);
    expect(await call('project:info')).toMatchObject({ ok: true, value: { path: plain } });
  });
});
