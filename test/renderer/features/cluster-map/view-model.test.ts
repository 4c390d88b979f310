import { describe, expect, it } from 'vitest';
import type { ClusterMapData } from '../../../../src/renderer/features/cluster-map/map-data';
import {
  DIMMED_ALPHA,
  NOISE_COLOR,
  buildMarks,
  buildPointBuffers,
  countMask,
  fitView,
  lassoSelect,
  legendRows,
  maskIndices,
  pointInPolygon,
  searchTitles,
  topicAnchors,
  topicColor,
  topicMask,
} from '../../../../src/renderer/features/cluster-map/view-model';
import { generateClusterMapData } from '../../../../src/renderer/features/cluster-map/fixture-data';

/** Five points: two in topic 0 around (0, 0), one in topic 1 at (10, 10), two noise. */
function small(): ClusterMapData {
  return {
    documentIds: Int32Array.from([11, 12, 13, 14, 15]),
    positions: Float32Array.from([-1, 0, 1, 0, 10, 10, 5, -5, -5, 5]),
    clusterIds: Int32Array.from([0, 0, 1, -1, -1]),
    probabilities: Float32Array.from([0.9, 0.8, 1, 0, 0]),
    assigned: new Uint8Array(5),
    strengths: Float32Array.from([0.9, 0.8, 1, NaN, NaN]),
    titles: ['Graph networks', 'Graph kernels', 'Protein folding', 'Misc one', 'Misc two'],
    topics: [
      { clusterId: 0, label: 'graphs', size: 2 },
      { clusterId: 1, label: 'proteins', size: 1 },
    ],
  };
}

describe('point buffers', () => {
  it('draws noise first, then topics, with positions and colours per draw slot', () => {
    const data = small();
    const { order, positions, colors } = buildPointBuffers(data, { showNoise: true, highlight: null });
    expect(Array.from(order)).toEqual([3, 4, 0, 1, 2]);
    expect(Array.from(positions)).toEqual([5, -5, -5, 5, -1, 0, 1, 0, 10, 10]);
    expect(Array.from(colors.subarray(0, 4))).toEqual([...NOISE_COLOR]);
    expect(Array.from(colors.subarray(8, 12))).toEqual([...topicColor(0)]);
    expect(colors).toBeInstanceOf(Uint8Array);
    expect(positions).toBeInstanceOf(Float32Array);
  });

  it('leaves noise out when it is hidden', () => {
    const { order, positions } = buildPointBuffers(small(), { showNoise: false, highlight: null });
    expect(Array.from(order)).toEqual([0, 1, 2]);
    expect(positions.length).toBe(6);
  });

  it('dims every point outside the highlight', () => {
    const data = small();
    const highlight = searchTitles(data.titles, 'graph');
    const { order, colors } = buildPointBuffers(data, { showNoise: true, highlight });
    const alpha = (i: number) => colors[4 * Array.from(order).indexOf(i) + 3];
    expect(alpha(0)).toBe(topicColor(0)[3]);
    expect(alpha(1)).toBe(topicColor(0)[3]);
    expect(alpha(2)).toBe(DIMMED_ALPHA);
    expect(alpha(3)).toBe(DIMMED_ALPHA);
  });

  it('gives topics distinct colours and noise grey', () => {
    const seen = new Set(Array.from({ length: 30 }, (_, c) => topicColor(c).join()));
    expect(seen.size).toBe(30);
    expect(topicColor(-1)).toEqual(NOISE_COLOR);
  });
});

