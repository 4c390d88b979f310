import type { ClusterMapData } from './map-data';
import { topicColor } from './palette';
import type { Rgba } from './palette';

// Pure computations behind the cluster map: colours, draw order, labels, search and lasso. No DOM and
// no WebGL, so tests run them in Node; every array here is flat and sized by the point count.

export type { Rgba } from './palette';
export { NOISE_COLOR, NOISE_COLOR_DARK, topicColor } from './palette';

/** Alpha of points outside the current highlight (search matches or a chosen topic). */
export const DIMMED_ALPHA = 28;
/** Dot radius (pixels) of documents HDBSCAN clustered itself, and of noise. */
export const POINT_RADIUS_PX = 2.5;
/** Assigned documents (noise placed in a topic afterwards) are smaller and fainter than core ones. */
export const ASSIGNED_RADIUS_PX = 1.6;
export const ASSIGNED_ALPHA_SCALE = 0.5;

/**
 * The map's interactive state; `highlight` (n, 1 = highlighted) dims every other point when set;
 * `showAssigned` (default true) draws the assigned documents; `theme` picks the noise colour for the
 * background (light when left out).
 */
export type MapOptions = {
  showNoise: boolean;
  showAssigned?: boolean;
  highlight: Uint8Array | null;
  theme?: 'light' | 'dark';
};

/**
 * The scatter's binary attributes for the current options: `order` (m, draw slot -> point index),
 * `positions` Float32 (m x 2), `colors` Uint8 (m x 4 RGBA) and `radii` Float32 (m, pixels). Noise is
 * drawn first, then assigned documents, then core ones on top; a hidden group is left out entirely
 * (so it cannot be hovered or lassoed).
 */
export type PointBuffers = {
  order: Int32Array;
  positions: Float32Array;
  colors: Uint8Array;
  radii: Float32Array;
};

/** Draw group of point i: 0 noise, 1 assigned, 2 core. */
const groupOf = (data: ClusterMapData, i: number) =>
  data.clusterIds[i]! < 0 ? 0 : data.assigned[i] === 1 ? 1 : 2;

export function buildPointBuffers(
  data: ClusterMapData,
  { showNoise, showAssigned = true, highlight, theme = 'light' }: MapOptions,
): PointBuffers {
  const n = data.clusterIds.length;
  const shown = [showNoise, showAssigned, true];
  let m = 0;
  for (let i = 0; i < n; i++) if (shown[groupOf(data, i)]) m++;
  const order = new Int32Array(m);
  let slot = 0;
  for (let g = 0; g < 3; g++) {
    if (!shown[g]) continue;
    for (let i = 0; i < n; i++) if (groupOf(data, i) === g) order[slot++] = i;
  }

  const palette = new Map<number, Rgba>();
  const positions = new Float32Array(2 * m);
  const colors = new Uint8Array(4 * m);
  const radii = new Float32Array(m);
  for (let s = 0; s < m; s++) {
    const i = order[s]!;
    positions[2 * s] = data.positions[2 * i]!;
    positions[2 * s + 1] = data.positions[2 * i + 1]!;
    const c = data.clusterIds[i]!;
    let rgba = palette.get(c);
    if (!rgba) palette.set(c, (rgba = topicColor(c, theme)));
    const assigned = c >= 0 && data.assigned[i] === 1;
    colors[4 * s] = rgba[0];
    colors[4 * s + 1] = rgba[1];
    colors[4 * s + 2] = rgba[2];
    colors[4 * s + 3] =
      highlight && !highlight[i]
        ? DIMMED_ALPHA
        : assigned
          ? Math.round(rgba[3] * ASSIGNED_ALPHA_SCALE)
          : rgba[3];
    radii[s] = assigned ? ASSIGNED_RADIUS_PX : POINT_RADIUS_PX;
  }
  return { order, positions, colors, radii };
}

/** How many documents are assigned (HDBSCAN noise placed in a topic): the map's toggle shows it. */
export function countAssigned(data: ClusterMapData): number {
  let k = 0;
  for (let i = 0; i < data.assigned.length; i++) if (data.assigned[i] === 1 && data.clusterIds[i]! >= 0) k++;
  return k;
}

/** Mean position of each cluster's points: where its label goes. */
export type TopicAnchor = { clusterId: number; label: string; size: number; x: number; y: number };

export function topicAnchors(data: ClusterMapData): TopicAnchor[] {
  const sum = new Map<number, { x: number; y: number; n: number }>();
  for (let i = 0; i < data.clusterIds.length; i++) {
    const c = data.clusterIds[i]!;
    if (c < 0) continue;
    let s = sum.get(c);
    if (!s) sum.set(c, (s = { x: 0, y: 0, n: 0 }));
    s.x += data.positions[2 * i]!;
    s.y += data.positions[2 * i + 1]!;
    s.n++;
  }
  return data.topics
    .filter((t) => sum.has(t.clusterId))
    .map((t) => {
      const s = sum.get(t.clusterId)!;
      return { clusterId: t.clusterId, label: t.label, size: t.size, x: s.x / s.n, y: s.y / s.n };
    });
}

