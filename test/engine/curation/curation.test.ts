import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { stageContext } from '../../../src/engine/context';
import { labelTopics } from '../../../src/engine/labels';
import { createChatModel } from '../../../src/engine/llm';
import { EngineService } from '../../../src/engine/service';
import { createTaxonomy, getTopic, ProjectStore, saveTree, setTopicLocked } from '../../../src/engine/store';
import { emptyTree, ROOT } from '../../../src/engine/taxonomy';
import type { FakeChatServer } from '../../support/fake-chat-server';
import { lastUserText, startFakeChatServer } from '../../support/fake-chat-server';
import { oneClusterOfTwoBlobs } from '../../support/taxonomy';
import { addTopicCorpus } from '../../support/topics';

type Ok<T> = { ok: true; value: T };
type Failed = { ok: false; error: { code: string; message: string } };
const ok = <T>(r: unknown): T => {
  if (!(r as { ok: boolean }).ok) throw new Error(JSON.stringify(r));
  return (r as Ok<T>).value;
};
type Regenerated = {
  topic: { clusterId: number; label: string; source: string; locked: boolean; size: number };
  provider: string;
  model: string | null;
  fallback: string | null;
};
type Moved = {
  runId: number;
  moved: number;
  sizes: { clusterId: number; size: number }[];
  canUndo: boolean;
  canRedo: boolean;
};
type Topics = { topics: { clusterId: number; size: number }[] };

describe('topics:regenerate', () => {
  let store: ProjectStore;
  let svc: EngineService;
  let runId: number;
  let server: FakeChatServer;
  beforeEach(async () => {
    store = ProjectStore.open(':memory:');
    runId = addTopicCorpus(store, { perTopic: 30, noise: 10 }).runId;
    svc = new EngineService(store, () => {});
    // Names the cluster by its first keyword, numbered so every call gives a new label.
    server = await startFakeChatServer('openai', (r) => {
      const kw = /keywords of the cluster: ([^,\n]+)/.exec(lastUserText(r))?.[1] ?? 'x';
      return { text: JSON.stringify({ label: `Fresh ${kw} ${r.n}`, description: 'One sentence.' }) };
    });
  });
  afterEach(async () => {
    store.close();
    await server.close();
  });

  it('relabels just that cluster with the chat model, asking again instead of reusing the cache', async () => {
    await labelTopics(store, { model: null }, stageContext({ random: seededRandom(1) }));
    const others = [0, 1, 3, 4].map((c) => getTopic(store.db, runId, c)!.label);
    const input = { runId, clusterId: 2, provider: 'openai', model: 'gpt-test', baseUrl: server.baseUrl };
    const first = ok<Regenerated>(await svc.handle('topics:regenerate', input));
    expect(first.topic).toMatchObject({ clusterId: 2, source: 'llm', locked: false, size: 30 });
    expect(first.topic.label).toMatch(/^Fresh .+ 1$/);
    expect(first).toMatchObject({ provider: 'openai', model: 'gpt-test', fallback: null });
    expect(server.requests).toHaveLength(1);
    expect(lastUserText(server.requests[0]!)).toMatch(/speech|acoustic|spoken|asr|audio|recognition/);
    const second = ok<Regenerated>(await svc.handle('topics:regenerate', input));
    expect(server.requests).toHaveLength(2);
    expect(second.topic.label).toMatch(/ 2$/);
    expect(getTopic(store.db, runId, 2)!.label).toBe(second.topic.label);
    expect([0, 1, 3, 4].map((c) => getTopic(store.db, runId, c)!.label)).toEqual(others);
  });

  it('uses the provider of the run’s last label pass by default', async () => {
    const model = createChatModel({ provider: 'openai', model: 'gpt-last', baseUrl: server.baseUrl });
    await labelTopics(store, { model }, stageContext({ random: seededRandom(1) }));
    expect(server.requests).toHaveLength(5);
    const r = ok<Regenerated>(await svc.handle('topics:regenerate', { runId, clusterId: 0 }));
    expect(server.requests).toHaveLength(6);
    expect(server.requests[5]!.body.model).toBe('gpt-last');
    expect(r).toMatchObject({ provider: 'openai', model: 'gpt-last', fallback: null });
    expect(r.topic.label).toMatch(/ 6$/);
  });

  it('refuses a locked topic with a clear error', async () => {
    await labelTopics(store, { model: null }, stageContext());
    setTopicLocked(store.db, runId, 1, true);
    const r = (await svc.handle('topics:regenerate', {
      runId,
      clusterId: 1,
      provider: 'openai',
      baseUrl: server.baseUrl,
    })) as Failed;
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('INVALID_INPUT');
    expect(r.error.message).toMatch(/locked: unlock it/);
    expect(server.requests).toHaveLength(0);
  });

  it('falls back to a keyword label when the provider has no key, and says so', async () => {
    const saved = process.env.MISTRAL_API_KEY;
    delete process.env.MISTRAL_API_KEY;
    try {
      const r = ok<Regenerated>(
        await svc.handle('topics:regenerate', { runId, clusterId: 3, provider: 'mistral' }),
      );
      expect(r.topic.source).toBe('keywords');
      expect(r.topic.label).toMatch(/question|answering|reading|comprehension|retrieval|passages/i);
      expect(r.provider).toBe('keywords');
      expect(r.fallback).toMatch(/no API key for mistral/);
    } finally {
      if (saved !== undefined) process.env.MISTRAL_API_KEY = saved;
    }
  });

  it('keeps a keyword label from the keywords provider and rejects an unknown cluster', async () => {
    const r = ok<Regenerated>(
      await svc.handle('topics:regenerate', { runId, clusterId: 4, provider: 'keywords' }),
    );
    expect(r).toMatchObject({ provider: 'keywords', fallback: null, topic: { source: 'keywords' } });
    const missing = (await svc.handle('topics:regenerate', { runId, clusterId: 40 })) as Failed;
    expect(missing.error.code).toBe('NOT_FOUND');
  });
});

