import type { RunsComparisonWire } from '../../../shared/analysis';
import { int32FromBase64 } from '../../../shared/binary';
import type { ColumnSort } from '../../components/column-sort';
import { ariaSortOf, toggleColumnSort } from '../../components/column-sort';

// Pure logic behind the run comparison: the matched-cluster table, its sorting, linked selection
// across the two runs and the scatter's geometry. No DOM, so tests run it in Node.

/** Per shared document (ascending id): its cluster in run A and in run B (-1 noise). */
export type ComparisonArrays = { documentIds: Int32Array; clusterIdsA: Int32Array; clusterIdsB: Int32Array };

export function decodeComparison(wire: RunsComparisonWire): ComparisonArrays {
  const documentIds = int32FromBase64(wire.documentIds);
  const clusterIdsA = int32FromBase64(wire.clusterIdsA);
  const clusterIdsB = int32FromBase64(wire.clusterIdsB);
  if (clusterIdsA.length !== documentIds.length || clusterIdsB.length !== documentIds.length)
    throw new Error(
      `comparison: ${documentIds.length} documents but ${clusterIdsA.length} and ${clusterIdsB.length} clusters`,
    );
  return { documentIds, clusterIdsA, clusterIdsB };
}

/** One row of the table: a matched pair, or a cluster of one run with no partner (the other side null). */
export type MatchRow = {
  key: string;
  a: number | null;
  b: number | null;
  labelA: string | null;
  labelB: string | null;
  sizeA: number;
  sizeB: number;
  overlap: number;
  jaccard: number;
  /** What happened to the cluster: matched, split, merged, vanished, appeared, or unmatched. */
  change: string;
};

/** The table's rows: the Hungarian pairs, then A's clusters without a partner, then B's. */
export function matchRows(c: RunsComparisonWire): MatchRow[] {
  const split = new Map(c.splits.map((s) => [s.a, s.into]));
  const merged = new Map(c.merges.map((m) => [m.b, m.from]));
  const vanished = new Set(c.vanished);
  const appeared = new Set(c.appeared);
  const changeOf = (a: number | null, b: number | null): string => {
    const parts: string[] = [];
    if (a !== null && split.has(a))
      parts.push(
        `split into ${split
          .get(a)!
          .map((x) => `B${x}`)
          .join(', ')}`,
      );
    if (b !== null && merged.has(b))
      parts.push(
        `merged from ${merged
          .get(b)!
          .map((x) => `A${x}`)
          .join(', ')}`,
      );
    if (a !== null && vanished.has(a)) parts.push('vanished');
    if (b !== null && appeared.has(b)) parts.push('appeared');
    if (parts.length) return parts.join('; ');
    return a !== null && b !== null ? 'matched' : 'unmatched';
  };
  const rows: MatchRow[] = [];
  const pairedA = new Set<number>();
  const pairedB = new Set<number>();
  for (const m of c.matches) {
    pairedA.add(m.a);
    pairedB.add(m.b);
    rows.push({
      key: `${m.a}:${m.b}`,
      a: m.a,
      b: m.b,
      labelA: c.clustersA[m.a]?.label ?? null,
      labelB: c.clustersB[m.b]?.label ?? null,
      sizeA: c.clustersA[m.a]?.size ?? 0,
      sizeB: c.clustersB[m.b]?.size ?? 0,
      overlap: m.overlap,
      jaccard: m.jaccard,
      change: changeOf(m.a, m.b),
    });
  }
  for (const r of c.clustersA)
    if (!pairedA.has(r.clusterId))
      rows.push({
        key: `${r.clusterId}:-`,
        a: r.clusterId,
        b: null,
        labelA: r.label,
        labelB: null,
        sizeA: r.size,
        sizeB: 0,
        overlap: 0,
        jaccard: 0,
        change: changeOf(r.clusterId, null),
      });
  for (const r of c.clustersB)
    if (!pairedB.has(r.clusterId))
      rows.push({
        key: `-:${r.clusterId}`,
        a: null,
        b: r.clusterId,
        labelA: null,
        labelB: r.label,
        sizeA: 0,
        sizeB: r.size,
        overlap: 0,
        jaccard: 0,
        change: changeOf(null, r.clusterId),
      });
  return rows;
}

export type MatchSortKey = 'a' | 'b' | 'sizeA' | 'sizeB' | 'overlap' | 'jaccard' | 'change';
export type MatchSort = ColumnSort<MatchSortKey>;
export const defaultMatchSort: MatchSort = { key: 'overlap', direction: 'desc' };

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** A sorted copy; rows missing the sorted cluster go last either way, ties keep the table's order. */
export function sortRows(rows: readonly MatchRow[], sort: MatchSort): MatchRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const indexed = rows.map((row, i) => ({ row, i }));
  const value = (r: MatchRow) => r[sort.key];
  indexed.sort((x, y) => {
    const a = value(x.row);
    const b = value(y.row);
    if (a === null && b !== null) return 1;
    if (b === null && a !== null) return -1;
    let d = 0;
    if (typeof a === 'string' && typeof b === 'string') d = collator.compare(a, b);
    else if (typeof a === 'number' && typeof b === 'number') d = a - b;
    return sign * d || x.i - y.i;
  });
  return indexed.map((e) => e.row);
}

