// Geometry and formatting of the diagnostics figures (histogram, recall bars, similarity heatmap).
// Pure functions on plain numbers, so tests run them without a DOM; the components only draw.

export type Box = { width: number; height: number; left: number; right: number; top: number; bottom: number };

export type HistogramBar = {
  index: number;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The bin's value range [from, to). */
  from: number;
  to: number;
  count: number;
};

/** Bars of a histogram of `counts` over [min, max] inside `box`; the tallest bin reaches the top. */
export function histogramBars(counts: readonly number[], min: number, max: number, box: Box): HistogramBar[] {
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const peak = Math.max(1, ...counts);
  const step = counts.length ? (max - min) / counts.length : 0;
  const barW = counts.length ? plotW / counts.length : 0;
  return counts.map((count, index) => {
    const h = (count / peak) * plotH;
    return {
      index,
      x: box.left + index * barW,
      y: box.top + plotH - h,
      width: barW,
      height: h,
      from: min + index * step,
      to: min + (index + 1) * step,
      count,
    };
  });
}

/** The bin under x (px), or -1 outside the bars. */
export function barAt(bars: readonly HistogramBar[], x: number): number {
  for (const b of bars) if (x >= b.x && x < b.x + b.width) return b.index;
  return -1;
}

/** Round tick values from `min` to `max`, about `count` of them (1, 2 or 5 times a power of ten apart). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw * (1 - 1e-9)) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(+v.toFixed(12) || 0);
  return out;
}

export type HeatCell = { row: number; col: number; x: number; y: number; size: number; value: number };

/** Cells of an m x m matrix drawn as squares of `cell` px from (left, top). */
export function heatmapCells(
  matrix: readonly (readonly number[])[],
  cell: number,
  left = 0,
  top = 0,
): HeatCell[] {
  const out: HeatCell[] = [];
  matrix.forEach((row, r) =>
    row.forEach((value, c) =>
      out.push({ row: r, col: c, x: left + c * cell, y: top + r * cell, size: cell, value }),
    ),
  );
  return out;
}

/** The smallest and largest similarity off the diagonal (the diagonal is always 1). */
export function offDiagonalRange(matrix: readonly (readonly number[])[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  matrix.forEach((row, r) =>
    row.forEach((v, c) => {
      if (r === c) return;
      if (v < min) min = v;
      if (v > max) max = v;
    }),
  );
  if (!Number.isFinite(min)) return { min: 0, max: 1 };
  return { min, max };
}

/**
 * Position of a similarity on the colour scale, 0..1, over [min, 1]: the diagonal takes the top,
 * so the off-diagonal spread keeps most of the scale.
 */
export function heatLevel(value: number, min: number): number {
  if (!(1 > min)) return 1;
  return Math.min(1, Math.max(0, (value - min) / (1 - min)));
}

/** The cell under (x, y), or null. */
export function cellAt(m: number, cell: number, left: number, top: number, x: number, y: number) {
  const col = Math.floor((x - left) / cell);
  const row = Math.floor((y - top) / cell);
  if (row < 0 || col < 0 || row >= m || col >= m) return null;
  return { row, col };
}

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Decimal units, as the case study: 1 KB = 1,000 bytes. */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  const digits = u === 0 ? 0 : v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${units[u]}`;
}

export const formatPercent = (v: number, digits = 1): string => `${v.toFixed(digits)}%`;

/** "2.5M", "60.9M", "100M" */
export function formatCountShort(n: number): string {
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${+(n / 1e3).toFixed(1)}k`;
  return String(n);
}

/** A short title for a hover text and the heatmap's axis, cut at a word near `max` characters. */
export function shortTitle(title: string, max = 48): string {
  const t = title.trim().replace(/\s+/g, ' ');
  if (t.length <= max) return t;
  const cut = t.lastIndexOf(' ', max - 1);
  return `${t.slice(0, cut > max / 2 ? cut : max - 1)}…`;
}