describe('search and topic highlight', () => {
  it('matches titles case-insensitively and counts them', () => {
    const data = small();
    const mask = searchTitles(data.titles, '  GRAPH ');
    expect(Array.from(mask!)).toEqual([1, 1, 0, 0, 0]);
    expect(countMask(mask)).toBe(2);
    expect(searchTitles(data.titles, '   ')).toBeNull();
    expect(countMask(null)).toBe(0);
  });

  it('masks one topic', () => {
    expect(Array.from(topicMask(small().clusterIds, 1))).toEqual([0, 0, 1, 0, 0]);
  });

  it('lists a mask as indices only while few are set', () => {
    const mask = Uint8Array.from([0, 1, 1, 0, 1]);
    expect(Array.from(maskIndices(mask, 5))).toEqual([1, 2, 4]);
    expect(maskIndices(mask, 2).length).toBe(0);
    expect(maskIndices(null, 5).length).toBe(0);
  });
});

describe('lasso', () => {
  it('tests points against a polygon (even-odd)', () => {
    const square = [0, 0, 4, 0, 4, 4, 0, 4];
    expect(pointInPolygon(2, 2, square)).toBe(true);
    expect(pointInPolygon(5, 2, square)).toBe(false);
    // A U shape: the notch is outside.
    const u = [0, 0, 6, 0, 6, 6, 4, 6, 4, 2, 2, 2, 2, 6, 0, 6];
    expect(pointInPolygon(3, 4, u)).toBe(false);
    expect(pointInPolygon(1, 4, u)).toBe(true);
  });

  it('selects the drawn points inside the ring, ascending', () => {
    const data = small();
    const all = buildPointBuffers(data, { showNoise: true, highlight: null });
    const ring = [-6, -6, 6, -6, 6, 6, -6, 6];
    expect(Array.from(lassoSelect(data.positions, all.order, ring))).toEqual([0, 1, 3, 4]);
    const topicsOnly = buildPointBuffers(data, { showNoise: false, highlight: null });
    expect(Array.from(lassoSelect(data.positions, topicsOnly.order, ring))).toEqual([0, 1]);
    expect(lassoSelect(data.positions, all.order, [0, 0, 1, 1]).length).toBe(0);
  });

  it('selects from 100,000 points quickly', () => {
    const data = generateClusterMapData(100_000, { seed: 3 });
    const { order } = buildPointBuffers(data, { showNoise: true, highlight: null });
    const started = performance.now();
    const hits = lassoSelect(data.positions, order, [-5, -5, 5, -5, 5, 5, -5, 5]);
    expect(performance.now() - started).toBeLessThan(500);
    expect(hits.length).toBeGreaterThan(1000);
  });
});

describe('topic labels', () => {
  it('anchors each topic at the mean of its points', () => {
    const anchors = topicAnchors(small());
    expect(anchors).toEqual([
      { clusterId: 0, label: 'graphs', size: 2, x: 0, y: 0 },
      { clusterId: 1, label: 'proteins', size: 1, x: 10, y: 10 },
    ]);
  });
});

describe('marks, legend and view fit', () => {
  it('puts a ring per listed point with its group colour', () => {
    const marks = buildMarks(small(), [
      { indices: [0, 2], color: [1, 2, 3, 4] },
      { indices: [4], color: [9, 9, 9, 9] },
    ]);
    expect(marks.count).toBe(3);
    expect(Array.from(marks.positions)).toEqual([-1, 0, 10, 10, -5, 5]);
    expect(Array.from(marks.colors)).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 9, 9, 9, 9]);
  });

  it('lists topics by count, then noise', () => {
    expect(legendRows(small())).toEqual([
      { clusterId: 0, label: 'graphs', count: 2 },
      { clusterId: 1, label: 'proteins', count: 1 },
      { clusterId: -1, label: 'Noise', count: 2 },
    ]);
  });

  it('fits every point into the canvas', () => {
    const { target, zoom } = fitView(small().positions, 800, 400);
    expect(target).toEqual([2.5, 2.5, 0]);
    // 15 units wide and tall: the 400 px height decides, with a 10% margin.
    expect(2 ** zoom).toBeCloseTo((400 / 15) * 0.9);
    expect(fitView(new Float32Array(0), 10, 10)).toEqual({ target: [0, 0, 0], zoom: 0 });
  });
});
