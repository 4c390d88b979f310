import { describe, expect, it } from 'vitest';
import { exactKnn, jsSimilarityBlock, normalizeRows } from '../../../src/engine/algorithms/knn';
import type { KnnGraph } from '../../../src/engine/algorithms/knn';
import { knnPreservation, sampleRows } from '../../../src/engine/algorithms/layout-quality';
import { seededRandom } from '../../../src/engine/algorithms/random';
import {
  findAbParams,
  fuzzySimplicialSet,
  pcaScores,
  smoothKnnDist,
  spectralInit,
  umapFromKnn,
  umapTransform,
} from '../../../src/engine/algorithms/umap';

/** `clusters` Gaussian blobs in d dimensions, `per` points each; labels alongside. */
function blobs(clusters: number, per: number, d: number, seed: number) {
  const r = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(Math.max(r(), 1e-12))) * Math.cos(2 * Math.PI * r());
  const centres = Array.from({ length: clusters }, () => Array.from({ length: d }, () => 4 * normal()));
  const n = clusters * per;
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % clusters;
    for (let t = 0; t < d; t++) x[i * d + t] = centres[y[i]!]![t]! + normal();
  }
  return { x, y, n, d };
}

async function knnOf(x: Float32Array, n: number, d: number, k: number): Promise<KnnGraph> {
  return exactKnn(n, k, jsSimilarityBlock(x, n, d), { metric: 'cosine' });
}

/** Share of points whose nearest layout neighbour carries the same label. */
function neighbourPurity(emb: Float32Array, y: Int32Array, dims: number): number {
  const n = y.length;
  let same = 0;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < dims; c++) s += (emb[i * dims + c]! - emb[j * dims + c]!) ** 2;
      if (s < bestD) {
        bestD = s;
        best = j;
      }
    }
    if (y[best] === y[i]) same++;
  }
  return same / n;
}

describe('findAbParams', () => {
  it("reproduces umap-learn's curve for min_dist 0.1, spread 1", () => {
    const { a, b } = findAbParams(1, 0.1);
    expect(a).toBeCloseTo(1.5769, 2);
    expect(b).toBeCloseTo(0.8951, 2);
  });
});

describe('smoothKnnDist', () => {
  it('finds per-row bandwidths whose memberships sum to log2(k)', async () => {
    const { x, n, d } = blobs(3, 50, 8, 2);
    normalizeRows(x, n, d);
    const k = 12;
    const knn = await knnOf(x, n, d, k);
    const { sigmas, rhos } = smoothKnnDist(knn.distances, n, k);
    for (let i = 0; i < n; i++) {
      expect(rhos[i]).toBe(knn.distances[i * k + 1]);
      let psum = 0;
      for (let j = 1; j < k; j++)
        psum += Math.exp(-Math.max(0, knn.distances[i * k + j]! - rhos[i]!) / sigmas[i]!);
      expect(psum).toBeCloseTo(Math.log2(k), 3);
    }
  });
});

describe('fuzzySimplicialSet', () => {
  it('is symmetric with memberships in (0, 1] and no self loops', async () => {
    const { x, n, d } = blobs(3, 40, 8, 1);
    normalizeRows(x, n, d);
    const { graph } = fuzzySimplicialSet(await knnOf(x, n, d, 8));
    const at = (i: number, j: number): number => {
      for (let t = graph.indptr[i]!; t < graph.indptr[i + 1]!; t++)
        if (graph.indices[t] === j) return graph.data[t]!;
      return 0;
    };
    for (let i = 0; i < n; i++)
      for (let t = graph.indptr[i]!; t < graph.indptr[i + 1]!; t++) {
        const j = graph.indices[t]!;
        expect(j).not.toBe(i);
        if (t > graph.indptr[i]!) expect(j).toBeGreaterThan(graph.indices[t - 1]!);
        expect(graph.data[t]!).toBeGreaterThan(0);
        expect(graph.data[t]!).toBeLessThanOrEqual(1);
        expect(at(j, i)).toBeCloseTo(graph.data[t]!, 6);
      }
  });
});

describe('pcaScores', () => {
  it('puts the direction of largest variance first', () => {
    const n = 400;
    const d = 6;
    const r = seededRandom(2);
    const x = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const s = 10 * (r() - 0.5);
      for (let t = 0; t < d; t++) x[i * d + t] = (t === 2 ? s : 0) + 0.1 * (r() - 0.5);
    }
    const p = pcaScores(x, n, d, 2, seededRandom(1), { sample: 200 });
    let corr = 0;
    for (let i = 0; i < n; i++) corr += p[i * 2]! * (x[i * d + 2]! - 0);
    expect(Math.abs(corr) / n).toBeGreaterThan(5);
  });
});

