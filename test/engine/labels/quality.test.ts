import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { npmi } from '../../../src/engine/algorithms/coherence';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { stageContext } from '../../../src/engine/context';
import { labelTopics, topicQuality } from '../../../src/engine/labels';
import { createRun, getTopics, ProjectStore, saveGeneratedTopic } from '../../../src/engine/store';
import { addTopicCorpus, TOPIC_WORDS } from '../../support/topics';

describe('topicQuality', () => {
  let store: ProjectStore;
  let runId: number;
  beforeEach(() => {
    store = ProjectStore.open(':memory:', { create: true });
    ({ runId } = addTopicCorpus(store, { perTopic: 15, noise: 5 }));
  });
  afterEach(() => store.close());

  it('measures the stored keyphrases on the title and abstract of every document of the run', () => {
    const db = store.db;
    const terms = [['machine translation', 'neural', 'parallel'], ['sentiment', 'absent term'], ['speech']];
    terms.forEach((t, clusterId) =>
      saveGeneratedTopic(db, {
        runId,
        clusterId,
        label: t[0]!,
        description: null,
        source: 'keywords',
        keyphrases: t.map((term, i) => ({ term, score: 1 - i / 10 })),
        provenance: {},
      }),
    );
    const texts = (
      db
        .prepare(
          `SELECT d.title || '. ' || d.abstract AS text FROM assignments a JOIN documents d ON d.id = a.document_id
           WHERE a.run_id = ? ORDER BY a.document_id`,
        )
        .all(runId) as { text: string }[]
    ).map((r) => r.text);
    expect(texts).toHaveLength(80);
    const expected = npmi(terms, texts);

    const q = topicQuality(db, runId);
    expect(q).toMatchObject({ runId, topics: 5, documents: 80, coverage: 75 / 80 });
    expect(q.npmi).toBeCloseTo(expected.mean, 12);
    expect(q.diversity).toBe(1);
    expect(q.perTopic).toEqual([
      { clusterId: 0, npmi: expected.perTopic[0] },
      { clusterId: 1, npmi: -1 },
      { clusterId: 2, npmi: null },
    ]);
  });

  it('rates offline keyphrase labels of distinct topics as coherent and diverse', async () => {
    await labelTopics(store, { model: null }, stageContext({ random: seededRandom(3) }));
    expect(getTopics(store.db, runId)).toHaveLength(TOPIC_WORDS.length);
    const q = topicQuality(store.db, runId);
    expect(q.npmi).toBeGreaterThan(0);
    expect(q.npmi).toBeLessThanOrEqual(1);
    expect(q.diversity).toBeGreaterThan(0.5);
    expect(q.perTopic).toHaveLength(TOPIC_WORDS.length);
  });

  it('refuses a run that is not a cluster run, or has no keyphrases yet', () => {
    expect(() => topicQuality(store.db, runId)).toThrow(/no topic keyphrases yet/);
    const reduce = createRun(store.db, { kind: 'reduce', params: {} });
    expect(() => topicQuality(store.db, reduce)).toThrow(/not a cluster run/);
  });
});
