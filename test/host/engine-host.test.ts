import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../src/shared/contract';
import { childTransport, superviseEngine } from '../../src/host/engine-host';
import type { EngineChild } from '../../src/host/engine-host';
import { newEngineWorker } from '../../src/host';

type Child = EngineChild & { crash(): void };

// The utility process stands in as a worker thread running the same engine entry; crash() kills it.
const forkWorker = (projectPath: string): Child => {
  const worker = newEngineWorker({ projectPath, create: true });
  return {
    postMessage: (m: unknown) => worker.postMessage(m),
    on: (event: string, listener: (arg: unknown) => void) => worker.on(event, listener),
    kill: () => (void worker.terminate(), true),
    crash: () => void worker.terminate(),
  } as unknown as Child;
};

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const until = async (check: () => boolean, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('superviseEngine', () => {
  it('a crash mid-job fails the job with a clear code, restarts the engine, and a rerun completes', async () => {
    const children: Child[] = [];
    const events: [EventName, { jobId?: string; code?: string }][] = [];
    const host = await superviseEngine(() => {
      const c = forkWorker(join(dir, 'crash.taxonomist'));
      children.push(c);
      return childTransport(c);
    });
    host.onEvent((name, payload) => events.push([name, payload as { jobId?: string }]));
    const corpus = join(dir, 'big.jsonl');
    writeFileSync(
      corpus,
      Array.from({ length: 150_000 }, (_, i) =>
        JSON.stringify({ id: `d${i}`, title: `T ${i}`, abstract: `A ${i}` }),
      ).join('\n'),
    );

    const started = (await host.request('jobs:start', { kind: 'import', params: { path: corpus } })) as {
      ok: true;
      value: { jobId: string };
    };
    const jobId = started.value.jobId;
    await until(() => events.some(([n, p]) => n === 'job:progress' && p.jobId === jobId));
    children[0]!.crash();
    await until(() => events.some(([n, p]) => n === 'job:failed' && p.jobId === jobId));
    expect(events.find(([n]) => n === 'job:failed')![1]).toMatchObject({ code: 'INTERNAL' });

    // The restarted engine has the project open, with nothing of the interrupted import.
    await until(() => children.length === 2);
    expect(await host.request('project:info', {})).toMatchObject({ ok: true, value: { documents: 0 } });
    expect(await host.request('jobs:get', { jobId })).toMatchObject({
      ok: true,
      value: { status: 'failed', error: { code: 'INTERNAL' } },
    });

    const again = (await host.request('jobs:start', { kind: 'import', params: { path: corpus } })) as {
      ok: true;
      value: { jobId: string };
    };
    await until(() => events.some(([n, p]) => n === 'job:finished' && p.jobId === again.value.jobId), 60_000);
    expect(await host.request('project:info', {})).toMatchObject({ ok: true, value: { documents: 150_000 } });
    await host.close();
  });

  it('gives up after repeated crashes instead of looping', async () => {
    let forks = 0;
    const host = await superviseEngine(() => {
      forks++;
      const listeners: Record<string, (a: unknown) => void> = {};
      const child = {
        postMessage: () => {},
        on: (event: string, l: (a: unknown) => void) => (listeners[event] = l),
        kill: () => true,
      } as unknown as EngineChild;
      setTimeout(() => listeners.message?.({ type: 'ready' }), 1);
      setTimeout(() => listeners.exit?.(1), 5);
      return childTransport(child);
    });
    await until(() => forks >= 4);
    await new Promise((r) => setTimeout(r, 50));
    expect(forks).toBe(4);
    expect(await host.request('project:info', {})).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/3 times/) },
    });
  });
});

describe('superviseEngine with the real pipeline', () => {
  it('engine killed during embedding: the job fails with a clear code, and the rerun embeds only what is missing', async () => {
    const { SAMPLE_CORPUS } = await import('../support/shared');
    const children: Child[] = [];
    const events: [
      EventName,
      { jobId?: string; code?: string; progress?: { stage: string; done: number } },
    ][] = [];
    const host = await superviseEngine(() => {
      const c = forkWorker(join(dir, 'embed-crash.taxonomist'));
      children.push(c);
      return childTransport(c);
    });
    host.onEvent((name, payload) => events.push([name, payload as { jobId?: string }]));
    const params = {
      corpus: SAMPLE_CORPUS,
      limit: 300,
      model: 'use-lite',
      neighbors: 15,
      minClusterSize: 10,
    };
    const first = (await host.request('jobs:start', { kind: 'build', params })) as {
      ok: true;
      value: { jobId: string };
    };
    // Let a few batches land, then kill the engine. Progress counts a batch once it is embedded,
    // just before its commit, so 96 reported means at least the first 64 are stored.
    await until(
      () =>
        events.some(
          ([n, p]) =>
            n === 'job:progress' &&
            p.jobId === first.value.jobId &&
            p.progress?.stage === 'embed' &&
            p.progress.done >= 96,
        ),
      120_000,
    );
    children[0]!.crash();
    await until(() => events.some(([n, p]) => n === 'job:failed' && p.jobId === first.value.jobId));
    await until(() => children.length === 2);
    expect(await host.request('jobs:get', { jobId: first.value.jobId })).toMatchObject({
      ok: true,
      value: { status: 'failed', error: { code: 'INTERNAL' } },
    });

    const again = (await host.request('jobs:start', { kind: 'build', params })) as {
      ok: true;
      value: { jobId: string };
    };
    await until(
      () =>
        events.some(
          ([n, p]) => (n === 'job:finished' || n === 'job:failed') && p.jobId === again.value.jobId,
        ),
      240_000,
    );
    const job = (await host.request('jobs:get', { jobId: again.value.jobId })) as {
      ok: true;
      value: {
        status: string;
        result: {
          stages: { stage: string; summary: { embedded?: number; skipped?: number; stored?: number } }[];
        };
      };
    };
    expect(job.value.status).toBe('finished');
    const embed = job.value.result.stages.find((s) => s.stage === 'embed')!.summary;
    expect(embed.skipped).toBeGreaterThanOrEqual(64);
    expect(embed.embedded! + embed.skipped!).toBe(300);
    expect(embed.stored).toBe(300);
    await host.close();
  }, 400_000);
});
