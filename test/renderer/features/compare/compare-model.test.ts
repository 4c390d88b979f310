import { describe, expect, it } from 'vitest';
import type { RunsComparisonWire } from '../../../../src/shared/analysis';
import { toBase64 } from '../../../../src/shared/binary';
import {
  ariaSortOf,
  clusterName,
  countSelected,
  decodeComparison,
  defaultMatchSort,
  describeClusterRun,
  fitPositions,
  maskForDocuments,
  matchRows,
  nearestPoint,
  selectedDocuments,
  sortRows,
  toggleMatchSort,
  toScreen,
} from '../../../../src/renderer/features/compare/compare-model';

// Run A: clusters 0 (docs 10, 11, 12), 1 (13, 14); run B: 0 = {10, 11}, 1 = {12}, 2 = {13, 14, 15}; doc 15 noise in A.
const docs = Int32Array.from([10, 11, 12, 13, 14, 15]);
const la = Int32Array.from([0, 0, 0, 1, 1, -1]);
const lb = Int32Array.from([0, 0, 1, 2, 2, 2]);

const wire: RunsComparisonWire = {
  runA: {
    id: 3,
    name: null,
    params: { method: 'eom', minClusterSize: 2 },
    precision: 'int8',
    clusters: 2,
    noiseFraction: 1 / 6,
  },
  runB: {
    id: 4,
    name: 'leaf',
    params: { method: 'leaf', minClusterSize: 2 },
    precision: 'int8',
    clusters: 3,
    noiseFraction: 0,
  },
  sharedDocuments: 6,
  ari: 0.4,
  nmi: 0.7,
  clustersA: [
    { clusterId: 0, label: 'Parsing', size: 3 },
    { clusterId: 1, label: null, size: 2 },
  ],
  clustersB: [
    { clusterId: 0, label: null, size: 2 },
    { clusterId: 1, label: null, size: 1 },
    { clusterId: 2, label: 'Speech', size: 3 },
  ],
  matches: [
    { a: 0, b: 0, overlap: 2, jaccard: 2 / 3 },
    { a: 1, b: 2, overlap: 2, jaccard: 2 / 3 },
  ],
  splits: [{ a: 0, into: [0, 1] }],
  merges: [],
  vanished: [],
  appeared: [1],
  documentIds: toBase64(docs),
  clusterIdsA: toBase64(la),
  clusterIdsB: toBase64(lb),
};

describe('the matched-cluster table', () => {
  it('lists the matched pairs, then unmatched clusters of each run, with sizes, labels and changes', () => {
    const rows = matchRows(wire);
    expect(rows.map((r) => r.key)).toEqual(['0:0', '1:2', '-:1']);
    expect(rows[0]).toMatchObject({
      labelA: 'Parsing',
      labelB: null,
      sizeA: 3,
      sizeB: 2,
      overlap: 2,
      change: 'split into B0, B1',
    });
    expect(rows[1]).toMatchObject({ labelB: 'Speech', change: 'matched' });
    expect(rows[2]).toMatchObject({ a: null, b: 1, sizeA: 0, sizeB: 1, change: 'appeared' });
    expect(clusterName('A', 0, 'Parsing')).toBe('A0 · Parsing');
    expect(clusterName('B', 1, null)).toBe('B1');
    expect(clusterName('B', null, null)).toBe('—');
  });

  it('sorts by any column, rows without that cluster last, ties in table order', () => {
    const rows = matchRows(wire);
    expect(sortRows(rows, defaultMatchSort).map((r) => r.key)).toEqual(['0:0', '1:2', '-:1']);
    expect(sortRows(rows, { key: 'sizeB', direction: 'desc' }).map((r) => r.key)).toEqual([
      '1:2',
      '0:0',
      '-:1',
    ]);
    expect(sortRows(rows, { key: 'a', direction: 'desc' }).map((r) => r.key)).toEqual(['1:2', '0:0', '-:1']);
    expect(sortRows(rows, { key: 'a', direction: 'asc' }).map((r) => r.key)).toEqual(['0:0', '1:2', '-:1']);
    expect(sortRows(rows, { key: 'change', direction: 'asc' }).map((r) => r.key)).toEqual([
      '-:1',
      '1:2',
      '0:0',
    ]);
    expect(rows.map((r) => r.key)).toEqual(['0:0', '1:2', '-:1']);
  });

  it('toggles the active column and starts figures descending, ids ascending', () => {
    expect(toggleMatchSort(defaultMatchSort, 'overlap')).toEqual({ key: 'overlap', direction: 'asc' });
    expect(toggleMatchSort(defaultMatchSort, 'jaccard')).toEqual({ key: 'jaccard', direction: 'desc' });
    expect(toggleMatchSort(defaultMatchSort, 'b')).toEqual({ key: 'b', direction: 'asc' });
    expect(ariaSortOf(defaultMatchSort, 'overlap')).toBe('descending');
    expect(ariaSortOf(defaultMatchSort, 'a')).toBe('none');
  });
});

