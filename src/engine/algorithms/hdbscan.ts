import { AppError } from '../../shared/errors';
import type { CLUSTER_METHODS } from '../../shared/params';
import type { KdTree } from './kd-tree';
import { boxBox2, boxDistance2, buildKdTree, kNearest } from './kd-tree';

// HDBSCAN* (Campello, Moulavi & Sander 2013; McInnes & Healy 2017, "Accelerated hierarchical density
// clustering"), following scikit-learn-contrib hdbscan 0.8.40 (core distance = distance to the
// min_samples-th other point, as its Boruvka k-d tree path computes it; condensing, stability, eom /
// leaf selection, probabilities and exemplars as in its _hdbscan_tree.pyx).

/** Cluster selection: excess of mass or leaves (the choices of the cluster schema's `method`). */
export type HdbscanMethod = (typeof CLUSTER_METHODS)[number];

export type HdbscanOptions = {
  minClusterSize: number;
  /** Neighbours that make a point core; defaults to minClusterSize (at most n - 1). */
  minSamples?: number;
  method?: HdbscanMethod;
  /** Clusters born below this distance merge up into their parent (0 = off). */
  clusterSelectionEpsilon?: number;
  /** Allow the root (all points) to be the one cluster. */
  allowSingleCluster?: boolean;
  /** Called between phases and every few thousand rows; `done` of `total` within `stage`. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** Polled as often as `onProgress`; returning true aborts with a CANCELLED error. */
  isCancelled?: () => boolean;
};

/**
 * The condensed tree as parallel arrays, one entry per row: `parents[i]` is a cluster id (>= n; n is the
 * root), `children[i]` a point (< n) or a cluster (>= n), `lambdas[i]` = 1 / distance at which the child
 * leaves the parent (Infinity for distance 0), `sizes[i]` the number of points in the child.
 */
export type CondensedTree = {
  parents: Int32Array;
  children: Int32Array;
  lambdas: Float64Array;
  sizes: Int32Array;
};

export type HdbscanResult = {
  /** int32, n: cluster 0..clusterCount-1, or -1 for noise. */
  labels: Int32Array;
  clusterCount: number;
  /** float64, n: strength of membership in [0, 1] (0 for noise). */
  probabilities: Float64Array;
  /** float64, n: GLOSH outlier score in [0, 1] (higher = more outlying). */
  outlierScores: Float64Array;
  /** float64, clusterCount: persistence (stability normalised by size and the tree's largest lambda). */
  persistence: Float64Array;
  /** Exemplar points of cluster c are `exemplars[exemplarOffsets[c] .. exemplarOffsets[c + 1])`. */
  exemplarOffsets: Int32Array;
  exemplars: Int32Array;
  /** The condensed tree's cluster id (>= n) of each output cluster. */
  clusterNodes: Int32Array;
  condensedTree: CondensedTree;
  /** Core distance of each point (float64, n). */
  coreDistances: Float64Array;
};

/** The single-linkage tree of the mutual-reachability spanning tree, both eom and leaf can be cut from. */
export type HdbscanHierarchy = {
  n: number;
  minClusterSize: number;
  coreDistances: Float64Array;
  condensedTree: CondensedTree;
};

const check = (cancelled: (() => boolean) | undefined): void => {
  if (cancelled?.()) throw new AppError('CANCELLED', 'cancelled');
};

