// A k-d tree over n points in a few dimensions, split at the median of the widest side, for exact
// k-nearest-neighbour queries and the Boruvka spanning tree of HDBSCAN.
// Source: Friedman, Bentley & Finkel (1977), "An algorithm for finding best matches in logarithmic
// expected time"; the node layout follows scikit-learn's BinaryTree (a flat array of nodes over a
// permuted index array).

/**
 * The tree. `order` permutes rows so each node owns the contiguous slice of positions
 * `start[i] .. end[i]`; position j holds the caller's row `order[j]`, and `data` (float64,
 * n x dims) is the points copied in position order so leaf scans read memory in sequence. `lo`/`hi` are
 * each node's bounding box (nodeCount x dims). Node 0 is the root; node i's children are `left[i]` and
 * `right[i]` (-1 at leaves); children have larger numbers than their parent.
 */
export type KdTree = {
  n: number;
  dims: number;
  data: Float64Array;
  order: Int32Array;
  nodeCount: number;
  start: Int32Array;
  end: Int32Array;
  left: Int32Array;
  right: Int32Array;
  lo: Float64Array;
  hi: Float64Array;
};

/** Builds a k-d tree over `points` (n x dims, float64, row-major); leaves hold at most `leafSize` rows. */
export function buildKdTree(
  points: Float64Array | Float32Array,
  n: number,
  dims: number,
  leafSize = 24,
): KdTree {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const cap = Math.max(1, 2 * Math.ceil(n / Math.max(1, leafSize >> 1)) + 1);
  const start = new Int32Array(cap);
  const end = new Int32Array(cap);
  const left = new Int32Array(cap).fill(-1);
  const right = new Int32Array(cap).fill(-1);
  const lo = new Float64Array(cap * dims);
  const hi = new Float64Array(cap * dims);
  let nodeCount = 0;

  // Explicit stack of [node, start, end] so deep trees cannot overflow the call stack.
  const stack: number[] = [];
  const root = nodeCount++;
  stack.push(root, 0, n);
  while (stack.length) {
    const e = stack.pop()!;
    const s = stack.pop()!;
    const node = stack.pop()!;
    start[node] = s;
    end[node] = e;
    const b = node * dims;
    for (let d = 0; d < dims; d++) {
      lo[b + d] = Infinity;
      hi[b + d] = -Infinity;
    }
    for (let i = s; i < e; i++) {
      const p = order[i]! * dims;
      for (let d = 0; d < dims; d++) {
        const v = points[p + d]!;
        if (v < lo[b + d]!) lo[b + d] = v;
        if (v > hi[b + d]!) hi[b + d] = v;
      }
    }
    if (e - s <= leafSize) continue;
    let axis = 0;
    let width = -1;
    for (let d = 0; d < dims; d++) {
      const w = hi[b + d]! - lo[b + d]!;
      if (w > width) {
        width = w;
        axis = d;
      }
    }
    // All rows identical: splitting cannot separate them, so this stays one (large) leaf.
    if (width <= 0) continue;
    const mid = (s + e) >> 1;
    selectNth(points, dims, order, s, e - 1, mid, axis);
    const l = nodeCount++;
    const r = nodeCount++;
    left[node] = l;
    right[node] = r;
    stack.push(l, s, mid, r, mid, e);
  }
  const data = new Float64Array(n * dims);
  for (let j = 0; j < n; j++) {
    const p = order[j]! * dims;
    for (let d = 0; d < dims; d++) data[j * dims + d] = points[p + d]!;
  }
  return { n, dims, data, order, nodeCount, start, end, left, right, lo, hi };
}

