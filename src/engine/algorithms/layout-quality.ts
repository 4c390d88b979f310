import type { KnnGraph } from './knn';

/**
 * kNN preservation of a layout: for each sampled row, the fraction of its k nearest neighbours in
 * the input space (`high`, row r = sample `rows[r]`, self at position 0) that are also among its
 * k nearest in the layout (`layout`, n x dims, euclidean). Mean over the sample, in [0, 1]
 * (Espadoto et al. 2019, "neighborhood hit"/kNN preservation; Lee & Verleysen 2009).
 */
export function knnPreservation(
  high: KnnGraph,
  rows: Int32Array,
  layout: Float32Array,
  n: number,
  dims: number,
  k: number,
): number {
  if (high.k - 1 < k) throw new RangeError(`input neighbours hold ${high.k - 1} < k = ${k}`);
  const dist = new Float64Array(n);
  const order = new Int32Array(n);
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < dims; c++) {
        const t = layout[i * dims + c]! - layout[j * dims + c]!;
        s += t * t;
      }
      dist[j] = j === i ? Infinity : s;
    }
    // k smallest by partial selection: keep a sorted list of k.
    let size = 0;
    for (let j = 0; j < n; j++) {
      const v = dist[j]!;
      if (size === k && v >= dist[order[k - 1]!]!) continue;
      let p = size < k ? size++ : k - 1;
      while (p > 0 && dist[order[p - 1]!]! > v) {
        order[p] = order[p - 1]!;
        p--;
      }
      order[p] = j;
    }
    const low = new Set<number>();
    for (let a = 0; a < k; a++) low.add(order[a]!);
    let hit = 0;
    for (let a = 1; a <= k; a++) if (low.has(high.indices[r * high.k + a]!)) hit++;
    total += hit / k;
  }
  return rows.length ? total / rows.length : 1;
}

/** `count` distinct row indices of 0..n-1, ascending, drawn with `random`. */
export function sampleRows(n: number, count: number, random: () => number): Int32Array {
  if (count >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(random() * n));
  return Int32Array.from(picked).sort();
}