function validate(points: Float32Array | Float64Array, n: number, dims: number, o: HdbscanOptions): number {
  if (!Number.isInteger(n) || !Number.isInteger(dims) || n < 1 || dims < 1)
    throw new AppError(
      'INVALID_INPUT',
      `need at least one point of at least one dimension (n=${n}, dims=${dims})`,
    );
  if (points.length !== n * dims)
    throw new AppError('INVALID_INPUT', `expected ${n} x ${dims} = ${n * dims} values, got ${points.length}`);
  if (!Number.isInteger(o.minClusterSize) || o.minClusterSize < 2)
    throw new AppError('INVALID_INPUT', `min cluster size must be an integer >= 2, got ${o.minClusterSize}`);
  if (n < o.minClusterSize)
    throw new AppError(
      'INVALID_INPUT',
      `${n} points cannot hold a cluster of at least ${o.minClusterSize}; lower the min cluster size`,
    );
  // The default follows the cluster size but, as in the reference, never reaches n; an explicit
  // value that does is refused instead of silently changed.
  const minSamples = o.minSamples ?? Math.min(o.minClusterSize, n - 1);
  if (!Number.isInteger(minSamples) || minSamples < 1)
    throw new AppError('INVALID_INPUT', `min samples must be an integer >= 1, got ${minSamples}`);
  if (minSamples >= n)
    throw new AppError(
      'INVALID_INPUT',
      `min samples (${minSamples}) must be smaller than the number of points (${n})`,
    );
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]!))
      throw new AppError(
        'INVALID_INPUT',
        `point ${Math.floor(i / dims)} has a non-finite coordinate (${points[i]}); remove or fix it`,
      );
  }
  const eps = o.clusterSelectionEpsilon ?? 0;
  if (!(eps >= 0) || !Number.isFinite(eps))
    throw new AppError('INVALID_INPUT', `cluster selection epsilon must be >= 0, got ${eps}`);
  return minSamples;
}

/**
 * HDBSCAN of `points` (n x dims, row-major, euclidean): labels, membership probabilities, GLOSH outlier
 * scores, persistence, exemplars and the condensed tree. Throws INVALID_INPUT for non-finite values,
 * n < minClusterSize or an explicit minSamples >= n. Identical rows are fine: they sit at distance 0 (lambda = Infinity).
 */
export function hdbscan(
  points: Float32Array | Float64Array,
  n: number,
  dims: number,
  options: HdbscanOptions,
): HdbscanResult {
  const h = hdbscanHierarchy(points, n, dims, options);
  return extractClusters(h, options);
}

/** The method-independent part of HDBSCAN: core distances, spanning tree, condensed tree. */
export function hdbscanHierarchy(
  points: Float32Array | Float64Array,
  n: number,
  dims: number,
  options: HdbscanOptions,
): HdbscanHierarchy {
  const minSamples = validate(points, n, dims, options);
  const progress = options.onProgress;
  const cancelled = options.isCancelled;
  const { mst, coreDistances } = mutualReachabilityTree(points, n, dims, minSamples, progress, cancelled);
  progress?.('hierarchy', 0, 1);
  const hier = singleLinkage(n, mst);
  const condensedTree = condense(n, hier, options.minClusterSize);
  progress?.('hierarchy', 1, 1);
  return { n, minClusterSize: options.minClusterSize, coreDistances, condensedTree };
}

/** A spanning tree as n - 1 edges: endpoints `a`, `b` (rows) and weights `w` (distances). */
export type SpanningTree = { a: Int32Array; b: Int32Array; w: Float64Array };
type Mst = SpanningTree;

/**
 * Core distances (float64, n: distance to the minSamples-th nearest other point) and the minimum
 * spanning tree of the mutual-reachability graph of `points` (n x dims, row-major, euclidean).
 */
export function mutualReachabilityTree(
  points: Float32Array | Float64Array,
  n: number,
  dims: number,
  minSamples: number,
  progress?: HdbscanOptions['onProgress'],
  cancelled?: () => boolean,
): { mst: SpanningTree; coreDistances: Float64Array } {
  progress?.('index', 0, n);
  const tree = buildKdTree(points, n, dims, 40);
  check(cancelled);
  // The point itself is the first of its k nearest, so k = minSamples + 1.
  const k = Math.min(n, minSamples + 1);
  const seedK = Math.min(k, 16);
  const knn = kNearest(tree, k, seedK, (done) => {
    progress?.('core distances', done, n);
    check(cancelled);
  });
  const mst = boruvka(tree, knn.kth2, knn.indices, seedK, progress, cancelled);
  const coreDistances = new Float64Array(n);
  for (let i = 0; i < n; i++) coreDistances[i] = Math.sqrt(knn.kth2[i]!);
  return { mst, coreDistances };
}

/**
 * Minimum spanning tree of the mutual-reachability graph by Boruvka rounds, each finding every
 * component's lightest outgoing edge with pruned k-d tree searches (a node is skipped when it lies
 * wholly in the query's component or cannot beat the component's best edge so far).
 */