/** The active column flips; a new one starts descending for figures, ascending for ids and text. */
export const toggleMatchSort = (current: MatchSort, key: MatchSortKey): MatchSort =>
  toggleColumnSort(current, key, (k) => k !== 'a' && k !== 'b' && k !== 'change');

export { ariaSortOf };

/** What is selected: a row (its A cluster and its B cluster) or one run's cluster. */
export type CompareSelection =
  | { kind: 'row'; key: string; a: number | null; b: number | null }
  | { kind: 'cluster'; side: 'a' | 'b'; clusterId: number };

/** Which shared documents the selection holds (1 = selected), in the comparison's document order. */
export function selectedDocuments(arrays: ComparisonArrays, selection: CompareSelection | null): Uint8Array {
  const n = arrays.documentIds.length;
  const out = new Uint8Array(n);
  if (!selection) return out;
  const { clusterIdsA: la, clusterIdsB: lb } = arrays;
  for (let i = 0; i < n; i++) {
    if (selection.kind === 'row') {
      if ((selection.a !== null && la[i] === selection.a) || (selection.b !== null && lb[i] === selection.b))
        out[i] = 1;
    } else if ((selection.side === 'a' ? la[i] : lb[i]) === selection.clusterId) out[i] = 1;
  }
  return out;
}

/** Carries a per-document mask onto another document order (e.g. a map's points); absent ids get 0. */
export function maskForDocuments(sourceIds: Int32Array, mask: Uint8Array, targetIds: Int32Array): Uint8Array {
  const selected = new Set<number>();
  for (let i = 0; i < sourceIds.length; i++) if (mask[i]) selected.add(sourceIds[i]!);
  const out = new Uint8Array(targetIds.length);
  for (let i = 0; i < targetIds.length; i++) if (selected.has(targetIds[i]!)) out[i] = 1;
  return out;
}

export const countSelected = (mask: Uint8Array): number => mask.reduce((s, v) => s + v, 0);

/** Maps layout units onto a canvas of width x height pixels, keeping the aspect ratio, `pad` px margin. */
export type Fit = { scale: number; offsetX: number; offsetY: number };

export function fitPositions(positions: Float32Array, width: number, height: number, pad = 8): Fit {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < positions.length; i += 2) {
    const x = positions[i]!;
    const y = positions[i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!Number.isFinite(minX)) return { scale: 1, offsetX: width / 2, offsetY: height / 2 };
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  // Centre the layout; y grows downwards on a canvas, so flip it.
  const offsetX = (width - scale * (minX + maxX)) / 2;
  const offsetY = (height + scale * (minY + maxY)) / 2;
  return { scale, offsetX, offsetY };
}

export const toScreen = (fit: Fit, x: number, y: number): [number, number] => [
  fit.offsetX + fit.scale * x,
  fit.offsetY - fit.scale * y,
];

/** The point nearest to pixel (px, py) within `radius` px, or -1. */
export function nearestPoint(positions: Float32Array, fit: Fit, px: number, py: number, radius = 6): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; 2 * i + 1 < positions.length; i++) {
    const [sx, sy] = toScreen(fit, positions[2 * i]!, positions[2 * i + 1]!);
    const d = (sx - px) ** 2 + (sy - py) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** A cluster run's parameters in a few words: "eom, min size 10, int8". */
export function describeClusterRun(params: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof params.method === 'string') parts.push(params.method);
  if (typeof params.minClusterSize === 'number') parts.push(`min size ${params.minClusterSize}`);
  if (typeof params.minSamples === 'number' && params.minSamples !== params.minClusterSize)
    parts.push(`min samples ${params.minSamples}`);
  if (typeof params.clusterSelectionEpsilon === 'number' && params.clusterSelectionEpsilon > 0)
    parts.push(`ε ${params.clusterSelectionEpsilon}`);
  if (typeof params.assignNoise === 'number') parts.push(`noise assigned within ${params.assignNoise} radii`);
  else if (params.assignNoise === 'embedding') parts.push('noise assigned by embedding');
  if (typeof params.precision === 'string') parts.push(params.precision);
  return parts.join(', ') || 'default parameters';
}

/** A cluster's name in the table: "A3 · Label" or "A3". */
export const clusterName = (side: 'A' | 'B', id: number | null, label: string | null): string =>
  id === null ? '—' : label ? `${side}${id} · ${label}` : `${side}${id}`;
