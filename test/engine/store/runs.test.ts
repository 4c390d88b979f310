import { describe, expect, it } from 'vitest';
import {
  createRun,
  finishRun,
  getRun,
  listRuns,
  loadProjection,
  ProjectStore,
  saveProjection,
} from '../../../src/engine/store';

describe('runs and projections', () => {
  it('records a run with its parameters and outcome', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const id = createRun(store.db, { kind: 'reduce', params: { components: 5, neighbors: 100 } });
    expect(getRun(store.db, id)).toMatchObject({
      kind: 'reduce',
      status: 'running',
      params: { components: 5, neighbors: 100 },
    });
    finishRun(store.db, id, { status: 'done', metrics: { trustworthiness: 0.9 } });
    const other = createRun(store.db, { kind: 'cluster', params: {}, inputRunId: id });
    expect(getRun(store.db, id)).toMatchObject({ status: 'done', metrics: { trustworthiness: 0.9 } });
    expect(listRuns(store.db).map((r) => r.id)).toEqual([other, id]);
    expect(listRuns(store.db, 'cluster').map((r) => r.id)).toEqual([other]);
    store.close();
  });

  it('stores coordinates as float32 BLOBs and gives them back exactly', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const runId = createRun(store.db, { kind: 'reduce', params: {} });
    const coords = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    saveProjection(store.db, { runId, dims: 2, documentIds: new Int32Array([3, 1, 2]), coords });
    const back = loadProjection(store.db, runId)!;
    expect(back.dims).toBe(2);
    expect([...back.documentIds]).toEqual([3, 1, 2]);
    expect(back.coords).toEqual(coords);
    expect(() =>
      saveProjection(store.db, { runId, dims: 4, documentIds: new Int32Array([1]), coords }),
    ).toThrow();
    expect(loadProjection(store.db, 999)).toBeUndefined();
    store.close();
  });
});
