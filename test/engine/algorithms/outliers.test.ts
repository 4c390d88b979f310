import { describe, expect, it } from 'vitest';
import { assignNoiseByEmbedding, assignNoiseToClusters } from '../../../src/engine/algorithms/outliers';

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

describe('assigning noise by the embedding space', () => {
  // Unit vectors in 3-d: topic 0 around x, topic 1 around y; members spread a little.
  const unit = (v: number[]) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const rows = [
    unit([1, 0.1, 0]),
    unit([1, -0.1, 0]),
    unit([1, 0, 0.2]), // least typical member of topic 0
    unit([0.1, 1, 0]),
    unit([-0.1, 1, 0]),
    unit([0, 1, 0.05]),
    unit([1, 0.05, 0.05]), // noise, closer to topic 0 than its least typical member
    unit([0.3, 1, 0.3]), // noise, near topic 1 but farther than any of its members
    unit([0, 0, 1]), // noise, far from both
    unit([1, 0, 0.19]), // noise, a shade more typical of topic 0 than its least typical member
  ];
  const vectors = new Float32Array(rows.flat());
  const labels = new Int32Array([0, 0, 0, 1, 1, 1, -1, -1, -1, -1]);

  it('gives a noise point the most similar topic when it is as close as that topic’s own members', () => {
    const r = assignNoiseByEmbedding(vectors, 10, 3, labels, { spread: null });
    expect(Array.from(r.labels)).toEqual([0, 0, 0, 1, 1, 1, 0, -1, -1, 0]);
    expect(Array.from(r.wasNoise)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
    expect(r.assigned).toBe(2);
    expect(r.coverageBefore).toBeCloseTo(6 / 10);
    expect(r.coverageAfter).toBeCloseTo(8 / 10);
    // Strength: the share of the topic's members less similar to its centre. Unassigned points have none.
    expect(r.strengths[6]).toBe(1);
    expect(r.strengths[9]).toBeCloseTo(1 / 3);
    expect(Number.isNaN(r.strengths[7]!)).toBe(true);
    expect(Number.isNaN(r.strengths[0]!)).toBe(true);
    expect(Array.from(labels)).toEqual([0, 0, 0, 1, 1, 1, -1, -1, -1, -1]);
  });

  it('places fewer points with a higher floor, and nothing without topics', () => {
    // A floor at the middle member: only points at least that typical join.
    const strict = assignNoiseByEmbedding(vectors, 10, 3, labels, { floor: 0.5, spread: null });
    expect(Array.from(strict.labels.subarray(6))).toEqual([0, -1, -1, -1]);
    const none = assignNoiseByEmbedding(vectors, 10, 3, new Int32Array(10).fill(-1));
    expect(none.assigned).toBe(0);
    expect(none.coverageAfter).toBe(0);
  });
});

describe('the bar of a small topic', () => {
  it('is four standard deviations under its members’ mean similarity when that is lower than its least typical member', () => {
    // Topic 0: three papers at angles -0.1, 0, 0.1 (radians) in 2-d; topic 1 far off at about 1.5.
    const at = (a: number) => [Math.cos(a), Math.sin(a)];
    const vectors = new Float32Array([-0.1, 0, 0.1, 1.45, 1.5, 1.55, 0.13, 0.2].flatMap(at));
    const labels = new Int32Array([0, 0, 0, 1, 1, 1, -1, -1]);
    // The least typical member is at 0.1: 0.13 is past it, but within four standard deviations.
    expect(
      Array.from(assignNoiseByEmbedding(vectors, 8, 2, labels, { spread: null }).labels.subarray(6)),
    ).toEqual([-1, -1]);
    const r = assignNoiseByEmbedding(vectors, 8, 2, labels);
    expect(Array.from(r.labels.subarray(6))).toEqual([0, -1]);
    expect(r.strengths[6]).toBe(0);
  });
});
