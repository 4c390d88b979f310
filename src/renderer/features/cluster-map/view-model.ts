import type { ClusterMapData } from './map-data';

// Pure computations behind the cluster map: colours, draw order, labels, search and lasso. No DOM and
// no WebGL, so tests run them in Node; every array here is flat and sized by the point count.

export type Rgba = readonly [number, number, number, number];

export const NOISE_COLOR: Rgba = [150, 150, 150, 110];
/** Noise on the dark map background: darker grey, so topics still stand out. */
export const NOISE_COLOR_DARK: Rgba = [110, 118, 124, 130];
/** Alpha of points outside the current highlight (search matches or a chosen topic). */
export const DIMMED_ALPHA = 28;
/** Dot radius (pixels) of documents HDBSCAN clustered itself, and of noise. */
export const POINT_RADIUS_PX = 2.5;
/** Assigned documents (noise placed in a topic afterwards) are smaller and fainter than core ones. */
export const ASSIGNED_RADIUS_PX = 1.6;
export const ASSIGNED_ALPHA_SCALE = 0.5;

/** A distinct, stable colour per cluster id: golden-angle hues keep neighbours' ids apart. */
export function topicColor(clusterId: number): Rgba {
  if (clusterId < 0) return NOISE_COLOR;
  const hue = (clusterId * 137.508) % 360;
  const light = clusterId % 2 === 0 ? 0.5 : 0.42;
  return [...hslToRgb(hue, 0.68, light), 220];
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

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
    if (!rgba) palette.set(c, (rgba = c < 0 && theme === 'dark' ? NOISE_COLOR_DARK : topicColor(c)));
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

export const LABEL_FONT_PX = 13;

/**
 * The labels that fit at this zoom (orthographic: 2^zoom pixels per layout unit): biggest topics
 * first, each kept only if its on-screen box misses every box already kept, so zooming out thins
 * them to the largest topics and zooming in brings the small ones back.
 */
export function placeLabels(anchors: TopicAnchor[], zoom: number, fontPx = LABEL_FONT_PX): TopicAnchor[] {
  const scale = 2 ** zoom;
  const h = fontPx * 1.4;
  const kept: { x: number; y: number; w: number }[] = [];
  const out: TopicAnchor[] = [];
  const bySize = [...anchors].sort((a, b) => b.size - a.size || a.clusterId - b.clusterId);
  for (const a of bySize) {
    const x = a.x * scale;
    const y = a.y * scale;
    // Average glyph width ~0.6 em, plus a little air between neighbours.
    const w = a.label.length * fontPx * 0.6 + fontPx;
    if (kept.some((k) => Math.abs(k.x - x) * 2 < k.w + w && Math.abs(k.y - y) < h)) continue;
    kept.push({ x, y, w });
    out.push(a);
  }
  return out;
}

/** Rounds a zoom so labels are re-placed a few times per zoom level, not on every frame. */
export const labelZoomBucket = (zoom: number) => Math.round(zoom * 4) / 4;

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

/** Orthographic view state that fits all points into a width x height canvas with a margin. */
export function fitView(
  positions: Float32Array,
  width: number,
  height: number,
): { target: [number, number, number]; zoom: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < positions.length; i += 2) {
    x0 = Math.min(x0, positions[i]!);
    x1 = Math.max(x1, positions[i]!);
    y0 = Math.min(y0, positions[i + 1]!);
    y1 = Math.max(y1, positions[i + 1]!);
  }
  if (!Number.isFinite(x0)) return { target: [0, 0, 0], zoom: 0 };
  const spanX = Math.max(x1 - x0, 1e-6);
  const spanY = Math.max(y1 - y0, 1e-6);
  const zoom = Math.log2(Math.min(width / spanX, height / spanY) * 0.9);
  return { target: [(x0 + x1) / 2, (y0 + y1) / 2, 0], zoom };
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