describe('umapFromKnn', () => {
  it('separates clusters, is deterministic for a seed, and preserves neighbourhoods', async () => {
    const { x, y, n, d } = blobs(5, 120, 24, 7);
    normalizeRows(x, n, d);
    const knn = await knnOf(x, n, d, 15);
    const init = pcaScores(x, n, d, 2, seededRandom(42));
    const run = (seed: number) =>
      umapFromKnn(
        knn,
        init,
        { nComponents: 2, nNeighbors: 15, nEpochs: 200 },
        { random: seededRandom(seed) },
      );
    const a = run(42);
    const b = run(42);
    const c = run(43);
    expect(Array.from(a.embedding)).toEqual(Array.from(b.embedding));
    expect(Array.from(a.embedding)).not.toEqual(Array.from(c.embedding));
    expect(a.embedding.every(Number.isFinite)).toBe(true);
    expect(neighbourPurity(a.embedding, y, 2)).toBeGreaterThan(0.95);
    const rows = sampleRows(n, 100, seededRandom(1));
    const full = jsSimilarityBlock(x, n, d);
    const high = await exactKnn(n, 16, (start) => full(rows[start]!, 1), {
      metric: 'cosine',
      rows,
      blockRows: 1,
    });
    // Isotropic blobs: within a blob neighbours are nearly random, so compare with a random layout.
    const shuffled = Float32Array.from(a.embedding.map((_, i) => seededRandom(i)()));
    const kept = knnPreservation(high, rows, a.embedding, n, 2, 15);
    expect(kept).toBeGreaterThan(0.2);
    expect(kept).toBeGreaterThan(5 * knnPreservation(high, rows, shuffled, n, 2, 15));
  });

  it('spreads each cluster wider with a stronger repulsion, deterministically', async () => {
    const { x, y, n, d } = blobs(3, 200, 24, 5);
    normalizeRows(x, n, d);
    const knn = await knnOf(x, n, d, 40);
    const init = pcaScores(x, n, d, 5, seededRandom(42));
    const layout = (gamma: number) =>
      umapFromKnn(
        knn,
        init,
        { nComponents: 5, nNeighbors: 40, nEpochs: 200, repulsionStrength: gamma },
        { random: seededRandom(42) },
      ).embedding;
    /** Mean distance of the points to their own cluster's centre, over the clusters. */
    const radius = (e: Float32Array) => {
      let total = 0;
      for (let c = 0; c < 3; c++) {
        const centre = new Float64Array(5);
        let count = 0;
        for (let i = 0; i < n; i++)
          if (y[i] === c) {
            count++;
            for (let t = 0; t < 5; t++) centre[t] = centre[t]! + e[i * 5 + t]!;
          }
        for (let i = 0; i < n; i++)
          if (y[i] === c)
            total += Math.hypot(...Array.from(centre, (v, t) => e[i * 5 + t]! - v / count)) / count;
      }
      return total / 3;
    };
    const strong = layout(3);
    expect(Array.from(layout(3))).toEqual(Array.from(strong));
    expect(radius(strong)).toBeGreaterThan(1.3 * radius(layout(1)));
    expect(neighbourPurity(strong, y, 5)).toBeGreaterThan(0.95);
  });

  it('reports every epoch and stops when cancelled', async () => {
    const { x, n, d } = blobs(2, 50, 8, 3);
    normalizeRows(x, n, d);
    const knn = await knnOf(x, n, d, 10);
    const init = pcaScores(x, n, d, 2, seededRandom(1));
    const epochs: number[] = [];
    umapFromKnn(knn, init, { nEpochs: 30 }, { random: seededRandom(1), onEpoch: (e) => epochs.push(e) });
    expect(epochs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const abort = new AbortController();
    expect(() =>
      umapFromKnn(
        knn,
        init,
        { nEpochs: 30 },
        { random: seededRandom(1), signal: abort.signal, onEpoch: (e) => e === 5 && abort.abort() },
      ),
    ).toThrow();
  });

  it('lays out all-identical points as finite coordinates', async () => {
    const n = 60;
    const d = 4;
    const x = new Float32Array(n * d).fill(0.5);
    const knn = await knnOf(x, n, d, 10);
    const init = pcaScores(x, n, d, 2, seededRandom(1));
    const { embedding } = umapFromKnn(knn, init, { nEpochs: 50 }, { random: seededRandom(1) });
    expect(embedding.every(Number.isFinite)).toBe(true);
  });

  it('keeps duplicate points together', async () => {
    const { x, n, d } = blobs(3, 60, 8, 4);
    // Row 1 duplicates row 0.
    x.copyWithin(d, 0, d);
    normalizeRows(x, n, d);
    const knn = await knnOf(x, n, d, 10);
    const init = pcaScores(x, n, d, 2, seededRandom(1));
    const { embedding: e } = umapFromKnn(knn, init, { nEpochs: 200 }, { random: seededRandom(1) });
    const dup = Math.hypot(e[0]! - e[2]!, e[1]! - e[3]!);
    let mean = 0;
    for (let i = 2; i < n; i++) mean += Math.hypot(e[0]! - e[i * 2]!, e[1]! - e[i * 2 + 1]!);
    expect(dup).toBeLessThan((0.2 * mean) / (n - 2));
  });
});

describe('spectralInit', () => {
  it('starts each cluster gathered in its own place, deterministically', async () => {
    const { x, y, n, d } = blobs(4, 80, 16, 11);
    normalizeRows(x, n, d);
    const { graph } = fuzzySimplicialSet(await knnOf(x, n, d, 10));
    const a = spectralInit(graph, 2, seededRandom(3))!;
    expect(a).not.toBeNull();
    expect(Array.from(a)).toEqual(Array.from(spectralInit(graph, 2, seededRandom(3))!));
    expect(neighbourPurity(a, y, 2)).toBeGreaterThan(0.95);
    // Within-cluster spread is small next to the distance between cluster means.
    const mean = (c: number, dim: number) => {
      let s = 0;
      let m = 0;
      for (let i = 0; i < n; i++)
        if (y[i] === c) {
          s += a[i * 2 + dim]!;
          m++;
        }
      return s / m;
    };
    let within = 0;
    for (let i = 0; i < n; i++)
      within += Math.hypot(a[i * 2]! - mean(y[i]!, 0), a[i * 2 + 1]! - mean(y[i]!, 1));
    within /= n;
    let between = Infinity;
    for (let p = 0; p < 4; p++)
      for (let q = p + 1; q < 4; q++)
        between = Math.min(between, Math.hypot(mean(p, 0) - mean(q, 0), mean(p, 1) - mean(q, 1)));
    expect(within).toBeLessThan(between);
  });

  it('gives no start for a graph without edges, and umapFromKnn then uses the fallback', async () => {
    const empty = {
      n: 20,
      indptr: new Int32Array(21),
      indices: new Int32Array(0),
      data: new Float32Array(0),
    };
    expect(spectralInit(empty, 2, seededRandom(1))).toBeNull();
    const { x, n, d } = blobs(2, 40, 8, 2);
    normalizeRows(x, n, d);
    const knn = await knnOf(x, n, d, 10);
    const fit = umapFromKnn(
      knn,
      { spectral: true, fallback: () => pcaScores(x, n, d, 2, seededRandom(1)) },
      { nEpochs: 20 },
      { random: seededRandom(1) },
    );
    expect(fit.init).toBe('spectral');
    expect(fit.embedding.every(Number.isFinite)).toBe(true);
  });

  it('lays out all-identical points as finite coordinates from a spectral start', async () => {
    const n = 60;
    const x = new Float32Array(n * 4).fill(0.5);
    const knn = await knnOf(x, n, 4, 10);
    const fit = umapFromKnn(
      knn,
      { spectral: true, fallback: () => pcaScores(x, n, 4, 2, seededRandom(1)) },
      { nEpochs: 20 },
      { random: seededRandom(1) },
    );
    expect(fit.embedding.every(Number.isFinite)).toBe(true);
  });
});

describe('umapTransform', () => {
  it('places new points beside their own cluster', async () => {
    const all = blobs(4, 110, 16, 9);
    normalizeRows(all.x, all.n, all.d);
    const d = all.d;
    const n = 400;
    const x = all.x.slice(0, n * d);
    const knn = await knnOf(x, n, d, 15);
    const init = pcaScores(x, n, d, 2, seededRandom(3));
    const fit = umapFromKnn(knn, init, { nEpochs: 200 }, { random: seededRandom(3) });
    // The 40 held-out points: their 15 nearest training points.
    const m = all.n - n;
    const k = 15;
    const indices = new Int32Array(m * k);
    const distances = new Float32Array(m * k);
    for (let q = 0; q < m; q++) {
      const sims: [number, number][] = [];
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) s += all.x[(n + q) * d + t]! * x[j * d + t]!;
        sims.push([j, 1 - s]);
      }
      sims.sort((a, b) => a[1] - b[1]);
      sims.slice(0, k).forEach(([j, dist], a) => {
        indices[q * k + a] = j;
        distances[q * k + a] = dist;
      });
    }
    const placed = umapTransform(fit.model, { m, k, indices, distances }, { random: seededRandom(5) });
    let right = 0;
    for (let q = 0; q < m; q++) {
      let best = -1;
      let bestD = Infinity;
      for (let j = 0; j < n; j++) {
        const s =
          (placed[q * 2]! - fit.embedding[j * 2]!) ** 2 +
          (placed[q * 2 + 1]! - fit.embedding[j * 2 + 1]!) ** 2;
        if (s < bestD) {
          bestD = s;
          best = j;
        }
      }
      if (all.y[best] === all.y[n + q]) right++;
    }
    expect(right / m).toBeGreaterThan(0.95);
  });
});
