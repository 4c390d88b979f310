import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../../src/shared/contract';
import { EngineService } from '../../../src/engine/service';
import { countDocuments, insertJob, ProjectStore, updateJob } from '../../../src/engine/store';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-service-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function corpus(name: string, n: number): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    Array.from({ length: n }, (_, i) =>
      JSON.stringify({ id: `d${i}`, title: `Title ${i}`, abstract: `Abstract ${i}` }),
    ).join('\n'),
  );
  return path;
}

function service() {
  const store = ProjectStore.open(':memory:', { create: true });
  const events: [EventName, unknown][] = [];
  const svc = new EngineService(store, (name, payload) => events.push([name, payload]));
  return { store, svc, events };
}

describe('EngineService', () => {
  it('validates every request and answers Results, never throwing', async () => {
    const { svc } = service();
    expect(await svc.handle('nope:nothing', {})).toMatchObject({ ok: false, error: { code: 'USAGE' } });
    expect(await svc.handle('documents:get', { id: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await svc.handle('documents:get', { id: 5 })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(
      await svc.handle('jobs:start', { kind: 'import', params: { path: '/x', colour: 'red' } }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await svc.handle('project:info', {})).toMatchObject({
      ok: true,
      value: { documents: 0, textTemplate: '{title}:{abstract}' },
    });
  });

  it('runs an import as a stored job with progress events, then lists its documents', async () => {
    const { svc, events, store } = service();
    const started = await svc.handle('jobs:start', {
      kind: 'import',
      params: { path: corpus('a.jsonl', 3000) },
    });
    expect(started.ok).toBe(true);
    const jobId = (started as { value: { jobId: string } }).value.jobId;
    await svc.idle();
    const job = await svc.handle('jobs:get', { jobId });
    expect(job).toMatchObject({
      ok: true,
      value: { status: 'finished', kind: 'import', result: { imported: 3000 } },
    });
    expect(events.some(([n, p]) => n === 'job:progress' && (p as { jobId: string }).jobId === jobId)).toBe(
      true,
    );
    expect(events.at(-1)).toEqual(['job:finished', expect.objectContaining({ jobId })]);
    const page = await svc.handle('documents:list', { offset: 10, limit: 5 });
    expect(page).toMatchObject({
      ok: true,
      value: { total: 3000, documents: [{ extId: 'd10' }, {}, {}, {}, { extId: 'd14' }] },
    });
    expect(countDocuments(store.db)).toBe(3000);
  });

  it('reports a failing job with its code and a cancelled one as cancelled, with nothing imported', async () => {
    const { svc, events, store } = service();
    const failed = (await svc.handle('jobs:start', {
      kind: 'import',
      params: { path: join(dir, 'missing.jsonl') },
    })) as { ok: true; value: { jobId: string } };
    await svc.idle();
    expect(events).toContainEqual([
      'job:failed',
      expect.objectContaining({ jobId: failed.value.jobId, code: 'NOT_FOUND' }),
    ]);

    const path = corpus('big.jsonl', 20000);
    const started = (await svc.handle('jobs:start', { kind: 'import', params: { path } })) as {
      ok: true;
      value: { jobId: string };
    };
    expect(await svc.handle('jobs:cancel', { jobId: started.value.jobId })).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    await svc.idle();
    expect(await svc.handle('jobs:get', { jobId: started.value.jobId })).toMatchObject({
      ok: true,
      value: { status: 'cancelled' },
    });
    expect(countDocuments(store.db)).toBe(0);
    expect(await svc.handle('jobs:cancel', { jobId: started.value.jobId })).toEqual({
      ok: true,
      value: { cancelled: false },
    });
  });

  it('marks jobs a dead engine left running as failed, so a reloaded window sees why', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    insertJob(store.db, 'old', 'import', { path: '/x' });
    updateJob(store.db, 'old', { status: 'running' });
    const svc = new EngineService(store, () => {});
    return svc.handle('jobs:get', { jobId: 'old' }).then((r) => {
      expect(r).toMatchObject({ ok: true, value: { status: 'failed', error: { code: 'INTERNAL' } } });
    });
  });
});
