import { describe, expect, it } from 'vitest';
import { readNpy } from '../../../src/engine/io/npy';
import {
  extractClusters,
  hdbscan,
  hdbscanHierarchy,
  mutualReachabilityTree,
} from '../../../src/engine/algorithms/hdbscan';
import { adjustedRandIndex } from '../../../src/engine/algorithms/metrics';
import { sharedFile, withoutShared } from '../../support/shared';

/** Seeded uniform numbers in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian blobs (Box-Muller) around the given centres, `per` points each, plus uniform noise. */
function blobs(centres: number[][], per: number, spread: number, noise: number, seed: number) {
  const r = rng(seed);
  const dims = centres[0]!.length;
  const n = centres.length * per + noise;
  const points = new Float32Array(n * dims);
  const truth = new Int32Array(n).fill(-1);
  let i = 0;
  for (let c = 0; c < centres.length; c++)
    for (let k = 0; k < per; k++, i++) {
      truth[i] = c;
      for (let d = 0; d < dims; d++) {
        const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
        points[i * dims + d] = centres[c]![d]! + spread * g;
      }
    }
  for (; i < n; i++) for (let d = 0; d < dims; d++) points[i * dims + d] = -20 + 40 * r();
  return { points, n, dims, truth };
}

describe.skipIf(withoutShared)('hdbscan against the reference library', () => {
  const cases = ['umapjs-5k-k15', 'umapjs-10k-k100', 'umapjs-25k-k15', 'umapl-25k-k100'];
  for (const name of cases) {
    it(`agrees on ${name} for eom and leaf (ARI >= 0.999, same cluster counts)`, () => {
      const pts = readNpy(sharedFile(`reference/hdbscan/${name}.points.npy`));
      const [n, dims] = pts.shape as [number, number];
      const h = hdbscanHierarchy(pts.data as Float32Array, n, dims, { minClusterSize: 100 });
      for (const method of ['eom', 'leaf'] as const) {
        const ref = readNpy(sharedFile(`reference/hdbscan/${name}.labels-${method}.npy`)).data as Int32Array;
        const refClusters = new Set(Array.from(ref).filter((l) => l >= 0)).size;
        const r = extractClusters(h, { method });
        expect(r.clusterCount, `${method} cluster count`).toBe(refClusters);
        expect(adjustedRandIndex(r.labels, ref), `${method} ARI`).toBeGreaterThanOrEqual(0.999);
      }
    }, 30_000);
  }
});

describe('hdbscan', () => {
  it('finds well-separated blobs, marks scattered points as noise, and fills every output', () => {
    const { points, n, dims, truth } = blobs(
      [
        [0, 0, 0],
        [10, 0, 0],
        [0, 10, 5],
      ],
      150,
      0.6,
      30,
      1,
    );
    const r = hdbscan(points, n, dims, { minClusterSize: 20 });
    expect(r.clusterCount).toBe(3);
    expect(adjustedRandIndex(r.labels.subarray(0, 450), truth.subarray(0, 450))).toBeGreaterThan(0.98);
    let noise = 0;
    for (let i = 450; i < n; i++) if (r.labels[i] === -1) noise++;
    expect(noise).toBeGreaterThan(20);
    for (let i = 0; i < n; i++) {
      expect(r.probabilities[i]).toBeGreaterThanOrEqual(0);
      expect(r.probabilities[i]).toBeLessThanOrEqual(1);
      expect(r.outlierScores[i]).toBeGreaterThanOrEqual(0);
      expect(r.outlierScores[i]).toBeLessThanOrEqual(1);
      if (r.labels[i] === -1) expect(r.probabilities[i]).toBe(0);
    }
    // Scattered points are more outlying than blob members on average.
    const mean = (a: number, b: number) => {
      let s = 0;
      for (let i = a; i < b; i++) s += r.outlierScores[i]!;
      return s / (b - a);
    };
    expect(mean(450, n)).toBeGreaterThan(mean(0, 450));
    expect(r.persistence.length).toBe(3);
    for (let c = 0; c < 3; c++) {
      const ex = r.exemplars.subarray(r.exemplarOffsets[c], r.exemplarOffsets[c + 1]);
      expect(ex.length).toBeGreaterThan(0);
      for (const p of ex) expect(r.labels[p]).toBe(c);
    }
    // The condensed tree: every point appears exactly once as a child.
    const t = r.condensedTree;
    const seen = new Uint8Array(n);
    for (let i = 0; i < t.children.length; i++) if (t.children[i]! < n) seen[t.children[i]!]!++;
    expect(seen.every((v) => v === 1)).toBe(true);
    expect(Math.min(...t.parents)).toBe(n);
  });

  it('builds a minimum spanning tree as light as brute-force Prim on the mutual-reachability graph', () => {
    for (const seed of [7, 8]) {
      const { points, n, dims } = blobs(
        [
          [0, 0],
          [3, 1],
        ],
        120,
        1,
        60,
        seed,
      );
      const ms = 5;
      const d = (i: number, j: number) =>
        Math.hypot(points[i * dims]! - points[j * dims]!, points[i * dims + 1]! - points[j * dims + 1]!);
      const core = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const ds = Array.from({ length: n }, (_, j) => d(i, j)).sort((a, b) => a - b);
        core[i] = ds[ms]!;
      }
      const inTree = new Uint8Array(n);
      const best = new Float64Array(n).fill(Infinity);
      best[0] = 0;
      let total = 0;
      for (let step = 0; step < n; step++) {
        let u = -1;
        for (let j = 0; j < n; j++) if (!inTree[j] && (u < 0 || best[j]! < best[u]!)) u = j;
        inTree[u] = 1;
        total += best[u]!;
        for (let j = 0; j < n; j++)
          if (!inTree[j]) best[j] = Math.min(best[j]!, Math.max(core[u]!, core[j]!, d(u, j)));
      }
      const { mst, coreDistances } = mutualReachabilityTree(points, n, dims, ms);
      for (let i = 0; i < n; i++) expect(coreDistances[i]).toBeCloseTo(core[i]!, 5);
      expect(mst.w.length).toBe(n - 1);
      let sum = 0;
      for (const w of mst.w) sum += w;
      expect(sum).toBeCloseTo(total, 4);
      // The edges connect everything.
      const parent = Int32Array.from({ length: n }, (_, i) => i);
      const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x]!)));
      for (let e = 0; e < n - 1; e++) parent[find(mst.a[e]!)] = find(mst.b[e]!);
      expect(new Set(Array.from({ length: n }, (_, i) => find(i))).size).toBe(1);
    }
  });
});