/** Points whose title contains the query (case-insensitive); null for an empty query. */
export function searchTitles(titles: readonly string[], query: string): Uint8Array | null {
  const q = query.trim().toLowerCase();
  if (!q) return null;
  const mask = new Uint8Array(titles.length);
  for (let i = 0; i < titles.length; i++) if (titles[i]!.toLowerCase().includes(q)) mask[i] = 1;
  return mask;
}

/** Points of one topic, as a highlight mask. */
export function topicMask(clusterIds: Int32Array, clusterId: number): Uint8Array {
  const mask = new Uint8Array(clusterIds.length);
  for (let i = 0; i < clusterIds.length; i++) if (clusterIds[i] === clusterId) mask[i] = 1;
  return mask;
}

export const countMask = (mask: Uint8Array | null) => {
  if (!mask) return 0;
  let k = 0;
  for (let i = 0; i < mask.length; i++) k += mask[i]!;
  return k;
};

/** Even-odd ray casting; `polygon` is a flat [x0, y0, x1, y1, ...] ring in layout units. */
export function pointInPolygon(x: number, y: number, polygon: ArrayLike<number>): boolean {
  let inside = false;
  const m = polygon.length / 2;
  for (let i = 0, j = m - 1; i < m; j = i++) {
    const xi = polygon[2 * i]!;
    const yi = polygon[2 * i + 1]!;
    const xj = polygon[2 * j]!;
    const yj = polygon[2 * j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The drawn point nearest to world (x, y) within `radius` world units, or -1: picking on the CPU,
 * for when the GPU's picking pass is slow (WebGL on the CPU). Of equally near points the one drawn
 * last (on top) wins. A scan of 100,000 points takes about a millisecond.
 */
export function pickNearest(
  positions: Float32Array,
  order: Int32Array,
  x: number,
  y: number,
  radius: number,
): number {
  let best = -1;
  let bestD = radius * radius;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const dx = positions[2 * i]! - x;
    const dy = positions[2 * i + 1]! - y;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/**
 * Point indices (ascending) inside the lasso ring, considering only `order`'s points (the ones drawn).
 * A bounding-box test first keeps a small lasso over 100k points cheap.
 */
export function lassoSelect(
  positions: Float32Array,
  order: Int32Array,
  polygon: ArrayLike<number>,
): Int32Array {
  if (polygon.length < 6) return new Int32Array(0);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let k = 0; k < polygon.length; k += 2) {
    x0 = Math.min(x0, polygon[k]!);
    x1 = Math.max(x1, polygon[k]!);
    y0 = Math.min(y0, polygon[k + 1]!);
    y1 = Math.max(y1, polygon[k + 1]!);
  }
  const hits: number[] = [];
  for (let s = 0; s < order.length; s++) {
    const i = order[s]!;
    const x = positions[2 * i]!;
    const y = positions[2 * i + 1]!;
    if (x < x0 || x > x1 || y < y0 || y > y1) continue;
    if (pointInPolygon(x, y, polygon)) hits.push(i);
  }
  return Int32Array.from(hits.sort((a, b) => a - b));
}

/** Rings drawn over points: lasso selection, search matches and the clicked point. */
export type MarkBuffers = { positions: Float32Array; colors: Uint8Array; count: number };

export const SELECTION_COLOR: Rgba = [20, 20, 20, 255];
/** Selection rings on the dark background. */
export const SELECTION_COLOR_DARK: Rgba = [240, 242, 244, 255];
export const MATCH_COLOR: Rgba = [0, 110, 200, 255];
export const FOCUS_COLOR: Rgba = [230, 60, 30, 255];

/** Search matches get rings only when few: rings on thousands of points would hide the map. */
export const MAX_MATCH_RINGS = 200;

/** One ring per listed point index, in the order given (later groups draw on top). */
export function buildMarks(
  data: ClusterMapData,
  groups: readonly { indices: ArrayLike<number>; color: Rgba }[],
): MarkBuffers {
  const count = groups.reduce((k, g) => k + g.indices.length, 0);
  const positions = new Float32Array(2 * count);
  const colors = new Uint8Array(4 * count);
  let slot = 0;
  for (const { indices, color } of groups)
    for (let k = 0; k < indices.length; k++, slot++) {
      const i = indices[k]!;
      positions[2 * slot] = data.positions[2 * i]!;
      positions[2 * slot + 1] = data.positions[2 * i + 1]!;
      colors.set(color, 4 * slot);
    }
  return { positions, colors, count };
}

/** Indices of the set entries of a mask, or nothing when more than `limit` are set. */
export function maskIndices(mask: Uint8Array | null, limit: number): Int32Array {
  if (!mask) return new Int32Array(0);
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) {
      if (out.length === limit) return new Int32Array(0);
      out.push(i);
    }
  return Int32Array.from(out);
}

/** Share of points left out at each end of an axis when the view frames the bulk of the map. */
export const FIT_TAIL = 0.01;
/** A tail that reaches no further than this share of the bulk's span beyond it is framed as well. */
const NEAR_TAIL = 0.25;
/** Above this many points the percentiles are read from an even sample. */
const FIT_SAMPLE = 50_000;

/** The q-quantile (0..1, nearest rank) of a sorted array. */
const quantile = (sorted: Float32Array, q: number) => sorted[Math.round(q * (sorted.length - 1))]!;

/** One axis's framed range: the tail-trimmed range, widened to min/max where the tail stays near. */
function framedRange(values: Float32Array, min: number, max: number, tail: number): [number, number] {
  values.sort();
  let lo = quantile(values, tail);
  let hi = quantile(values, 1 - tail);
  const span = hi - lo;
  if (min >= lo - NEAR_TAIL * span) lo = min;
  if (max <= hi + NEAR_TAIL * span) hi = max;
  return [lo, hi];
}

/**
 * Orthographic view state (flipY false) that frames a width x height canvas on the bulk of the
 * points, `positions` Float32 (n x 2, layout units): per axis the 1st to 99th percentile, widened to
 * the extreme points where they lie close, with a 10% margin. A far-off cluster of a few outliers
 * so does not shrink the rest to a corner; it stays reachable by zooming out. `tail: 0` frames every
 * point (min to max).
 */
export function fitView(
  positions: Float32Array,
  width: number,
  height: number,
  { tail = FIT_TAIL }: { tail?: number } = {},
): { target: [number, number, number]; zoom: number } {
  const n = positions.length >> 1;
  if (n === 0) return { target: [0, 0, 0], zoom: 0 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < 2 * n; i += 2) {
    x0 = Math.min(x0, positions[i]!);
    x1 = Math.max(x1, positions[i]!);
    y0 = Math.min(y0, positions[i + 1]!);
    y1 = Math.max(y1, positions[i + 1]!);
  }
  // Large maps: a golden-ratio sequence of indices, spread evenly without the aliasing a fixed
  // stride has on data laid out in a regular order.
  const m = Math.min(n, FIT_SAMPLE);
  const xs = new Float32Array(m);
  const ys = new Float32Array(m);
  for (let k = 0; k < m; k++) {
    const i = m === n ? k : Math.floor(((k * 0.6180339887498949) % 1) * n);
    xs[k] = positions[2 * i]!;
    ys[k] = positions[2 * i + 1]!;
  }
  const [lx, hx] = tail > 0 ? framedRange(xs, x0, x1, tail) : [x0, x1];
  const [ly, hy] = tail > 0 ? framedRange(ys, y0, y1, tail) : [y0, y1];
  const spanX = Math.max(hx - lx, 1e-6);
  const spanY = Math.max(hy - ly, 1e-6);
  const zoom = Math.log2(Math.min(width / spanX, height / spanY) * 0.9);
  return { target: [(lx + hx) / 2, (ly + hy) / 2, 0], zoom };
}

/**
 * How far the map may zoom around a fitted view: out to an eighth of its scale, and further if need
 * be until every point, outliers included, fits in a quarter of the canvas; in far enough to tell
 * single documents apart.
 */
export function zoomLimits(
  positions: Float32Array,
  width: number,
  height: number,
  fitted: { zoom: number },
): { minZoom: number; maxZoom: number } {
  const all = fitView(positions, width, height, { tail: 0 });
  return { minZoom: Math.min(fitted.zoom - 3, all.zoom - 2), maxZoom: fitted.zoom + 12 };
}

/** Legend rows: topics by size, then noise (n documents without a topic). */
export function legendRows(data: ClusterMapData): { clusterId: number; label: string; count: number }[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < data.clusterIds.length; i++)
    counts.set(data.clusterIds[i]!, (counts.get(data.clusterIds[i]!) ?? 0) + 1);
  const rows = data.topics
    .map((t) => ({ clusterId: t.clusterId, label: t.label, count: counts.get(t.clusterId) ?? 0 }))
    .sort((a, b) => b.count - a.count || a.clusterId - b.clusterId);
  const noise = counts.get(-1) ?? 0;
  if (noise) rows.push({ clusterId: -1, label: 'Noise', count: noise });
  return rows;
}

/** Points whose cluster is one of `clusters` (a taxonomy node's, say), as a highlight mask. */
export function clustersMask(clusterIds: Int32Array, clusters: Iterable<number>): Uint8Array {
  const wanted = new Set(clusters);
  const mask = new Uint8Array(clusterIds.length);
  for (let i = 0; i < clusterIds.length; i++) if (wanted.has(clusterIds[i]!)) mask[i] = 1;
  return mask;
}
