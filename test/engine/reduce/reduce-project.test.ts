import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { reduceProject, runUmap, umapInWorker } from '../../../src/engine/reduce';
import { ensureEmbeddingSet, listRuns, loadProjection, putVectors } from '../../../src/engine/store';
import { projectWithDocuments } from '../../support/vectors';

const withDocs = projectWithDocuments;

/** Four Gaussian blobs in d dimensions. */
function blobs(n: number, d: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: 4 }, () => Array.from({ length: d }, () => 3 * normal()));
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) x[i * d + t] = centres[i % 4]![t]! + normal();
  return x;
}

const key = { model: 'm', revision: '1', dtype: 'fp32', textTemplate: '{title}:{abstract}' };

function projectWith(n: number, d: number, vectors: Float32Array | Int8Array, precision: 'float32' | 'int8') {
  const store = withDocs(n);
  const set = ensureEmbeddingSet(store.db, { ...key, precision, dims: d, normalized: false });
  putVectors(
    store.db,
    set.id,
    Int32Array.from({ length: n }, (_, i) => i + 1),
    null,
    vectors,
  );
  return { store, set };
}

describe('reduceProject', () => {
  it('stores a 5-d and a 2-d run with their projections and quality', async () => {
    const n = 500;
    const d = 16;
    const { store, set } = projectWith(n, d, blobs(n, d, 1), 'float32');
    const progress: string[] = [];
    const r = await reduceProject(
      store,
      {
        metric: 'cosine',
        layouts: [
          { components: 5, neighbors: 30, minDist: 0.1, seed: 42 },
          { components: 2, neighbors: 10, minDist: 0.1, seed: 42 },
        ],
      },
      { progress: (p) => progress.push(p.stage) },
    );
    expect(r).toMatchObject({ setId: set.id, n });
    expect(progress).toContain('knn');
    expect(progress).toContain('umap');
    const runs = listRuns(store.db, 'reduce');
    expect(runs).toHaveLength(2);
    for (const [i, dims] of [5, 2].entries()) {
      const run = runs.find((x) => x.id === r.runs[i]!.runId)!;
      expect(run.status).toBe('done');
      expect(run.embeddingSetId).toBe(set.id);
      expect(run.params).toMatchObject({
        components: dims,
        metric: 'cosine',
        seed: 42,
        spread: 1,
        learningRate: 1,
        negativeSampleRate: 5,
        repulsionStrength: dims === 5 ? 3 : 1,
        knn: 'auto',
        init: 'spectral',
      });
      expect((run.metrics!.quality as { knnPreservation: number }).knnPreservation).toBeGreaterThan(0.1);
      const p = loadProjection(store.db, run.id)!;
      expect(p.dims).toBe(dims);
      expect(Array.from(p.documentIds.subarray(0, 3))).toEqual([1, 2, 3]);
      expect(p.coords).toHaveLength(n * dims);
      expect(p.coords.every(Number.isFinite)).toBe(true);
    }
    store.close();
  });

  it('reduces an int8 set', async () => {
    const n = 300;
    const d = 16;
    const x = blobs(n, d, 2);
    const q = Int8Array.from(x, (v) => Math.max(-127, Math.min(127, Math.round(v * 20))));
    const { store } = projectWith(n, d, q, 'int8');
    const r = await reduceProject(store, {
      metric: 'cosine',
      layouts: [{ components: 2, neighbors: 15, minDist: 0.1, seed: 1 }],
    });
    expect(r.runs).toHaveLength(1);
    expect(loadProjection(store.db, r.runs[0]!.runId)!.coords.every(Number.isFinite)).toBe(true);
    store.close();
  });

  it('refuses fewer points than neighbours and NaN rows before recording a run', async () => {
    const d = 8;
    const small = projectWith(50, d, blobs(50, d, 3), 'float32');
    await expect(
      reduceProject(small.store, {
        metric: 'cosine',
        layouts: [{ components: 5, neighbors: 100, minDist: 0.1, seed: 1 }],
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/more than 100 points, got 50/),
    });
    expect(listRuns(small.store.db, 'reduce')).toHaveLength(0);
    const x = blobs(60, d, 3);
    x[17 * d + 2] = NaN;
    const nan = projectWith(60, d, x, 'float32');
    await expect(
      reduceProject(nan.store, {
        metric: 'cosine',
        layouts: [{ components: 2, neighbors: 10, minDist: 0.1, seed: 1 }],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'row 17 holds a NaN or infinite value' });
    expect(listRuns(nan.store.db, 'reduce')).toHaveLength(0);
  });

  it('records a cancelled run when aborted', async () => {
    const n = 2000;
    const d = 16;
    const { store } = projectWith(n, d, blobs(n, d, 4), 'float32');
    const abort = new AbortController();
    await expect(
      reduceProject(
        store,
        { metric: 'cosine', layouts: [{ components: 2, neighbors: 15, minDist: 0.1, seed: 1 }] },
        { signal: abort.signal, progress: (p) => p.stage === 'umap' && abort.abort() },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(listRuns(store.db, 'reduce')[0]!.status).toBe('cancelled');
    store.close();
  });
});

describe('umapInWorker', () => {
  it('gives the same layout as running in-process, and streams interim layouts', async () => {
    const n = 400;
    const d = 12;
    const o = { components: 2, neighbors: 12, minDist: 0.1, metric: 'cosine' as const, seed: 7 };
    const local = await runUmap(blobs(n, d, 5), n, d, o);
    const epochs: number[] = [];
    const [remote] = await umapInWorker(blobs(n, d, 5), n, d, [{ ...o, layoutEvery: 100 }], {
      onLayout: (_i, epoch, _t, emb) => {
        expect(emb).toHaveLength(n * 2);
        epochs.push(epoch);
      },
    });
    expect(Array.from(remote!.embedding)).toEqual(Array.from(local.embedding));
    expect(epochs).toEqual([100, 200, 300, 400, 500]);
  });

  it('accepts all-identical and duplicate points', async () => {
    const n = 80;
    const d = 6;
    const same = new Float32Array(n * d).fill(1);
    const [r] = await umapInWorker(same, n, d, [
      { components: 2, neighbors: 10, minDist: 0.1, metric: 'cosine', seed: 1, epochs: 50 },
    ]);
    expect(r!.embedding.every(Number.isFinite)).toBe(true);
  });
});