describe('hdbscan on awkward input', () => {
  const { points, n, dims } = blobs(
    [
      [0, 0],
      [5, 5],
    ],
    50,
    0.5,
    0,
    3,
  );
  it('rejects fewer points than the min cluster size', () => {
    expect(() => hdbscan(points.subarray(0, 20), 10, 2, { minClusterSize: 20 })).toThrow(
      /10 points cannot hold a cluster of at least 20/,
    );
  });
  it('takes exactly min cluster size points: no split is possible, so no cluster, all noise', () => {
    const r = hdbscan(points, n, dims, { minClusterSize: n });
    expect(r.clusterCount).toBe(0);
    expect(r.labels.every((l) => l === -1)).toBe(true);
    expect(hdbscan(points, n, dims, { minClusterSize: n, allowSingleCluster: true }).clusterCount).toBe(1);
  });
  it('rejects an explicit min samples >= n', () => {
    expect(() => hdbscan(points, n, dims, { minClusterSize: 10, minSamples: n })).toThrow(
      /min samples \(100\) must be smaller than the number of points \(100\)/,
    );
  });
  it('rejects NaN and infinite coordinates, naming the point', () => {
    const bad = points.slice();
    bad[2 * 7 + 1] = NaN;
    expect(() => hdbscan(bad, n, dims, { minClusterSize: 10 })).toThrow(
      /point 7 has a non-finite coordinate/,
    );
    bad[2 * 7 + 1] = Infinity;
    expect(() => hdbscan(bad, n, dims, { minClusterSize: 10 })).toThrow(/point 7/);
  });
  it('rejects bad sizes and shapes', () => {
    expect(() => hdbscan(points, n, dims, { minClusterSize: 1 })).toThrow(/min cluster size/);
    expect(() => hdbscan(points, n + 1, dims, { minClusterSize: 10 })).toThrow(/expected/);
  });
  it('clusters many identical rows: they form a cluster at distance 0 (lambda Infinity), no hang', () => {
    // 300 copies of one point, 300 of another, and 40 scattered points.
    const m = 640;
    const dup = new Float32Array(m * 2);
    const r = rng(5);
    for (let i = 0; i < m; i++) {
      if (i < 300) dup.set([1, 1], i * 2);
      else if (i < 600) dup.set([4, -2], i * 2);
      else dup.set([-10 + 20 * r(), -10 + 20 * r()], i * 2);
    }
    for (const method of ['eom', 'leaf'] as const) {
      const res = hdbscan(dup, m, 2, { minClusterSize: 50, method });
      expect(res.clusterCount).toBe(2);
      expect(new Set(res.labels.subarray(0, 300)).size).toBe(1);
      expect(new Set(res.labels.subarray(300, 600)).size).toBe(1);
      expect(res.labels[0]).not.toBe(res.labels[300]);
      expect(res.labels[0]).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < 600; i++) expect(res.probabilities[i]).toBe(1);
      expect(Array.from(res.outlierScores).every((v) => v >= 0 && v <= 1)).toBe(true);
    }
    // All rows identical: no split ever happens, so there is no cluster unless one is allowed.
    const same = new Float32Array(200 * 3).fill(2);
    expect(hdbscan(same, 200, 3, { minClusterSize: 10 }).clusterCount).toBe(0);
    const single = hdbscan(same, 200, 3, { minClusterSize: 10, allowSingleCluster: true });
    expect(single.clusterCount).toBe(1);
    expect(Array.from(single.labels).every((l) => l === 0)).toBe(true);
  });
  it('merges clusters born below the selection epsilon', () => {
    const four = blobs(
      [
        [0, 0],
        [1.5, 0],
        [10, 0],
        [11.5, 0],
      ],
      60,
      0.2,
      0,
      9,
    );
    const plain = hdbscan(four.points, four.n, 2, { minClusterSize: 15, method: 'leaf' });
    expect(plain.clusterCount).toBe(4);
    const merged = hdbscan(four.points, four.n, 2, {
      minClusterSize: 15,
      method: 'leaf',
      clusterSelectionEpsilon: 3,
    });
    expect(merged.clusterCount).toBe(2);
  });
  it('reports progress and can be cancelled', () => {
    const stages = new Set<string>();
    hdbscan(points, n, dims, { minClusterSize: 10, onProgress: (s) => stages.add(s) });
    expect([...stages]).toEqual(expect.arrayContaining(['core distances', 'spanning tree', 'hierarchy']));
    expect(() => hdbscan(points, n, dims, { minClusterSize: 10, isCancelled: () => true })).toThrow(
      /cancelled/,
    );
  });
});
