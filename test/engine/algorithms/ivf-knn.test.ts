import { describe, expect, it } from 'vitest';
import { ivfKnn, jsDenseProduct } from '../../../src/engine/algorithms/ivf-knn';
import { exactKnn, jsSimilarityBlock, knnRecall, rowSquaredNorms } from '../../../src/engine/algorithms/knn';
import type { KnnGraph } from '../../../src/engine/algorithms/knn';
import { seededRandom } from '../../../src/engine/algorithms/random';
import { clusteredVectors } from '../../support/vectors';

function checkRows(g: KnnGraph): void {
  for (let i = 0; i < g.n; i++) {
    const row = Array.from(g.indices.subarray(i * g.k, (i + 1) * g.k));
    expect(row[0]).toBe(i);
    expect(row.every((j) => j >= 0 && j < g.n)).toBe(true);
    expect(new Set(row).size).toBe(g.k);
    const dist = g.distances.subarray(i * g.k, (i + 1) * g.k);
    for (let p = 2; p < g.k; p++) expect(dist[p]!).toBeGreaterThanOrEqual(dist[p - 1]!);
  }
}

describe('approximate k-NN (inverted file)', () => {
  const n = 3000;
  const d = 24;
  const k = 15;
  const x = clusteredVectors(n, d, 12, 3);

  it('finds nearly all of the exact neighbours, each row complete and sorted, itself first', async () => {
    const exact = await exactKnn(n, k, jsSimilarityBlock(x, n, d), { metric: 'cosine' });
    const { knn, report } = await ivfKnn(x, n, d, k, jsDenseProduct, {
      metric: 'cosine',
      random: seededRandom(1),
      lists: 30,
      probes: 4,
    });
    checkRows(knn);
    expect(report).toMatchObject({ lists: 30, probes: 4 });
    // About probes / lists of the pairs, not all of them.
    expect(report.candidates).toBeLessThan((n * n) / 4);
    expect(knnRecall(exact, knn)).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed', async () => {
    const a = await ivfKnn(x, n, d, k, jsDenseProduct, {
      metric: 'cosine',
      random: seededRandom(7),
      lists: 30,
      probes: 3,
    });
    const b = await ivfKnn(x, n, d, k, jsDenseProduct, {
      metric: 'cosine',
      random: seededRandom(7),
      lists: 30,
      probes: 3,
    });
    expect(Buffer.from(a.knn.indices.buffer).equals(Buffer.from(b.knn.indices.buffer))).toBe(true);
  });

  it('works on euclidean distances', async () => {
    const r = seededRandom(5);
    const y = Float32Array.from({ length: 800 * 6 }, () => r() * 10);
    const sqNorms = rowSquaredNorms(y, 800, 6);
    const exact = await exactKnn(800, 10, jsSimilarityBlock(y, 800, 6), { metric: 'euclidean', sqNorms });
    const { knn } = await ivfKnn(y, 800, 6, 10, jsDenseProduct, {
      metric: 'euclidean',
      sqNorms,
      random: seededRandom(2),
      lists: 8,
      probes: 4,
    });
    checkRows(knn);
    expect(knnRecall(exact, knn)).toBeGreaterThan(0.9);
    // Distances are true euclidean distances.
    const j = knn.indices[1]!;
    let s = 0;
    for (let t = 0; t < 6; t++) s += (y[t]! - y[j * 6 + t]!) ** 2;
    expect(knn.distances[1]).toBeCloseTo(Math.sqrt(s), 3);
  });

  it('completes rows whose probed lists are too small to hold k neighbours', async () => {
    const { knn } = await ivfKnn(x.subarray(0, 400 * d), 400, d, 20, jsDenseProduct, {
      metric: 'cosine',
      random: seededRandom(1),
      lists: 200,
      probes: 1,
    });
    checkRows(knn);
    const exact = await exactKnn(400, 20, jsSimilarityBlock(x.subarray(0, 400 * d), 400, d), {
      metric: 'cosine',
    });
    expect(knnRecall(exact, knn)).toBeGreaterThan(0.5);
  });

  it('refuses k larger than n', async () => {
    await expect(
      ivfKnn(x, 10, d, 11, jsDenseProduct, { metric: 'cosine', random: seededRandom(1) }),
    ).rejects.toThrow(RangeError);
  });
});