describe('topics:move-documents, topics:undo-move and topics:redo-move', () => {
  it('reassigns documents, updates topic sizes and the map, undoes and redoes the move', async () => {
    const store = ProjectStore.open(':memory:');
    const { runId, documentIds, clusterIds } = addTopicCorpus(store, { perTopic: 10, noise: 4 });
    const svc = new EngineService(store, () => {});
    // Two documents of topic 0, one of topic 1, one noise document and one already in topic 3.
    const from0 = documentIds.filter((_, i) => clusterIds[i] === 0).slice(0, 2);
    const from1 = documentIds.filter((_, i) => clusterIds[i] === 1).slice(0, 1);
    const noise = documentIds.filter((_, i) => clusterIds[i] === -1).slice(0, 1);
    const in3 = documentIds.filter((_, i) => clusterIds[i] === 3).slice(0, 1);
    const moved = ok<Moved>(
      await svc.handle('topics:move-documents', {
        runId,
        clusterId: 3,
        documentIds: [...from0, ...from1, ...noise, ...in3],
      }),
    );
    expect(moved.moved).toBe(4);
    expect(moved.canUndo).toBe(true);
    expect(moved.sizes).toEqual([
      { clusterId: -1, size: 3 },
      { clusterId: 0, size: 8 },
      { clusterId: 1, size: 9 },
      { clusterId: 3, size: 14 },
    ]);
    const sizes = (t: Topics) => Object.fromEntries(t.topics.map((x) => [x.clusterId, x.size]));
    const cluster = (d: number) =>
      store.db
        .prepare('SELECT cluster_id FROM assignments WHERE run_id = ? AND document_id = ?')
        .pluck()
        .get(runId, d);
    expect(cluster(from0[0]!)).toBe(3);
    expect(cluster(noise[0]!)).toBe(3);

    const undone = ok<Moved>(await svc.handle('topics:undo-move', { runId }));
    expect(undone).toMatchObject({ moved: 4, canUndo: false });
    expect(cluster(from0[0]!)).toBe(0);
    expect(cluster(noise[0]!)).toBe(-1);
    expect(cluster(in3[0]!)).toBe(3);
    await labelTopics(store, { model: null }, stageContext());
    expect(sizes(ok<Topics>(await svc.handle('topics:list', { runId })))).toEqual({
      0: 10,
      1: 10,
      2: 10,
      3: 10,
      4: 10,
    });
    expect(ok<Moved>(await svc.handle('topics:undo-move', { runId }))).toMatchObject({
      moved: 0,
      canUndo: false,
      canRedo: true,
    });
    // Redo moves the same documents again; a new move afterwards clears what could be redone.
    expect(ok<Moved>(await svc.handle('topics:redo-move', { runId }))).toMatchObject({
      moved: 4,
      canUndo: true,
      canRedo: false,
    });
    expect(cluster(from0[0]!)).toBe(3);
    expect(cluster(noise[0]!)).toBe(3);
    expect(ok<Moved>(await svc.handle('topics:redo-move', { runId }))).toMatchObject({ moved: 0 });
    ok<Moved>(await svc.handle('topics:undo-move', { runId }));
    ok<Moved>(await svc.handle('topics:move-documents', { runId, clusterId: 2, documentIds: from1 }));
    expect(ok<Moved>(await svc.handle('topics:redo-move', { runId }))).toMatchObject({
      moved: 0,
      canRedo: false,
    });
    expect(cluster(from1[0]!)).toBe(2);
    store.close();
  });

  it('rejects an unknown topic or document', async () => {
    const store = ProjectStore.open(':memory:');
    const { runId, documentIds } = addTopicCorpus(store, { perTopic: 5 });
    const svc = new EngineService(store, () => {});
    const badTopic = (await svc.handle('topics:move-documents', {
      runId,
      clusterId: 9,
      documentIds: [documentIds[0]!],
    })) as Failed;
    expect(badTopic.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/no topic 9/) });
    const badDoc = (await svc.handle('topics:move-documents', {
      runId,
      clusterId: 1,
      documentIds: [documentIds[0]!, 99_999],
    })) as Failed;
    expect(badDoc.error).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/99999/) });
    // Nothing moved: the failed request changed no assignment.
    expect(
      store.db
        .prepare('SELECT cluster_id FROM assignments WHERE run_id = ? AND document_id = ?')
        .pluck()
        .get(runId, documentIds[0]),
    ).toBe(0);
    store.close();
  });
});