/** Quickselect on `order[a..b]` so that position `k` holds the row with the k-th smallest value on `axis`. */
function selectNth(
  points: Float64Array | Float32Array,
  dims: number,
  order: Int32Array,
  a: number,
  b: number,
  k: number,
  axis: number,
): void {
  while (b > a) {
    // Median of three as the pivot keeps sorted or clustered input from going quadratic.
    const m = (a + b) >> 1;
    const va = points[order[a]! * dims + axis]!;
    const vm = points[order[m]! * dims + axis]!;
    const vb = points[order[b]! * dims + axis]!;
    const pivot = va < vm ? (vm < vb ? vm : va < vb ? vb : va) : va < vb ? va : vm < vb ? vb : vm;
    let i = a;
    let j = b;
    while (i <= j) {
      while (points[order[i]! * dims + axis]! < pivot) i++;
      while (points[order[j]! * dims + axis]! > pivot) j--;
      if (i <= j) {
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) b = j;
    else if (k >= i) a = i;
    else return;
  }
}

/** Squared distance from the point at position `p` to the box of `node`. */
export function boxDistance2(tree: KdTree, p: number, node: number): number {
  const { data: points, dims, lo, hi } = tree;
  const pb = p * dims;
  const b = node * dims;
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const v = points[pb + d]!;
    const l = lo[b + d]!;
    if (v < l) {
      const t = l - v;
      s += t * t;
    } else {
      const h = hi[b + d]!;
      if (v > h) {
        const t = v - h;
        s += t * t;
      }
    }
  }
  return s;
}

/** Squared distance between the boxes of nodes `a` and `b` (0 when they overlap). */
export function boxBox2(tree: KdTree, a: number, b: number): number {
  const { dims, lo, hi } = tree;
  const ab = a * dims;
  const bb = b * dims;
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const g1 = lo[ab + d]! - hi[bb + d]!;
    const g2 = lo[bb + d]! - hi[ab + d]!;
    const g = g1 > g2 ? g1 : g2;
    if (g > 0) s += g * g;
  }
  return s;
}

/**
 * The k nearest rows of every row, itself included (it comes first, at distance 0), by exact search
 * (k <= n). Returns the nearest `keep` (<= k) of them per row, sorted by distance: `indices` (int32,
 * n x keep) and squared distances `dist2` (float64, n x keep); and `kth2` (float64, n), the squared
 * distance of the k-th. Keeping fewer than k bounds memory at a million rows. `onRow` is called every
 * 4096 rows with the number done, for progress and cancellation.
 */