describe('linked selection', () => {
  const arrays = decodeComparison(wire);

  it('decodes the per-document clusters and refuses arrays of different lengths', () => {
    expect(Array.from(arrays.clusterIdsB)).toEqual(Array.from(lb));
    expect(() => decodeComparison({ ...wire, clusterIdsA: toBase64(la.subarray(0, 5)) })).toThrow(
      /6 documents/,
    );
  });

  it('selects a row as the documents of either cluster, and a cluster on one side alone', () => {
    const row = selectedDocuments(arrays, { kind: 'row', key: '0:0', a: 0, b: 0 });
    expect(Array.from(row)).toEqual([1, 1, 1, 0, 0, 0]);
    const appeared = selectedDocuments(arrays, { kind: 'row', key: '-:1', a: null, b: 1 });
    expect(Array.from(appeared)).toEqual([0, 0, 1, 0, 0, 0]);
    const b2 = selectedDocuments(arrays, { kind: 'cluster', side: 'b', clusterId: 2 });
    expect(Array.from(b2)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(countSelected(b2)).toBe(3);
    expect(countSelected(selectedDocuments(arrays, null))).toBe(0);
  });

  it('carries the selection onto a map whose points are in another document order', () => {
    const b2 = selectedDocuments(arrays, { kind: 'cluster', side: 'b', clusterId: 2 });
    const mapOrder = Int32Array.from([15, 14, 13, 12, 11, 10, 99]);
    expect(Array.from(maskForDocuments(arrays.documentIds, b2, mapOrder))).toEqual([1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('the scatter geometry', () => {
  const positions = Float32Array.from([0, 0, 10, 5, 5, 10]);

  it('fits the layout into the canvas with the aspect ratio kept and y flipped', () => {
    const fit = fitPositions(positions, 220, 120, 10);
    expect(fit.scale).toBeCloseTo(10, 9);
    const [x0, y0] = toScreen(fit, 0, 0);
    const [x1, y1] = toScreen(fit, 10, 10);
    expect(y0).toBeCloseTo(110, 9);
    expect(y1).toBeCloseTo(10, 9);
    expect(x0 + x1).toBeCloseTo(220, 9);
  });

  it('finds the nearest point within the radius, or none', () => {
    const fit = fitPositions(positions, 220, 120, 10);
    const [x, y] = toScreen(fit, 10, 5);
    expect(nearestPoint(positions, fit, x + 2, y - 2, 6)).toBe(1);
    expect(nearestPoint(positions, fit, x + 30, y, 6)).toBe(-1);
  });

  it('describes a run by its parameters', () => {
    expect(describeClusterRun({ method: 'leaf', minClusterSize: 10, minSamples: 10 })).toBe(
      'leaf, min size 10',
    );
    expect(describeClusterRun({ method: 'eom', minClusterSize: 10, minSamples: 5, assignNoise: 2 })).toBe(
      'eom, min size 10, min samples 5, noise assigned within 2 radii',
    );
    expect(describeClusterRun({ method: 'leaf', minClusterSize: 10, assignNoise: 'embedding' })).toBe(
      'leaf, min size 10, noise assigned by embedding',
    );
    expect(describeClusterRun({})).toBe('default parameters');
  });
});
