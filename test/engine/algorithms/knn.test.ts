import { describe, expect, it } from 'vitest';
import {
  exactKnn,
  exactKnnSymmetric,
  firstNonFiniteRow,
  jsPairBlock,
  jsSimilarityBlock,
  knnRecall,
  normalizeRows,
  rowSquaredNorms,
} from '../../../src/engine/algorithms/knn';
import { seededRandom } from '../../../src/engine/algorithms/random';

function randomData(n: number, d: number, seed: number): Float32Array {
  const r = seededRandom(seed);
  const x = new Float32Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = r() - 0.5;
  return x;
}

/** Neighbours by sorting every distance: the slow, obvious reference. */
function bruteForce(x: Float32Array, n: number, d: number, k: number, metric: 'cosine' | 'euclidean') {
  const idx: number[][] = [];
  for (let i = 0; i < n; i++) {
    const dist: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        if (metric === 'cosine') s += x[i * d + t]! * x[j * d + t]!;
        else s += (x[i * d + t]! - x[j * d + t]!) ** 2;
      }
      dist.push([j, metric === 'cosine' ? 1 - s : Math.sqrt(s)]);
    }
    const others = dist.filter(([j]) => j !== i).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    idx.push([i, ...others.slice(0, k - 1).map(([j]) => j)]);
  }
  return idx;
}

describe('exactKnn', () => {
  it('matches a sort of all distances, cosine and euclidean, with self first', async () => {
    const n = 300;
    const d = 12;
    for (const metric of ['cosine', 'euclidean'] as const) {
      const x = randomData(n, d, 3);
      if (metric === 'cosine') normalizeRows(x, n, d);
      const knn = await exactKnn(n, 10, jsSimilarityBlock(x, n, d), {
        metric,
        blockRows: 64,
        ...(metric === 'euclidean' ? { sqNorms: rowSquaredNorms(x, n, d) } : {}),
      });
      const ref = bruteForce(x, n, d, 10, metric);
      for (let i = 0; i < n; i++) {
        expect(Array.from(knn.indices.subarray(i * 10, i * 10 + 10))).toEqual(ref[i]);
        expect(knn.distances[i * 10]).toBe(0);
        for (let a = 1; a < 10; a++)
          expect(knn.distances[i * 10 + a]!).toBeGreaterThanOrEqual(knn.distances[i * 10 + a - 1]!);
      }
    }
  });

  it('keeps each row first among its duplicates and breaks ties by index', async () => {
    const n = 20;
    const d = 4;
    const x = new Float32Array(n * d).fill(1);
    normalizeRows(x, n, d);
    const knn = await exactKnn(n, 5, jsSimilarityBlock(x, n, d), { metric: 'cosine' });
    expect(Array.from(knn.indices.subarray(7 * 5, 8 * 5))).toEqual([7, 0, 1, 2, 3]);
    expect(Array.from(knn.distances.subarray(7 * 5, 8 * 5))).toEqual([0, 0, 0, 0, 0]);
  });

  it('computes only the requested rows', async () => {
    const n = 200;
    const d = 8;
    const x = randomData(n, d, 5);
    normalizeRows(x, n, d);
    const all = await exactKnn(n, 6, jsSimilarityBlock(x, n, d), { metric: 'cosine' });
    const rows = Int32Array.from([3, 4, 5, 90, 199]);
    const full = jsSimilarityBlock(x, n, d);
    // In rows mode the product is asked for positions in `rows`.
    const some = await exactKnn(
      n,
      6,
      (start, count) => {
        const out = new Float32Array(count * n);
        for (let r = 0; r < count; r++) out.set(full(rows[start + r]!, 1).subarray(0, n), r * n);
        return out;
      },
      { metric: 'cosine', rows, blockRows: 2 },
    );
    rows.forEach((r, i) =>
      expect(Array.from(some.indices.subarray(i * 6, i * 6 + 6))).toEqual(
        Array.from(all.indices.subarray(r * 6, r * 6 + 6)),
      ),
    );
    expect(knnRecall(all, all)).toBe(1);
  });

  it('stops when cancelled', async () => {
    const n = 100;
    const x = randomData(n, 4, 1);
    const abort = new AbortController();
    abort.abort();
    await expect(
      exactKnn(n, 5, jsSimilarityBlock(x, n, 4), { metric: 'cosine', signal: abort.signal }),
    ).rejects.toThrow();
  });

  it('finds non-finite rows and refuses zero rows for cosine', () => {
    const x = new Float32Array([1, 2, 3, 4, NaN, 6]);
    expect(firstNonFiniteRow(x, 3, 2)).toBe(2);
    expect(firstNonFiniteRow(new Float32Array([1, 2]), 1, 2)).toBe(-1);
    expect(() => normalizeRows(new Float32Array([1, 0, 0, 0]), 2, 2)).toThrow(/row 1 is all zeros/);
  });
});

describe('exactKnnSymmetric', () => {
  it('equals the full search for any chunking, block size and metric, ties included', async () => {
    const n = 257;
    const d = 9;
    for (const metric of ['cosine', 'euclidean'] as const) {
      const x = randomData(n, d, 11);
      // Duplicates make ties that must resolve by index whatever order pairs arrive in.
      x.copyWithin(5 * d, 100 * d, 101 * d);
      x.copyWithin(200 * d, 100 * d, 101 * d);
      if (metric === 'cosine') normalizeRows(x, n, d);
      const sqNorms = metric === 'euclidean' ? rowSquaredNorms(x, n, d) : undefined;
      const extra = sqNorms ? { sqNorms } : {};
      const full = await exactKnn(n, 12, jsSimilarityBlock(x, n, d), { metric, ...extra });
      for (const [chunks, blockRows] of [
        [[0, n], 64],
        [[0, 100, 180, n], 50],
        [[0, 1, 2, 128, n], 7],
      ] as const) {
        const sym = await exactKnnSymmetric(n, 12, jsPairBlock(x, d), Int32Array.from(chunks), {
          metric,
          blockRows,
          ...extra,
        });
        expect(Array.from(sym.indices)).toEqual(Array.from(full.indices));
        for (let t = 0; t < full.distances.length; t++)
          expect(sym.distances[t]!).toBeCloseTo(full.distances[t]!, 5);
      }
    }
  });
});