function boruvka(
  tree: KdTree,
  coreOrig2: Float64Array,
  seedsOrig: Int32Array,
  seedK: number,
  progress: HdbscanOptions['onProgress'],
  cancelled: (() => boolean) | undefined,
): Mst {
  // Everything below works on tree positions (see KdTree), so leaf scans read memory in sequence.
  const { n, dims, data: points, order, start, end, left, right, nodeCount } = tree;
  const posOf = new Int32Array(n);
  for (let j = 0; j < n; j++) posOf[order[j]!] = j;
  const core2 = new Float64Array(n);
  for (let j = 0; j < n; j++) core2[j] = coreOrig2[order[j]!]!;
  const seeds = new Int32Array(n * seedK);
  for (let j = 0; j < n; j++) {
    const o = order[j]! * seedK;
    for (let m = 0; m < seedK; m++) seeds[j * seedK + m] = posOf[seedsOrig[o + m]!]!;
  }
  const uf = new Int32Array(n);
  for (let i = 0; i < n; i++) uf[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (uf[r] !== r) r = uf[r]!;
    while (uf[x] !== r) {
      const nx = uf[x]!;
      uf[x] = r;
      x = nx;
    }
    return r;
  };
  const ea = new Int32Array(Math.max(0, n - 1));
  const eb = new Int32Array(Math.max(0, n - 1));
  const ew = new Float64Array(Math.max(0, n - 1));
  let edges = 0;

  // Smallest core distance under each node: no point below it is closer in mutual reachability.
  const nodeCore = new Float64Array(nodeCount);
  for (let node = nodeCount - 1; node >= 0; node--) {
    const l = left[node]!;
    if (l >= 0) nodeCore[node] = Math.min(nodeCore[l]!, nodeCore[right[node]!]!);
    else {
      let m = Infinity;
      for (let i = start[node]!; i < end[node]!; i++) m = Math.min(m, core2[i]!);
      nodeCore[node] = m;
    }
  }

  const comp = new Int32Array(n);
  const nodeComp = new Int32Array(nodeCount);
  const best = new Float64Array(n);
  const bestFrom = new Int32Array(n);
  const bestTo = new Int32Array(n);
  const stack = new Int32Array(256);
  // Offers every point of leaf `node` outside component `c` as the far end of an edge from `q`.
  const scan = (q: number, c: number, node: number): void => {
    const cq = core2[q]!;
    const qb = q * dims;
    for (let i = start[node]!; i < end[node]!; i++) {
      if (comp[i] === c) continue;
      const cp = core2[i]!;
      const bound = best[c]!;
      if (cp >= bound) continue;
      const pb = i * dims;
      let d2 = 0;
      if (dims === 5) {
        // Unrolled for the clustering layout's usual shape; same summation order as the loop.
        const t0 = points[qb]! - points[pb]!;
        const t1 = points[qb + 1]! - points[pb + 1]!;
        const t2 = points[qb + 2]! - points[pb + 2]!;
        const t3 = points[qb + 3]! - points[pb + 3]!;
        const t4 = points[qb + 4]! - points[pb + 4]!;
        d2 = t0 * t0 + t1 * t1 + t2 * t2 + t3 * t3 + t4 * t4;
      } else
        for (let d = 0; d < dims; d++) {
          const t = points[qb + d]! - points[pb + d]!;
          d2 += t * t;
        }
      const w = d2 > cq ? (d2 > cp ? d2 : cp) : cq > cp ? cq : cp;
      if (w < bound) {
        best[c] = w;
        bestFrom[c] = q;
        bestTo[c] = i;
      }
    }
  };
  let components = n;
  while (components > 1) {
    check(cancelled);
    progress?.('spanning tree', n - components, n - 1);
    for (let i = 0; i < n; i++) comp[i] = find(i);
    for (let node = nodeCount - 1; node >= 0; node--) {
      const l = left[node]!;
      if (l >= 0) {
        const cl = nodeComp[l]!;
        nodeComp[node] = cl >= 0 && cl === nodeComp[right[node]!] ? cl : -1;
      } else {
        const c = comp[start[node]!]!;
        let same = true;
        for (let i = start[node]! + 1; i < end[node]! && same; i++) same = comp[i] === c;
        nodeComp[node] = same ? c : -1;
      }
    }
    best.fill(Infinity);
    // Candidate edges from each point's nearest neighbours tighten the bounds before any search.
    for (let q = 0; q < n; q++) {
      const c = comp[q]!;
      const cq = core2[q]!;
      if (cq >= best[c]!) continue;
      const qb = q * dims;
      for (let m = 1; m < seedK; m++) {
        const p = seeds[q * seedK + m]!;
        if (comp[p] === c) continue;
        let d2 = 0;
        const pb = p * dims;
        for (let d = 0; d < dims; d++) {
          const t = points[qb + d]! - points[pb + d]!;
          d2 += t * t;
        }
        const w = Math.max(cq, core2[p]!, d2);
        if (w < best[c]!) {
          best[c] = w;
          bestFrom[c] = q;
          bestTo[c] = p;
        }
      }
    }
    for (let leaf = 0; leaf < nodeCount; leaf++) {
      if (left[leaf]! >= 0) continue;
      const c = nodeComp[leaf]!;
      if (c >= 0) {
        // A leaf wholly inside one component searches once for all its points, pruning by box-to-box bounds.
        if (nodeCore[leaf]! >= best[c]!) continue;
        let top = 0;
        stack[top++] = 0;
        while (top > 0) {
          const node = stack[--top]!;
          if (nodeComp[node] === c) continue;
          if (nodeCore[node]! >= best[c]!) continue;
          const l = left[node]!;
          if (l < 0) {
            for (let q = start[leaf]!; q < end[leaf]!; q++) {
              const cq = core2[q]!;
              if (cq >= best[c]! || boxDistance2(tree, q, node) >= best[c]!) continue;
              scan(q, c, node);
            }
            continue;
          }
          const r = right[node]!;
          const dl = boxBox2(tree, leaf, l);
          const dr = boxBox2(tree, leaf, r);
          const b = best[c]!;
          if (dl <= dr) {
            if (dr < b) stack[top++] = r;
            if (dl < b) stack[top++] = l;
          } else {
            if (dl < b) stack[top++] = l;
            if (dr < b) stack[top++] = r;
          }
        }
        continue;
      }
      for (let q = start[leaf]!; q < end[leaf]!; q++) {
        const cq = comp[q]!;
        if (core2[q]! >= best[cq]!) continue;
        let top = 0;
        stack[top++] = 0;
        while (top > 0) {
          const node = stack[--top]!;
          if (nodeComp[node] === cq) continue;
          if (nodeCore[node]! >= best[cq]!) continue;
          const l = left[node]!;
          if (l < 0) {
            scan(q, cq, node);
            continue;
          }
          const r = right[node]!;
          const dl = boxDistance2(tree, q, l);
          const dr = boxDistance2(tree, q, r);
          const b = best[cq]!;
          // Push the farther child first so the nearer one is searched (and tightens the bound) first.
          if (dl <= dr) {
            if (dr < b) stack[top++] = r;
            if (dl < b) stack[top++] = l;
          } else {
            if (dl < b) stack[top++] = l;
            if (dr < b) stack[top++] = r;
          }
        }
      }
    }
    let added = 0;
    for (let c = 0; c < n; c++) {
      if (comp[c] !== c || best[c] === Infinity) continue;
      const a = find(bestFrom[c]!);
      const b = find(bestTo[c]!);
      if (a === b) continue;
      uf[a] = b;
      ea[edges] = order[bestFrom[c]!]!;
      eb[edges] = order[bestTo[c]!]!;
      ew[edges] = Math.sqrt(best[c]!);
      edges++;
      added++;
    }
    if (added === 0) throw new Error('spanning tree made no progress'); // unreachable on finite input
    components -= added;
  }
  progress?.('spanning tree', n - 1, n - 1);
  return { a: ea, b: eb, w: ew };
}

