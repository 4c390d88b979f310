// Similarity kernels per precision and exact top-k search over them. Inner loops are specialised
// per element type so V8 keeps them monomorphic.

import type { Precision } from './quantize';

/** Dot product of rows a[ao..ao+d) and b[bo..bo+d) of float32 arrays. */
export function dotF32(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += a[ao + j]! * b[bo + j]!;
    s1 += a[ao + j + 1]! * b[bo + j + 1]!;
    s2 += a[ao + j + 2]! * b[bo + j + 2]!;
    s3 += a[ao + j + 3]! * b[bo + j + 3]!;
  }
  for (; j < d; j++) s0 += a[ao + j]! * b[bo + j]!;
  return s0 + s1 + s2 + s3;
}

/**
 * Dot product of int8 (or uint8) rows. JS numbers are doubles, so the sum of integer products is
 * exact (like an int32 accumulator) for any realistic d.
 */
export function dotInt(
  a: Int8Array | Uint8Array,
  ao: number,
  b: Int8Array | Uint8Array,
  bo: number,
  d: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += a[ao + j]! * b[bo + j]!;
    s1 += a[ao + j + 1]! * b[bo + j + 1]!;
    s2 += a[ao + j + 2]! * b[bo + j + 2]!;
    s3 += a[ao + j + 3]! * b[bo + j + 3]!;
  }
  for (; j < d; j++) s0 += a[ao + j]! * b[bo + j]!;
  return s0 + s1 + s2 + s3;
}

const POPCOUNT8 = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT8[i] = (i & 1) + POPCOUNT8[i >> 1]!;

/** Hamming distance between packed bit rows (either int8 or uint8 storage: XOR is the same). */
export function hamming(
  a: Int8Array | Uint8Array,
  ao: number,
  b: Int8Array | Uint8Array,
  bo: number,
  bytes: number,
): number {
  let s = 0;
  for (let j = 0; j < bytes; j++) s += POPCOUNT8[(a[ao + j]! ^ b[bo + j]!) & 0xff]!;
  return s;
}

export type VectorSet = {
  precision: Precision;
  /** Row-major: n rows of `rowLength` elements (d, or ceil(d/8) for packed bits). */
  data: Float32Array | Int8Array | Uint8Array;
  n: number;
  rowLength: number;
};

/**
 * Per-row similarity function of a set: cosine for float32 (dot of L2-normalised rows is cosine
 * only if the rows are normalised, so norms are divided out), cosine on the codes for int8, cosine
 * on codes centred at 128 for uint8 (raw uint8 codes are all positive, which would make every pair
 * look alike), and minus the Hamming distance for bits. Larger is more similar.
 */
export function similarity(set: VectorSet): (i: number, j: number) => number {
  const { data, rowLength: d } = set;
  if (set.precision === 'binary' || set.precision === 'ubinary') {
    const bits = data as Int8Array | Uint8Array;
    return (i, j) => -hamming(bits, i * d, bits, j * d, d);
  }
  let rows: Float32Array | Int8Array;
  if (set.precision === 'uint8') {
    const centred = new Int8Array(data.length);
    for (let k = 0; k < data.length; k++) centred[k] = data[k]! - 128;
    rows = centred;
  } else rows = data as Float32Array | Int8Array;
  const inv = new Float64Array(set.n);
  if (rows instanceof Float32Array) {
    for (let i = 0; i < set.n; i++) inv[i] = 1 / (Math.sqrt(dotF32(rows, i * d, rows, i * d, d)) || 1);
    const f = rows;
    return (i, j) => dotF32(f, i * d, f, j * d, d) * inv[i]! * inv[j]!;
  }
  const q = rows;
  for (let i = 0; i < set.n; i++) inv[i] = 1 / (Math.sqrt(dotInt(q, i * d, q, i * d, d)) || 1);
  return (i, j) => dotInt(q, i * d, q, j * d, d) * inv[i]! * inv[j]!;
}

/**
 * Exact k nearest neighbours of each query row among all rows (the query itself excluded), by
 * brute force: O(queries x n x d). Ties are broken by the lower row index, so results are
 * deterministic. Returns `queries.length x k` row indices, most similar first.
 */
export function exactNeighbours(
  set: VectorSet,
  queries: ArrayLike<number>,
  k: number,
  onQuery?: (done: number) => void,
): Int32Array {
  const sim = similarity(set);
  const kk = Math.min(k, set.n - 1);
  const out = new Int32Array(queries.length * k).fill(-1);
  const bestS = new Float64Array(kk);
  const bestI = new Int32Array(kk);
  for (let qi = 0; qi < queries.length; qi++) {
    const q = queries[qi]!;
    let size = 0;
    for (let j = 0; j < set.n; j++) {
      if (j === q) continue;
      const s = sim(q, j);
      if (size === kk && s <= bestS[kk - 1]!) continue;
      // Insertion into the small sorted list (k is ~10).
      let p = size < kk ? size++ : kk - 1;
      while (p > 0 && bestS[p - 1]! < s) {
        bestS[p] = bestS[p - 1]!;
        bestI[p] = bestI[p - 1]!;
        p--;
      }
      bestS[p] = s;
      bestI[p] = j;
    }
    out.set(bestI.subarray(0, size), qi * k);
    onQuery?.(qi + 1);
  }
  return out;
}

/** Mean fraction of each row of `truth` (queries x k) found in the same row of `found`. */
export function recallAtK(truth: Int32Array, found: Int32Array, k: number): number {
  const rows = truth.length / k;
  if (rows === 0) return 1;
  let hit = 0;
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const want = new Set<number>();
    for (let c = 0; c < k; c++) if (truth[r * k + c]! >= 0) want.add(truth[r * k + c]!);
    for (let c = 0; c < k; c++) if (want.has(found[r * k + c]!)) hit++;
    total += want.size;
  }
  return total === 0 ? 1 : hit / total;
}
