import { AppError } from '../../shared/errors';

/**
 * A dendrogram in SciPy's linkage layout, one row per merge, ascending by distance: merge i joins
 * `left[i]` and `right[i]` (a point < n, or the cluster made by merge `id - n`) at `distance[i]` into
 * cluster n + i of `size[i]` points.
 */
export type Linkage = {
  n: number;
  left: Int32Array;
  right: Int32Array;
  distance: Float64Array;
  size: Int32Array;
};

export type LinkageMetric = 'cosine' | 'euclidean';

function pairwise(
  points: Float32Array | Float64Array,
  n: number,
  dims: number,
  metric: LinkageMetric,
): Float64Array {
  const d = new Float64Array(n * n);
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < dims; k++) s += points[i * dims + k]! ** 2;
    norms[i] = Math.sqrt(s);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let v = 0;
      if (metric === 'cosine') {
        for (let k = 0; k < dims; k++) v += points[i * dims + k]! * points[j * dims + k]!;
        const denom = norms[i]! * norms[j]!;
        v = denom > 0 ? Math.max(0, 1 - v / denom) : 1;
      } else {
        for (let k = 0; k < dims; k++) v += (points[i * dims + k]! - points[j * dims + k]!) ** 2;
        v = Math.sqrt(v);
      }
      d[i * n + j] = v;
      d[j * n + i] = v;
    }
  }
  return d;
}

/**
 * Average-linkage (UPGMA) agglomerative clustering of `points` (n x dims, row-major) under cosine
 * distance (1 - cos) or euclidean distance, by the nearest-neighbour chain in O(n^2) time and memory.
 * Source: Müllner 2011, "Modern hierarchical, agglomerative clustering algorithms" (as scipy.cluster.hierarchy.linkage).
 */
export function averageLinkage(
  points: Float32Array | Float64Array,
  n: number,
  dims: number,
  metric: LinkageMetric = 'cosine',
): Linkage {
  if (!Number.isInteger(n) || n < 1 || points.length !== n * dims)
    throw new AppError('INVALID_INPUT', `expected ${n} x ${dims} values, got ${points.length}`);
  for (let i = 0; i < points.length; i++)
    if (!Number.isFinite(points[i]!))
      throw new AppError('INVALID_INPUT', `point ${Math.floor(i / dims)} is not finite`);
  const d = pairwise(points, n, dims, metric);
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  // Merges as pairs of slot indices (a slot is the first point of its cluster), in discovery order.
  const ma = new Int32Array(Math.max(0, n - 1));
  const mb = new Int32Array(Math.max(0, n - 1));
  const md = new Float64Array(Math.max(0, n - 1));
  const chain: number[] = [];
  let merges = 0;
  let nextStart = 0;
  while (merges < n - 1) {
    if (chain.length === 0) {
      while (!active[nextStart]) nextStart++;
      chain.push(nextStart);
    }
    const a = chain[chain.length - 1]!;
    const prev = chain.length >= 2 ? chain[chain.length - 2]! : -1;
    // Nearest active neighbour of a; the previous chain element wins ties, which keeps the chain finite.
    let b = prev;
    let best = prev >= 0 ? d[a * n + prev]! : Infinity;
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === a) continue;
      const v = d[a * n + j]!;
      if (v < best) {
        best = v;
        b = j;
      }
    }
    if (b !== prev) {
      chain.push(b);
      continue;
    }
    chain.length -= 2;
    const keep = Math.min(a, b);
    const drop = Math.max(a, b);
    ma[merges] = keep;
    mb[merges] = drop;
    md[merges] = best;
    merges++;
    const sk = size[keep]!;
    const sd = size[drop]!;
    for (let j = 0; j < n; j++) {
      if (!active[j] || j === keep || j === drop) continue;
      const v = (sk * d[keep * n + j]! + sd * d[drop * n + j]!) / (sk + sd);
      d[keep * n + j] = v;
      d[j * n + keep] = v;
    }
    size[keep] = sk + sd;
    active[drop] = 0;
  }
  // Sort merges by distance (stable) and name clusters as SciPy does, via union-find over slots.
  const order = Array.from({ length: merges }, (_, i) => i).sort((x, y) => md[x]! - md[y]! || x - y);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const label = Int32Array.from({ length: n }, (_, i) => i);
  const count = new Int32Array(n).fill(1);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const out: Linkage = {
    n,
    left: new Int32Array(merges),
    right: new Int32Array(merges),
    distance: new Float64Array(merges),
    size: new Int32Array(merges),
  };
  order.forEach((m, i) => {
    const ra = find(ma[m]!);
    const rb = find(mb[m]!);
    const la = label[ra]!;
    const lb = label[rb]!;
    out.left[i] = Math.min(la, lb);
    out.right[i] = Math.max(la, lb);
    out.distance[i] = md[m]!;
    out.size[i] = count[ra]! + count[rb]!;
    parent[rb] = ra;
    count[ra] = out.size[i]!;
    label[ra] = n + i;
  });
  return out;
}

/**
 * Flat clusters from a dendrogram cut into `k` groups (undoing its k - 1 highest merges): int32 labels
 * per point, 0..k-1 numbered in order of each group's first point.
 */
export function cutTree(linkage: Linkage, k: number): Int32Array {
  const { n } = linkage;
  const groups = Math.max(1, Math.min(k, n));
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let i = 0; i < n - groups; i++) {
    parent[find(linkage.left[i]!)] = n + i;
    parent[find(linkage.right[i]!)] = n + i;
  }
  const labels = new Int32Array(n);
  const names = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = find(i);
    if (!names.has(r)) names.set(r, names.size);
    labels[i] = names.get(r)!;
  }
  return labels;
}
