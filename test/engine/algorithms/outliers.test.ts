import { describe, expect, it } from 'vitest';
import { assignNoiseToClusters } from '../../../src/engine/algorithms/outliers';

describe('assigning noise to clusters', () => {
  // Cluster 0 around (0,0) with radius 1, cluster 1 around (10,0) with radius 1.
  const pts = new Float32Array([1, 0, -1, 0, 0, 1, 0, -1, 11, 0, 9, 0, 10, 1, 10, -1, 1.5, 0, 13, 0, 5, 40]);
  const labels = new Int32Array([0, 0, 0, 0, 1, 1, 1, 1, -1, -1, -1]);
  it('gives noise the nearest cluster within the threshold, in cluster radii, and keeps the flag', () => {
    const r = assignNoiseToClusters(pts, 11, 2, labels, 2);
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 0, -1, -1]);
    expect(Array.from(r.wasNoise)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(r.assigned).toBe(1);
    expect(r.coverageBefore).toBeCloseTo(8 / 11);
    expect(r.coverageAfter).toBeCloseTo(9 / 11);
    expect(Array.from(labels)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, -1, -1, -1]);
    const wide = assignNoiseToClusters(pts, 11, 2, labels, 3);
    expect(Array.from(wide.labels.subarray(8))).toEqual([0, 1, -1]);
    const all = assignNoiseToClusters(pts, 11, 2, labels, Infinity);
    expect(all.coverageAfter).toBe(1);
  });
  it('leaves everything alone when there is no cluster', () => {
    const r = assignNoiseToClusters(pts, 11, 2, new Int32Array(11).fill(-1), Infinity);
    expect(r.assigned).toBe(0);
    expect(r.coverageAfter).toBe(0);
  });
});
