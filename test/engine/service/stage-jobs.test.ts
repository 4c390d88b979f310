import { afterEach, describe, expect, it } from 'vitest';
import type { EventName, Job } from '../../../src/shared/contract';
import { EngineService } from '../../../src/engine/service';
import { getSetting, ProjectStore } from '../../../src/engine/store';
import { addTopicCorpus } from '../../support/topics';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';

// The stage jobs as the app starts them: params checked by the contract, the embedder or chat model
// made inside the job, progress as events, failures stored with their code.
describe('stage jobs', () => {
  const stores: ProjectStore[] = [];
  afterEach(() => {
    for (const s of stores.splice(0)) s.close();
  });

  function service(fill: (store: ProjectStore) => void = () => {}) {
    const store = ProjectStore.open(':memory:', { create: true });
    stores.push(store);
    fill(store);
    const events: [EventName, unknown][] = [];
    const logged: string[] = [];
    const svc = new EngineService(store, (name, payload) => events.push([name, payload]), undefined, {
      log: (_level, m) => logged.push(m),
    });
    /** Starts a job, waits for it, and gives its stored record. */
    const run = async (kind: string, params: Record<string, unknown>): Promise<Job> => {
      const started = await svc.handle('jobs:start', { kind, params });
      if (!started.ok) throw new Error(started.error.message);
      await svc.idle();
      const got = await svc.handle('jobs:get', started.value as { jobId: string });
      return (got as { value: Job }).value;
    };
    return { store, svc, events, logged, run };
  }

  it('quantizes a set with progress events', async () => {
    const { run, events } = service((store) =>
      addDocumentsWithVectors(store, clusteredVectors(200, 16, 4), 16),
    );
    const job = await run('quantize', { precision: 'int8', calibration: 50 });
    expect(job).toMatchObject({
      kind: 'quantize',
      status: 'finished',
      result: { precision: 'int8', documents: 200, calibration: { method: 'first', size: 50 } },
    });
    const stages = events
      .filter(([name]) => name === 'job:progress')
      .map(([, p]) => (p as { progress: { stage: string } }).progress.stage);
    expect(stages).toContain('quantize');
  });

  it('labels with a prompt kept as the project prompt, and refuses one without placeholders', async () => {
    const { run, store } = service((s) => void addTopicCorpus(s, { perTopic: 10 }));
    const bad = await run('label', { prompt: 'Name this topic.' });
    expect(bad).toMatchObject({ status: 'failed', error: { code: 'INVALID_INPUT' } });
    expect(bad.error?.message).toMatch(/^prompt: .*must contain \{titles\}/);
    expect(getSetting(store.db, 'label.prompt')).toBeUndefined();

    const prompt = 'Topic of these titles: {titles}';
    const good = await run('label', { prompt, clusters: [1, 2] });
    expect(good).toMatchObject({ status: 'finished', result: { provider: 'keywords', clusters: 2 } });
    expect(getSetting(store.db, 'label.prompt')).toBe(prompt);
  });

  it('makes a chat model from the environment only: no key, no taxonomy, in words that say why', async () => {
    const saved = process.env.MISTRAL_API_KEY;
    delete process.env.MISTRAL_API_KEY;
    try {
      const { run } = service((s) => void addTopicCorpus(s, { perTopic: 10 }));
      const job = await run('taxonomy', { provider: 'mistral' });
      expect(job).toMatchObject({ status: 'failed', error: { code: 'INVALID_INPUT' } });
      expect(job.error?.message).toMatch(/no API key for mistral: set MISTRAL_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.MISTRAL_API_KEY = saved;
    }
  });

  it('refuses an embed job whose key variable is not set, and a model it cannot read', async () => {
    const { run } = service((s) => void addTopicCorpus(s, { perTopic: 2 }));
    const variable = 'TAXONOMIST_TEST_UNSET_KEY';
    delete process.env[variable];
    const noKey = await run('embed', { model: 'http://127.0.0.1:9/v1', apiKeyEnv: variable });
    expect(noKey).toMatchObject({ status: 'failed', error: { code: 'INVALID_INPUT' } });
    expect(noKey.error?.message).toContain(variable);
    const badModel = await run('embed', { model: 'not a model!' });
    expect(badModel).toMatchObject({ status: 'failed', error: { code: 'USAGE' } });
  });
});
