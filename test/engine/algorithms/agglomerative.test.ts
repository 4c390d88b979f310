import { describe, expect, it } from 'vitest';
import { averageLinkage, cutTree } from '../../../src/engine/algorithms/agglomerative';
import { seededRandom } from '../../../src/engine/algorithms/random';

/** Textbook UPGMA: merge the closest pair, distance between groups = mean of point distances. */
function naiveAverage(points: Float64Array, n: number, dims: number): number[] {
  const dist = (i: number, j: number) => {
    let s = 0;
    for (let k = 0; k < dims; k++) s += (points[i * dims + k]! - points[j * dims + k]!) ** 2;
    return Math.sqrt(s);
  };
  let groups = Array.from({ length: n }, (_, i) => [i]);
  const heights: number[] = [];
  while (groups.length > 1) {
    let best = Infinity;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < groups.length; i++)
      for (let j = i + 1; j < groups.length; j++) {
        let s = 0;
        for (const a of groups[i]!) for (const b of groups[j]!) s += dist(a, b);
        const v = s / (groups[i]!.length * groups[j]!.length);
        if (v < best) [best, bi, bj] = [v, i, j];
      }
    heights.push(best);
    const merged = [...groups[bi]!, ...groups[bj]!];
    groups = groups.filter((_, i) => i !== bi && i !== bj);
    groups.push(merged);
  }
  return heights;
}

describe('average linkage', () => {
  it('gives the merge heights of textbook UPGMA', () => {
    const random = seededRandom(7);
    const n = 40;
    const dims = 3;
    const points = Float64Array.from({ length: n * dims }, () => random());
    const l = averageLinkage(points, n, dims, 'euclidean');
    const expected = naiveAverage(points, n, dims).sort((a, b) => a - b);
    expect(l.distance.length).toBe(n - 1);
    [...l.distance].forEach((d, i) => expect(d).toBeCloseTo(expected[i]!, 10));
    expect(l.size[n - 2]).toBe(n);
    for (let i = 0; i < n - 1; i++) {
      expect(l.left[i]!).toBeLessThan(n + i);
      expect(l.right[i]!).toBeLessThan(n + i);
    }
  });

  it('cuts well-separated groups apart under cosine distance', () => {
    // Three directions, four noisy points each, interleaved.
    const dirs = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const random = seededRandom(3);
    const points = new Float32Array(12 * 3);
    for (let i = 0; i < 12; i++)
      for (let k = 0; k < 3; k++) points[i * 3 + k] = dirs[i % 3]![k]! + 0.05 * random();
    const labels = cutTree(averageLinkage(points, 12, 3), 3);
    expect([...labels]).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect([...cutTree(averageLinkage(points, 12, 3), 1)]).toEqual(new Array(12).fill(0));
    expect(new Set(cutTree(averageLinkage(points, 12, 3), 99)).size).toBe(12);
  });

  it('handles one point and rejects non-finite values', () => {
    const l = averageLinkage(new Float32Array([1, 2]), 1, 2);
    expect(l.left.length).toBe(0);
    expect([...cutTree(l, 7)]).toEqual([0]);
    expect(() => averageLinkage(new Float32Array([1, NaN]), 1, 2)).toThrow(/not finite/);
  });
});