type Hierarchy = { left: Int32Array; right: Int32Array; dist: Float64Array; size: Int32Array };

/** scipy-style linkage (rows: left, right, distance, size; node n + i is row i) from the spanning tree. */
function singleLinkage(n: number, mst: Mst): Hierarchy {
  const m = n - 1;
  const idx = new Int32Array(m);
  for (let i = 0; i < m; i++) idx[i] = i;
  const w = mst.w;
  idx.sort((x, y) => w[x]! - w[y]! || x - y);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const sz = new Int32Array(2 * n - 1);
  sz.fill(1, 0, n);
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[x] !== r) {
      const nx = parent[x]!;
      parent[x] = r;
      x = nx;
    }
    return r;
  };
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const dist = new Float64Array(m);
  const size = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const e = idx[i]!;
    const a = find(mst.a[e]!);
    const b = find(mst.b[e]!);
    const node = n + i;
    left[i] = a;
    right[i] = b;
    dist[i] = w[e]!;
    size[i] = sz[a]! + sz[b]!;
    sz[node] = size[i]!;
    parent[a] = node;
    parent[b] = node;
  }
  return { left, right, dist, size };
}

/** Condenses the single-linkage tree: splits smaller than minClusterSize become points falling out. */
function condense(n: number, h: Hierarchy, minClusterSize: number): CondensedTree {
  const cap = 2 * n;
  const parents = new Int32Array(cap);
  const children = new Int32Array(cap);
  const lambdas = new Float64Array(cap);
  const sizes = new Int32Array(cap);
  let rows = 0;
  if (n < 2) return { parents, children, lambdas, sizes };
  const root = 2 * n - 2;
  const relabel = new Int32Array(2 * n - 1);
  const ignore = new Uint8Array(2 * n - 1);
  relabel[root] = n;
  let nextLabel = n + 1;
  const count = (node: number): number => (node < n ? 1 : h.size[node - n]!);
  const queue = new Int32Array(2 * n - 1);
  const sub = new Int32Array(2 * n - 1);
  // Points below `node` fall out of `cluster` at `lambda`, in breadth-first order like the reference.
  const fallOut = (node: number, cluster: number, lambda: number): void => {
    let head = 0;
    let tail = 0;
    sub[tail++] = node;
    while (head < tail) {
      const x = sub[head++]!;
      ignore[x] = 1;
      if (x < n) {
        parents[rows] = cluster;
        children[rows] = x;
        lambdas[rows] = lambda;
        sizes[rows] = 1;
        rows++;
      } else {
        sub[tail++] = h.left[x - n]!;
        sub[tail++] = h.right[x - n]!;
      }
    }
  };
  let head = 0;
  let tail = 0;
  queue[tail++] = root;
  while (head < tail) {
    const node = queue[head++]!;
    if (node < n) continue;
    const l = h.left[node - n]!;
    const r = h.right[node - n]!;
    queue[tail++] = l;
    queue[tail++] = r;
    if (ignore[node]) continue;
    const d = h.dist[node - n]!;
    const lambda = d > 0 ? 1 / d : Infinity;
    const lc = count(l);
    const rc = count(r);
    const cluster = relabel[node]!;
    if (lc >= minClusterSize && rc >= minClusterSize) {
      relabel[l] = nextLabel++;
      parents[rows] = cluster;
      children[rows] = relabel[l]!;
      lambdas[rows] = lambda;
      sizes[rows++] = lc;
      relabel[r] = nextLabel++;
      parents[rows] = cluster;
      children[rows] = relabel[r]!;
      lambdas[rows] = lambda;
      sizes[rows++] = rc;
    } else if (lc < minClusterSize && rc < minClusterSize) {
      fallOut(l, cluster, lambda);
      fallOut(r, cluster, lambda);
    } else if (lc < minClusterSize) {
      relabel[r] = cluster;
      fallOut(l, cluster, lambda);
    } else {
      relabel[l] = cluster;
      fallOut(r, cluster, lambda);
    }
  }
  return {
    parents: parents.slice(0, rows),
    children: children.slice(0, rows),
    lambdas: lambdas.slice(0, rows),
    sizes: sizes.slice(0, rows),
  };
}

