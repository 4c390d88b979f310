import { describe, expect, it } from 'vitest';
import { buildKdTree, kNearest } from '../../../src/engine/algorithms/kd-tree';

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

describe('k-d tree k nearest neighbours', () => {
  it('matches brute force, with the query first, on random and on gridded (tied) points', () => {
    const r = rng(11);
    const n = 500;
    for (const [dims, grid] of [
      [3, false],
      [3, true],
      [5, false],
    ] as const) {
      const pts = new Float64Array(n * dims);
      for (let i = 0; i < pts.length; i++) pts[i] = grid ? Math.floor(r() * 6) : r();
      const k = 12;
      const tree = buildKdTree(pts, n, dims, 8);
      const { indices, dist2, kth2 } = kNearest(tree, k, 5);
      for (let q = 0; q < n; q++) {
        const all = Array.from({ length: n }, (_, p) => {
          let s = 0;
          for (let d = 0; d < dims; d++) s += (pts[q * dims + d]! - pts[p * dims + d]!) ** 2;
          return s;
        }).sort((a, b) => a - b);
        expect(kth2[q]).toBe(all[k - 1]);
        for (let m = 0; m < 5; m++) expect(dist2[q * 5 + m]).toBe(all[m]);
        if (!grid) expect(indices[q * 5]).toBe(q);
      }
    }
  });

  it('keeps identical rows in one leaf without splitting forever', () => {
    const n = 1000;
    const pts = new Float64Array(n * 2).fill(3);
    const tree = buildKdTree(pts, n, 2, 10);
    expect(tree.nodeCount).toBe(1);
    const { kth2 } = kNearest(tree, 50, 1);
    expect(kth2.every((v) => v === 0)).toBe(true);
    expect(() => kNearest(tree, n + 1)).toThrow(RangeError);
  });
});
