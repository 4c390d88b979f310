// Diagnostics of an embedding matrix and its quantizations (the case study's plots and tables).

import { dotF32 } from './kernels';
import type { Precision, Ranges } from './quantize';
import { bytesPerEmbedding, dequantizeScalar } from './quantize';

export type Histogram = { min: number; max: number; bins: number; counts: Uint32Array };

/** Histogram of every value of `data` over [min, max] in `bins` equal bins (the last one closed). */
export function valueHistogram(data: Float32Array, bins = 250): Histogram {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Uint32Array(bins);
  if (data.length === 0) return { min: 0, max: 0, bins, counts };
  const width = (max - min) / bins;
  for (let i = 0; i < data.length; i++) {
    const b = width === 0 ? 0 : Math.min(bins - 1, Math.floor((data[i]! - min) / width));
    counts[b]!++;
  }
  return { min, max, bins, counts };
}

/**
 * Calibration coverage: for each dimension, the percentage of all n values that fall inside the
 * calibration range, averaged over dimensions (the case study reports 99.986% for k = 10,000).
 */
export function calibrationCoverage(data: Float32Array, n: number, d: number, ranges: Ranges): number {
  if (n === 0) return 100;
  let sum = 0;
  for (let j = 0; j < d; j++) {
    const lo = ranges.min[j]!;
    const hi = ranges.max[j]!;
    let inside = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + j]!;
      if (v >= lo && v <= hi) inside++;
    }
    sum += inside / n;
  }
  return (100 * sum) / d;
}

/** Mean absolute difference between the float32 values and what their scalar codes stand for. */
export function reconstructionError(
  data: Float32Array,
  codes: Int8Array | Uint8Array,
  n: number,
  d: number,
  ranges: Ranges,
): number {
  const back = dequantizeScalar(codes, n, d, ranges);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += Math.abs(data[i]! - back[i]!);
  return data.length ? sum / data.length : 0;
}

export type MemoryRow = {
  precision: Precision;
  bytesPerEmbedding: number;
  bytes: number;
  compression: number;
};

/** Storage of n embeddings of d dimensions per precision; compression in % saved against float32. */
export function memoryTable(n: number, d: number, precisions: readonly Precision[]): MemoryRow[] {
  const full = bytesPerEmbedding('float32', d);
  return precisions.map((p) => {
    const per = bytesPerEmbedding(p, d);
    return { precision: p, bytesPerEmbedding: per, bytes: per * n, compression: 100 * (1 - per / full) };
  });
}

/** Cosine similarity of each pair of the given rows of `data` (n x d float32): rows.length^2, row-major. */
export function cosineMatrix(data: Float32Array, d: number, rows: ArrayLike<number>): Float32Array {
  const m = rows.length;
  const out = new Float32Array(m * m);
  const norms = new Float64Array(m);
  for (let a = 0; a < m; a++) norms[a] = Math.sqrt(dotF32(data, rows[a]! * d, data, rows[a]! * d, d)) || 1;
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      const c = dotF32(data, rows[a]! * d, data, rows[b]! * d, d) / (norms[a]! * norms[b]!);
      out[a * m + b] = c;
      out[b * m + a] = c;
    }
  }
  return out;
}
