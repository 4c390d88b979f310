import { adjustedRandIndex, normalizedMutualInfo } from './metrics';

/**
 * Minimum-cost assignment of rows to columns of a rows x cols cost matrix (row-major), rows <= cols
 * or not: returns for each row its column, or -1 when there are more rows than columns.
 * Source: the Hungarian method (Kuhn 1955) in its O(n^3) shortest-augmenting-path form with potentials
 * (Jonker & Volgenant 1987).
 */
export function hungarian(cost: Float64Array, rows: number, cols: number): Int32Array {
  const transpose = rows > cols;
  const n = transpose ? cols : rows;
  const m = transpose ? rows : cols;
  const at = (i: number, j: number): number => (transpose ? cost[j * cols + i]! : cost[i * cols + j]!);
  // 1-based arrays with a sentinel column 0, as in the classic formulation.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1);
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0 - 1, j - 1) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Int32Array(rows).fill(-1);
  for (let j = 1; j <= m; j++) {
    const i = p[j]!;
    if (i === 0) continue;
    if (transpose) out[j - 1] = i - 1;
    else out[i - 1] = j - 1;
  }
  return out;
}

export type ClusterMatch = { a: number; b: number; overlap: number; jaccard: number };

export type RunComparison = {
  points: number;
  clustersA: number;
  clustersB: number;
  noiseFractionA: number;
  noiseFractionB: number;
  ari: number;
  nmi: number;
  /** Clusters paired one-to-one to maximise the total overlap (Hungarian), best first. */
  matches: ClusterMatch[];
  /** A cluster of A whose points now form two or more clusters of B (each mostly made of it). */
  splits: { a: number; into: number[] }[];
  /** A cluster of B made of two or more clusters of A (each mostly gone into it). */
  merges: { b: number; from: number[] }[];
  /** Clusters of A with no B cluster holding at least `share` of them (gone to noise or scattered). */
  vanished: number[];
  /** Clusters of B with no A cluster giving at least `share` of them. */
  appeared: number[];
  /** Overlap counts: overlap[i * clustersB + j] = points in A's cluster i and B's cluster j. */
  overlap: Int32Array;
};

/**
 * Compares two labelings of the same points (int32, n; clusters 0..k-1, -1 noise): cluster counts,
 * noise, ARI and NMI (noise as one class), the overlap matrix, an optimal one-to-one matching, and which
 * clusters split, merged, vanished or appeared. `share` (default 0.2) is the fraction of a cluster that
 * counts as a substantial part of it.
 */
export function compareLabelings(a: Int32Array, b: Int32Array, share = 0.2): RunComparison {
  if (a.length !== b.length) throw new RangeError(`labelings differ in length (${a.length} vs ${b.length})`);
  const n = a.length;
  let ka = 0;
  let kb = 0;
  let noiseA = 0;
  let noiseB = 0;
  for (let i = 0; i < n; i++) {
    if (a[i]! < 0) noiseA++;
    else ka = Math.max(ka, a[i]! + 1);
    if (b[i]! < 0) noiseB++;
    else kb = Math.max(kb, b[i]! + 1);
  }
  const overlap = new Int32Array(ka * kb);
  const sizeA = new Int32Array(ka);
  const sizeB = new Int32Array(kb);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x >= 0) sizeA[x]!++;
    if (y >= 0) sizeB[y]!++;
    if (x >= 0 && y >= 0) overlap[x * kb + y]!++;
  }
  const cost = new Float64Array(ka * kb);
  for (let i = 0; i < ka * kb; i++) cost[i] = -overlap[i]!;
  const assigned = ka && kb ? hungarian(cost, ka, kb) : new Int32Array(ka).fill(-1);
  const matches: ClusterMatch[] = [];
  for (let i = 0; i < ka; i++) {
    const j = assigned[i]!;
    if (j < 0) continue;
    const o = overlap[i * kb + j]!;
    if (o === 0) continue;
    matches.push({ a: i, b: j, overlap: o, jaccard: o / (sizeA[i]! + sizeB[j]! - o) });
  }
  matches.sort((x, y) => y.overlap - x.overlap);

  const splits: RunComparison['splits'] = [];
  const merges: RunComparison['merges'] = [];
  const vanished: number[] = [];
  const appeared: number[] = [];
  for (let i = 0; i < ka; i++) {
    const into: number[] = [];
    let bestShare = 0;
    for (let j = 0; j < kb; j++) {
      const o = overlap[i * kb + j]!;
      bestShare = Math.max(bestShare, o / sizeA[i]!);
      if (o >= share * sizeA[i]! && o > 0.5 * sizeB[j]!) into.push(j);
    }
    if (into.length >= 2) splits.push({ a: i, into });
    if (bestShare < share) vanished.push(i);
  }
  for (let j = 0; j < kb; j++) {
    const from: number[] = [];
    let bestShare = 0;
    for (let i = 0; i < ka; i++) {
      const o = overlap[i * kb + j]!;
      bestShare = Math.max(bestShare, o / sizeB[j]!);
      if (o >= share * sizeB[j]! && o > 0.5 * sizeA[i]!) from.push(i);
    }
    if (from.length >= 2) merges.push({ b: j, from });
    if (bestShare < share) appeared.push(j);
  }
  return {
    points: n,
    clustersA: ka,
    clustersB: kb,
    noiseFractionA: n ? noiseA / n : 0,
    noiseFractionB: n ? noiseB / n : 0,
    ari: adjustedRandIndex(a, b),
    nmi: normalizedMutualInfo(a, b),
    matches,
    splits,
    merges,
    vanished,
    appeared,
    overlap,
  };
}