export function kNearest(
  tree: KdTree,
  k: number,
  keep = k,
  onRow?: (done: number) => void,
): { indices: Int32Array; dist2: Float64Array; kth2: Float64Array } {
  const { n, dims, data, order, start, end, left, right } = tree;
  if (k > n || k < 1) throw new RangeError(`k = ${k} must be between 1 and the number of rows (${n})`);
  keep = Math.min(keep, k);
  const indices = new Int32Array(n * keep);
  const dist2 = new Float64Array(n * keep);
  const kth2 = new Float64Array(n);
  let cap = 8 * k + 64;
  let bd = new Float64Array(cap);
  let bi = new Int32Array(cap);
  const stack = new Int32Array(256);
  let prevKth = 0;
  // Queries go in position order, so each is near the one before: the triangle inequality turns the
  // previous k-th distance into a search radius that already holds k points. Everything inside it is
  // collected and the k-th is found by selection, with no heap.
  for (let qp = 0; qp < n; qp++) {
    if (onRow && (qp & 4095) === 0) onRow(qp);
    const qb = qp * dims;
    let r2: number;
    if (qp === 0) {
      r2 = 0;
      for (let j = 0; j < k; j++) r2 = Math.max(r2, dist2Between(data, dims, qb, j * dims));
    } else {
      const r = prevKth + Math.sqrt(dist2Between(data, dims, qb, qb - dims));
      r2 = r * r * (1 + 1e-9) + 1e-300;
    }
    let m = 0;
    let top = 0;
    stack[top++] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      const l = left[node]!;
      if (l >= 0) {
        const r = right[node]!;
        const dl = boxDistance2(tree, qp, l);
        const dr = boxDistance2(tree, qp, r);
        // Nearer child last, so it is searched first and shrinks the radius sooner.
        if (dl <= dr) {
          if (dr <= r2) stack[top++] = r;
          if (dl <= r2) stack[top++] = l;
        } else {
          if (dl <= r2) stack[top++] = l;
          if (dr <= r2) stack[top++] = r;
        }
        continue;
      }
      const e = end[node]!;
      if (m + (e - start[node]!) > cap) {
        cap = Math.max(2 * cap, m + (e - start[node]!));
        const nd = new Float64Array(cap);
        nd.set(bd.subarray(0, m));
        bd = nd;
        const ni = new Int32Array(cap);
        ni.set(bi.subarray(0, m));
        bi = ni;
      }
      if (dims === 5) {
        // The clustering layout's usual shape, unrolled: the hottest loop of HDBSCAN.
        const q0 = data[qb]!;
        const q1 = data[qb + 1]!;
        const q2 = data[qb + 2]!;
        const q3 = data[qb + 3]!;
        const q4 = data[qb + 4]!;
        for (let i = start[node]!, pb = i * 5; i < e; i++, pb += 5) {
          const t0 = q0 - data[pb]!;
          const t1 = q1 - data[pb + 1]!;
          const t2 = q2 - data[pb + 2]!;
          const t3 = q3 - data[pb + 3]!;
          const t4 = q4 - data[pb + 4]!;
          const s = t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3 + t4 * t4;
          if (s <= r2) {
            bd[m] = s;
            bi[m++] = i;
          }
        }
      } else
        for (let i = start[node]!; i < e; i++) {
          const pb = i * dims;
          let s = 0;
          for (let d = 0; d < dims; d++) {
            const t = data[qb + d]! - data[pb + d]!;
            s += t * t;
          }
          if (s <= r2) {
            bd[m] = s;
            bi[m++] = i;
          }
        }
      // Enough candidates: keep the k nearest and shrink the radius to the k-th of them.
      if (m >= 2 * k) {
        selectPair(bd, bi, 0, m - 1, k - 1);
        r2 = bd[k - 1]!;
        m = k;
      }
    }
    selectPair(bd, bi, 0, m - 1, k - 1);
    kth2[qp] = bd[k - 1]!;
    prevKth = Math.sqrt(bd[k - 1]!);
    if (keep < k) selectPair(bd, bi, 0, k - 1, keep - 1);
    // Insertion sort of the kept few; equal distances keep the query itself first.
    for (let a = 1; a < keep; a++) {
      const vd = bd[a]!;
      const vi = bi[a]!;
      let b = a - 1;
      while (b >= 0 && (bd[b]! > vd || (bd[b] === vd && vi === qp))) {
        bd[b + 1] = bd[b]!;
        bi[b + 1] = bi[b]!;
        b--;
      }
      bd[b + 1] = vd;
      bi[b + 1] = vi;
    }
    const q = order[qp]!;
    const ob = q * keep;
    for (let a = 0; a < keep; a++) {
      dist2[ob + a] = bd[a]!;
      indices[ob + a] = order[bi[a]!]!;
    }
  }
  onRow?.(n);
  // kth2 was filled by position; hand it back by row.
  const byRow = new Float64Array(n);
  for (let j = 0; j < n; j++) byRow[order[j]!] = kth2[j]!;
  return { indices, dist2, kth2: byRow };
}

function dist2Between(data: Float64Array, dims: number, a: number, b: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const t = data[a + d]! - data[b + d]!;
    s += t * t;
  }
  return s;
}

/** Quickselect on parallel arrays: afterwards `d[t]` is the t-th smallest of `d[a..b]`, smaller ones before it. */
function selectPair(d: Float64Array, idx: Int32Array, a: number, b: number, t: number): void {
  while (b > a) {
    const mid = (a + b) >> 1;
    const va = d[a]!;
    const vm = d[mid]!;
    const vb = d[b]!;
    const pivot = va < vm ? (vm < vb ? vm : va < vb ? vb : va) : va < vb ? va : vm < vb ? vb : vm;
    let i = a;
    let j = b;
    while (i <= j) {
      while (d[i]! < pivot) i++;
      while (d[j]! > pivot) j--;
      if (i <= j) {
        const td = d[i]!;
        d[i] = d[j]!;
        d[j] = td;
        const ti = idx[i]!;
        idx[i] = idx[j]!;
        idx[j] = ti;
        i++;
        j--;
      }
    }
    if (t <= j) b = j;
    else if (t >= i) a = i;
    else return;
  }
}