describe('taxonomy:split', () => {
  it('re-clusters a node into child topics and undoes through the taxonomy history', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const { runId } = oneClusterOfTwoBlobs(store);
    const taxonomyId = createTaxonomy(store.db, { runId, name: 't', source: 'human' });
    const tree = emptyTree();
    tree.nodes.set(1, {
      id: 1,
      parentId: ROOT,
      label: 'Mixed',
      definition: null,
      flags: {},
      clusterIds: [0],
      topicId: null,
    });
    tree.children.set(ROOT, [1]);
    store.transaction(() => saveTree(store.db, taxonomyId, tree));
    const svc = new EngineService(store, () => {});
    type View = {
      nodes: { id: number; parentId: number | null; label: string; documents: number }[];
      canUndo: boolean;
    };
    const split = ok<View>(await svc.handle('taxonomy:split', { nodeId: 1, minClusterSize: 10 }));
    const kids = split.nodes.filter((x) => x.parentId === 1);
    expect(kids.map((k) => [k.label, k.documents])).toEqual([
      ['Mixed (1)', 40],
      ['Mixed (2)', 40],
    ]);
    expect(split.canUndo).toBe(true);
    const undone = ok<View>(await svc.handle('taxonomy:undo', {}));
    expect(undone.nodes.map((x) => x.label)).toEqual(['Mixed']);
    const tooBig = (await svc.handle('taxonomy:split', { nodeId: 1, minClusterSize: 60 })) as Failed;
    expect(tooBig.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/too few/) });
    store.close();
  });
});
