import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { stageContext } from '../../../src/engine/context';
import { buildRepresentations, labelTopics } from '../../../src/engine/labels';
import type { ChatModel, ChatRequest } from '../../../src/engine/llm';
import { ChatError } from '../../../src/engine/llm';
import {
  editTopic,
  ensureEmbeddingSet,
  getRun,
  getTopic,
  getTopicEdits,
  getTopics,
  ProjectStore,
  putVectors,
  setTopicLocked,
} from '../../../src/engine/store';
import { addTopicCorpus } from '../../support/topics';

/** A ChatModel fake that names the cluster by its first keyword and counts calls. */
function fakeModel(o: { delayMs?: number; fail?: (n: number) => ChatError | null } = {}) {
  const calls: ChatRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const model: ChatModel = {
    provider: 'openai',
    model: 'gpt-4o-mini',
    baseUrl: null,
    async complete(req, { signal }) {
      calls.push(req);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        if (o.delayMs)
          await new Promise<void>((ok, no) => {
            const t = setTimeout(ok, o.delayMs);
            signal.addEventListener(
              'abort',
              () => (clearTimeout(t), no(new ChatError('cancelled', 'cancelled'))),
            );
          });
        const err = o.fail?.(calls.length);
        if (err) throw err;
        const kw = /keywords of the cluster: ([^,\n]+)/.exec(req.messages[1]!.content)?.[1] ?? 'x';
        return { text: JSON.stringify({ label: `Topic ${kw}` }), inputTokens: 1000, outputTokens: 20 };
      } finally {
        inFlight--;
      }
    },
  };
  return { model, calls, maxInFlight: () => maxInFlight };
}

const ctx = (signal?: AbortSignal) =>
  stageContext({ random: seededRandom(3), ...(signal ? { signal } : {}) });

