import { describe, expect, it } from 'vitest';
import { float32FromBase64, int32FromBase64 } from '../../../src/shared/binary';
import { EngineService } from '../../../src/engine/service';
import {
  createRun,
  finishRun,
  ProjectStore,
  saveClustering,
  saveProjection,
} from '../../../src/engine/store';
import { saveGeneratedTopic } from '../../../src/engine/store/topics';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';

/** A project with 6 documents, a 2-d map, and a cluster run (two clusters and one noise point) with topics. */
function projectWithRuns() {
  const store = ProjectStore.open(':memory:', { create: true });
  const { documentIds } = addDocumentsWithVectors(store, clusteredVectors(6, 4, 2), 4);
  const reduce = createRun(store.db, { kind: 'reduce', params: { components: 2, neighbors: 15 } });
  saveProjection(store.db, {
    runId: reduce,
    dims: 2,
    documentIds: Int32Array.from(documentIds),
    coords: Float32Array.from({ length: 12 }, (_, i) => i / 2),
  });
  finishRun(store.db, reduce, { status: 'done' });
  const cluster = createRun(store.db, { kind: 'cluster', params: { minClusterSize: 2 }, inputRunId: reduce });
  // Assignments in another order than the projection's rows.
  const order = [...documentIds].reverse();
  saveClustering(store.db, cluster, {
    clusters: [
      { clusterId: 0, size: 3, persistence: 0.5, exemplars: [] },
      { clusterId: 1, size: 2, persistence: 0.4, exemplars: [] },
    ],
    assignments: {
      documentIds: Int32Array.from(order),
      clusterIds: Int32Array.from([1, 1, -1, 0, 0, 0]),
      probabilities: Float64Array.from([0.9, 0.8, 0, 1, 0.7, 0.6]),
      outlierScores: null,
      wasNoise: Uint8Array.from([0, 0, 1, 0, 0, 0]),
    },
  });
  finishRun(store.db, cluster, { status: 'done' });
  for (const [clusterId, label] of [
    [0, 'Parsing'],
    [1, 'Translation'],
  ] as const) {
    saveGeneratedTopic(store.db, {
      runId: cluster,
      clusterId,
      label,
      description: null,
      source: 'keywords',
      keyphrases: [{ term: label.toLowerCase(), score: 1 }],
      // Representatives as the label pass records them: here the cluster's own documents, one unknown id.
      provenance:
        clusterId === 0
          ? {
              representativeDocumentIds: [
                documentIds[5],
                999_999,
                documentIds[4],
                documentIds[3],
                documentIds[0],
              ],
            }
          : {},
    });
  }
  return { store, svc: new EngineService(store, () => {}), reduce, cluster, documentIds };
}

describe('data for the UI', () => {
  it('map:data aligns clusters to the projection rows and sends arrays as base64', async () => {
    const { svc, reduce, cluster, documentIds } = projectWithRuns();
    const r = await svc.handle('map:data', {});
    expect(r.ok).toBe(true);
    const m = (r as { value: { [k: string]: unknown } }).value as {
      reduceRunId: number;
      clusterRunId: number;
      count: number;
      documentIds: string;
      positions: string;
      clusterIds: string;
      probabilities: string;
      titles: string[];
      topics: unknown[];
    };
    expect(m).toMatchObject({ reduceRunId: reduce, clusterRunId: cluster, count: 6 });
    expect([...int32FromBase64(m.documentIds)]).toEqual(documentIds);
    expect([...float32FromBase64(m.positions)].slice(0, 4)).toEqual([0, 0.5, 1, 1.5]);
    expect([...int32FromBase64(m.clusterIds)]).toEqual([0, 0, 0, -1, 1, 1]);
    expect(float32FromBase64(m.probabilities)[0]).toBeCloseTo(0.6, 6);
    expect(m.titles[0]).toBe('Title 0');
    expect(m.topics).toEqual([
      { clusterId: 0, size: 3, label: 'Parsing' },
      { clusterId: 1, size: 2, label: 'Translation' },
    ]);
  });

  it('map:data without a 2-d layout says what to run', async () => {
    const svc = new EngineService(ProjectStore.open(':memory:', { create: true }), () => {});
    expect(await svc.handle('map:data', {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringMatching(/reduce/) },
    });
  });

  it('topics: list, rename (becomes human and locked, history kept), lock', async () => {
    const { svc, store, cluster } = projectWithRuns();
    expect(await svc.handle('topics:list', {})).toMatchObject({
      ok: true,
      value: {
        runId: cluster,
        topics: [
          {
            clusterId: 0,
            size: 3,
            label: 'Parsing',
            source: 'keywords',
            locked: false,
            keyphrases: ['parsing'],
            // At most three, unknown ids skipped, in the recorded order.
            sampleTitles: ['Title 5', 'Title 4', 'Title 3'],
          },
          { clusterId: 1, sampleTitles: [] },
        ],
      },
    });
    expect(
      await svc.handle('topics:rename', { runId: cluster, clusterId: 1, label: '  Machine Translation ' }),
    ).toMatchObject({
      ok: true,
      value: { label: 'Machine Translation', source: 'human', locked: true },
    });
    expect((store.db.prepare('SELECT count(*) AS n FROM topic_edits').get() as { n: number }).n).toBe(1);
    expect(await svc.handle('topics:rename', { runId: cluster, clusterId: 1, label: '' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(await svc.handle('topics:lock', { runId: cluster, clusterId: 0, locked: true })).toMatchObject({
      ok: true,
      value: { locked: true, source: 'keywords' },
    });
    expect(await svc.handle('topics:lock', { runId: cluster, clusterId: 9, locked: true })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await svc.handle('runs:list', { kind: 'cluster' })).toMatchObject({
      ok: true,
      value: { runs: [{ id: cluster, kind: 'cluster', status: 'done' }] },
    });
  });
});