/**
 * Cuts flat clusters (eom or leaf) from a hierarchy; cheap next to building it, so eom and leaf runs
 * of the same data share one `hdbscanHierarchy`.
 */
export function extractClusters(
  h: HdbscanHierarchy,
  options: Pick<HdbscanOptions, 'method' | 'clusterSelectionEpsilon' | 'allowSingleCluster'>,
): HdbscanResult {
  const { n } = h;
  const { parents, children, lambdas, sizes } = h.condensedTree;
  const rows = parents.length;
  const method = options.method ?? 'eom';
  const eps = options.clusterSelectionEpsilon ?? 0;
  const allowSingle = options.allowSingleCluster ?? false;
  const root = n;
  let maxId = root;
  for (let i = 0; i < rows; i++) if (children[i]! > maxId) maxId = children[i]!;
  const nc = maxId - root + 1; // cluster ids root..maxId
  // Cluster structure: parent, birth lambda, children lists.
  const cParent = new Int32Array(nc).fill(-1);
  const birth = new Float64Array(nc);
  const cSize = new Int32Array(nc);
  cSize[0] = n;
  const kids: number[][] = Array.from({ length: nc }, () => []);
  for (let i = 0; i < rows; i++) {
    const c = children[i]!;
    if (c >= root) {
      const ci = c - root;
      cParent[ci] = parents[i]! - root;
      birth[ci] = lambdas[i]!;
      cSize[ci] = sizes[i]!;
      kids[parents[i]! - root]!.push(ci);
    }
  }
  const stability = new Float64Array(nc);
  const death = new Float64Array(nc); // largest lambda among direct children rows
  let maxLambda = 0;
  for (let i = 0; i < rows; i++) {
    const p = parents[i]! - root;
    const lam = lambdas[i]!;
    stability[p] = stability[p]! + (lam - birth[p]!) * sizes[i]!;
    if (lam > death[p]!) death[p] = lam;
    if (lam > maxLambda) maxLambda = lam;
  }
  const originalStability = stability.slice();

  const selected = new Uint8Array(nc);
  const first = allowSingle ? 0 : 1;
  if (method === 'eom') {
    for (let c = first; c < nc; c++) selected[c] = 1;
    for (let c = nc - 1; c >= first; c--) {
      let sub = 0;
      for (const k of kids[c]!) sub += stability[k]!;
      if (sub > stability[c]!) {
        selected[c] = 0;
        stability[c] = sub;
      } else {
        const stack = [...kids[c]!];
        while (stack.length) {
          const x = stack.pop()!;
          selected[x] = 0;
          stack.push(...kids[x]!);
        }
      }
    }
    if (eps !== 0 && nc > 1) {
      const chosen: number[] = [];
      for (let c = 0; c < nc; c++) if (selected[c]) chosen.push(c);
      selected.fill(0);
      if (!(chosen.length === 1 && chosen[0] === 0)) {
        for (const c of epsilonSearch(chosen, cParent, birth, kids, eps, allowSingle)) selected[c] = 1;
      } else if (allowSingle) selected[0] = 1;
    }
  } else {
    const leaves: number[] = [];
    if (nc > 1) {
      const stack = [0];
      while (stack.length) {
        const x = stack.pop()!;
        if (kids[x]!.length === 0) leaves.push(x);
        else stack.push(...kids[x]!);
      }
    }
    const chosen = eps !== 0 ? epsilonSearch(leaves, cParent, birth, kids, eps, allowSingle) : leaves;
    for (const c of chosen) if (c >= first) selected[c] = 1;
  }

  // Output numbering: selected clusters in ascending id order.
  const outOf = new Int32Array(nc).fill(-1);
  let clusterCount = 0;
  for (let c = 0; c < nc; c++) if (selected[c]) outOf[c] = clusterCount++;
  const clusterNodes = new Int32Array(clusterCount);
  for (let c = 0; c < nc; c++) if (selected[c]) clusterNodes[outOf[c]!] = c + root;
  // Each cluster's selected ancestor-or-self (parents have smaller ids than their children).
  const owner = new Int32Array(nc).fill(-1);
  for (let c = 0; c < nc; c++) owner[c] = selected[c] ? c : cParent[c]! >= 0 ? owner[cParent[c]!]! : -1;

  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float64Array(n);
  const rootThreshold = eps !== 0 ? 1 / eps : death[0]!;
  for (let i = 0; i < rows; i++) {
    const x = children[i]!;
    if (x >= root) continue;
    const o = owner[parents[i]! - root]!;
    if (o < 0) continue;
    // The reference keeps only the densest points when the root itself is the single cluster.
    if (o === 0 && !(clusterCount === 1 && allowSingle && lambdas[i]! >= rootThreshold)) continue;
    labels[x] = outOf[o]!;
    const dl = death[o]!;
    const lam = lambdas[i]!;
    probabilities[x] = dl === 0 || !Number.isFinite(lam) ? 1 : Math.min(lam, dl) / dl;
  }

  // GLOSH: 1 - lambda(point) / largest lambda anywhere below the point's cluster.
  const subtreeDeath = death.slice();
  for (let c = nc - 1; c > 0; c--) {
    const p = cParent[c]!;
    if (subtreeDeath[c]! > subtreeDeath[p]!) subtreeDeath[p] = subtreeDeath[c]!;
  }
  const outlierScores = new Float64Array(n);
  for (let i = 0; i < rows; i++) {
    const x = children[i]!;
    if (x >= root) continue;
    const lmax = subtreeDeath[parents[i]! - root]!;
    const lam = lambdas[i]!;
    // Below an infinitely dense spot (identical rows) any finite lambda is the limit score 1.
    outlierScores[x] = lmax === 0 || !Number.isFinite(lam) ? 0 : lmax === Infinity ? 1 : (lmax - lam) / lmax;
  }

  const counts = new Int32Array(clusterCount);
  for (let i = 0; i < n; i++) if (labels[i]! >= 0) counts[labels[i]!]!++;
  const persistence = new Float64Array(clusterCount);
  for (let k = 0; k < clusterCount; k++) {
    const c = clusterNodes[k]! - root;
    persistence[k] =
      !Number.isFinite(maxLambda) || maxLambda === 0 || counts[k] === 0
        ? 1
        : originalStability[c]! / (counts[k]! * maxLambda);
  }

  // Exemplars: the points that persist longest in each leaf below a selected cluster.
  const pointsOf: number[][] = Array.from({ length: nc }, () => []);
  for (let i = 0; i < rows; i++) {
    const x = children[i]!;
    const p = parents[i]! - root;
    if (x < root && lambdas[i] === death[p]) pointsOf[p]!.push(x);
  }
  const exemplarOffsets = new Int32Array(clusterCount + 1);
  const ex: number[] = [];
  for (let k = 0; k < clusterCount; k++) {
    const stack = [clusterNodes[k]! - root];
    while (stack.length) {
      const x = stack.pop()!;
      if (kids[x]!.length === 0) ex.push(...pointsOf[x]!);
      else for (let j = kids[x]!.length - 1; j >= 0; j--) stack.push(kids[x]![j]!);
    }
    exemplarOffsets[k + 1] = ex.length;
  }

  return {
    labels,
    clusterCount,
    probabilities,
    outlierScores,
    persistence,
    exemplarOffsets,
    exemplars: Int32Array.from(ex),
    clusterNodes,
    condensedTree: h.condensedTree,
    coreDistances: h.coreDistances,
  };
}

/** Replaces clusters born below distance `eps` by the ancestor that is (the reference's epsilon_search). */
function epsilonSearch(
  candidates: number[],
  cParent: Int32Array,
  birth: Float64Array,
  kids: number[][],
  eps: number,
  allowSingle: boolean,
): number[] {
  const out = new Set<number>();
  const processed = new Set<number>();
  for (const leaf of candidates) {
    if (1 / birth[leaf]! < eps) {
      if (processed.has(leaf)) continue;
      let x = leaf;
      for (;;) {
        const p = cParent[x]!;
        if (p === 0) {
          if (allowSingle) x = 0;
          break;
        }
        if (1 / birth[p]! > eps) {
          x = p;
          break;
        }
        x = p;
      }
      out.add(x);
      const stack = [...kids[x]!];
      while (stack.length) {
        const y = stack.pop()!;
        processed.add(y);
        stack.push(...kids[y]!);
      }
    } else out.add(leaf);
  }
  return [...out];
}