describe('labelTopics', () => {
  let store: ProjectStore;
  let runId: number;
  beforeEach(() => {
    store = ProjectStore.open(':memory:');
    runId = addTopicCorpus(store, { perTopic: 30, noise: 10 }).runId;
  });
  afterEach(() => store.close());

  it('labels offline from the keyphrases when no model is configured', async () => {
    const s = await labelTopics(store, { model: null }, ctx());
    expect(s).toMatchObject({
      provider: 'keywords',
      clusters: 5,
      bySource: { llm: 0, keywords: 5, kept: 0 },
    });
    const topics = getTopics(store.db, runId);
    expect(topics.map((t) => t.source)).toEqual(Array(5).fill('keywords'));
    expect(topics[0]!.label).toMatch(/translation|machine|neural|bilingual|parallel|low-resource/i);
    expect(topics[2]!.label).toMatch(/speech|acoustic|spoken|asr|audio|recognition/i);
    for (const t of topics) {
      // One noun phrase in title case, not a list of keywords; a definition from the topic's own abstracts.
      expect(t.label).not.toContain(',');
      expect(t.label).toMatch(/^\p{Lu}/u);
      expect(t.description).toBeTruthy();
      expect(t.description).not.toMatch(/^Papers on/);
    }
    expect(new Set(topics.map((t) => t.label.toLowerCase())).size).toBe(5);
    expect(topics[0]!.keyphrases.length).toBeGreaterThanOrEqual(10);
    expect(topics[0]!.keyphrases.length).toBeLessThanOrEqual(25);
    expect(getRun(store.db, s.labelRunId)).toMatchObject({
      kind: 'label',
      status: 'done',
      inputRunId: runId,
    });
  });

  it('bounds concurrency, records tokens and cost, and serves a re-run from the cache', async () => {
    const f = fakeModel({ delayMs: 20 });
    const first = await labelTopics(store, { model: f.model, concurrency: 2 }, ctx());
    expect(f.maxInFlight()).toBe(2);
    expect(first.usage).toMatchObject({ requests: 5, cacheHits: 0, inputTokens: 5000, outputTokens: 100 });
    expect(first.estimatedCostUsd).toBeCloseTo((5000 * 0.15 + 100 * 0.6) / 1e6, 12);
    const labels = getTopics(store.db, runId).map((t) => t.label);
    const second = await labelTopics(store, { model: f.model, concurrency: 2 }, ctx());
    expect(f.calls).toHaveLength(5);
    expect(second.usage).toMatchObject({ requests: 0, cacheHits: 5 });
    expect(second.estimatedCostUsd).toBe(0);
    expect(getTopics(store.db, runId).map((t) => t.label)).toEqual(labels);
  });

  it('keeps human edits and locked labels, with history, and relabels one cluster on request', async () => {
    await labelTopics(store, { model: null }, ctx());
    const before = getTopic(store.db, runId, 1)!;
    editTopic(store.db, runId, 1, { label: 'Opinion Mining' });
    await labelTopics(store, { model: null }, ctx());
    setTopicLocked(store.db, runId, 3, true);
    const f = fakeModel();
    const s = await labelTopics(store, { model: f.model }, ctx());
    expect(s.bySource).toEqual({ llm: 3, keywords: 0, kept: 2 });
    const t1 = getTopic(store.db, runId, 1)!;
    expect(t1).toMatchObject({ label: 'Opinion Mining', source: 'human', locked: true });
    expect(getTopic(store.db, runId, 3)!.source).toBe('keywords');
    expect(getTopicEdits(store.db, t1.id).map((e) => [e.field, e.oldValue, e.newValue, e.source])).toEqual([
      ['label', before.label, 'Opinion Mining', 'human'],
    ]);

    // Unlocking hands the topic back; a run for one cluster touches only that one.
    setTopicLocked(store.db, runId, 1, false);
    const one = await labelTopics(store, { model: f.model, clusterIds: [1] }, ctx());
    expect(one.clusters).toBe(1);
    expect(getTopic(store.db, runId, 1)!.source).toBe('llm');
    expect(getTopicEdits(store.db, t1.id).map((e) => e.field)).toEqual(['label', 'locked', 'label']);
    await expect(labelTopics(store, { model: null, clusterIds: [99] }, ctx())).rejects.toThrow(
      /no cluster 99/,
    );
  });

  it('stops on cancellation and keeps every label received before', async () => {
    const abort = new AbortController();
    let n = 0;
    const f = fakeModel({ delayMs: 30 });
    const model: ChatModel = {
      ...f.model,
      complete: async (req, o) => {
        const r = await f.model.complete(req, o);
        if (++n === 2) setTimeout(() => abort.abort(), 5);
        return r;
      },
    };
    await expect(labelTopics(store, { model, concurrency: 1 }, ctx(abort.signal))).rejects.toMatchObject({
      code: 'CANCELLED',
    });
    expect(getTopics(store.db, runId).length).toBe(2);
    const again = await labelTopics(store, { model: f.model, concurrency: 1 }, ctx());
    expect(again.usage).toMatchObject({ requests: 3, cacheHits: 2 });
  });

  it('falls back to keywords per cluster on a non-retryable error, and stops on a refused key', async () => {
    const bad = fakeModel({
      fail: (n) => (n === 1 ? new ChatError('request', 'HTTP 400: bad request', { status: 400 }) : null),
    });
    const s = await labelTopics(store, { model: bad.model, concurrency: 1 }, ctx());
    expect(s.fallbacks).toEqual([{ clusterId: 0, reason: 'HTTP 400: bad request' }]);
    expect(s.bySource).toMatchObject({ llm: 4, keywords: 1 });
    const auth = fakeModel({ fail: () => new ChatError('auth', 'HTTP 401: no', { status: 401 }) });
    await expect(
      labelTopics(store, { model: auth.model, prompt: '{titles} again' }, ctx()),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(labelTopics(store, { model: null, prompt: 'no placeholders' }, ctx())).rejects.toThrow(
      /must contain/,
    );
  });
});

describe('buildRepresentations', () => {
  it('samples titles reproducibly and picks representatives nearest the embedding centroid', async () => {
    const store = ProjectStore.open(':memory:');
    const { runId, documentIds, clusterIds } = addTopicCorpus(store, {
      perTopic: 30,
      topics: [
        ['a1', 'b1'],
        ['c2', 'd2'],
      ],
    });
    const a = await buildRepresentations(store.db, runId, { sample: 7 });
    const b = await buildRepresentations(store.db, runId, { sample: 7 });
    expect(a[0]!.sampleIds).toEqual(b[0]!.sampleIds);
    expect(a[0]!.sampleIds).toHaveLength(7);
    expect(new Set(a[0]!.sampleIds).size).toBe(7);
    expect(a[0]!.representativesBy).toBe('ctfidf');
    expect((await buildRepresentations(store.db, runId, { sample: 7, seed: 9 }))[0]!.sampleIds).not.toEqual(
      a[0]!.sampleIds,
    );

    // 2-d vectors: cluster 0 spread around (1, 0); documents 3 and 4 sit on the centroid direction.
    const d = 2;
    const v = new Float32Array(documentIds.length * d);
    documentIds.forEach((_, i) => {
      const angle =
        clusterIds[i] === 0 ? (i === 3 || i === 4 ? 0 : i % 2 ? 0.5 + i / 100 : -0.5 - i / 100) : Math.PI / 2;
      v[i * d] = Math.cos(angle);
      v[i * d + 1] = Math.sin(angle);
    });
    const set = ensureEmbeddingSet(store.db, {
      model: 'fixture',
      revision: '1',
      dtype: 'fp32',
      precision: 'float32',
      textTemplate: '{title}',
      dims: d,
      normalized: true,
    });
    putVectors(store.db, set.id, documentIds, null, v);
    const c = await buildRepresentations(store.db, runId, { representatives: 2 });
    expect(c[0]!.representativesBy).toBe('embedding-centroid');
    expect(c[0]!.representativeIds.sort()).toEqual([documentIds[3], documentIds[4]].sort());
    store.close();
  });
});
