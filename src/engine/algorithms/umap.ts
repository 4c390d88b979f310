import type { Cancellation, KnnGraph } from './knn';
import { DEFAULTS, MAP_COMPONENTS, UMAP_LEARN_REPULSION } from '../../shared/params';

// UMAP (McInnes, Healy & Melville 2018, arXiv:1802.03426), following umap-learn 0.5's
// fuzzy_simplicial_set, simplicial_set_embedding and optimize_layout_euclidean, on flat typed
// arrays: the fuzzy graph is CSR built by counting sorts, never a keyed map.

export type UmapParams = {
  nComponents: number;
  nNeighbors: number;
  minDist: number;
  spread: number;
  /** Default: 500 for n <= 10,000, else 200 (umap-learn's choice). */
  nEpochs?: number;
  learningRate: number;
  negativeSampleRate: number;
  repulsionStrength: number;
  localConnectivity: number;
  setOpMixRatio: number;
};

/**
 * The layout schema's defaults (src/shared/params) for what it sets, umap-learn's for the fuzzy set's
 * two constants, which no run changes.
 */
export const DEFAULT_UMAP_PARAMS: UmapParams = {
  nComponents: MAP_COMPONENTS,
  nNeighbors: DEFAULTS.mapNeighbors,
  minDist: DEFAULTS.minDist,
  spread: DEFAULTS.spread,
  learningRate: DEFAULTS.learningRate,
  negativeSampleRate: DEFAULTS.negativeSampleRate,
  repulsionStrength: UMAP_LEARN_REPULSION,
  localConnectivity: 1,
  setOpMixRatio: 1,
};

/** Sparse n x n matrix in CSR form, columns sorted within each row. */
export type Csr = { n: number; indptr: Int32Array; indices: Int32Array; data: Float32Array };

export const defaultEpochs = (n: number): number => (n <= 10_000 ? 500 : 200);

/**
 * Fits `1 / (1 + a x^(2b))` to UMAP's target membership curve for `spread`, `minDist` by
 * Levenberg-Marquardt least squares over 300 points on [0, 3 spread] (umap-learn find_ab_params).
 */
export function findAbParams(spread: number, minDist: number): { a: number; b: number } {
  const m = 300;
  const xs = new Float64Array(m);
  const ys = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const x = (3 * spread * i) / (m - 1);
    xs[i] = x;
    ys[i] = x < minDist ? 1 : Math.exp(-(x - minDist) / spread);
  }
  const loss = (a: number, b: number): number => {
    let s = 0;
    for (let i = 0; i < m; i++) {
      const r = 1 / (1 + a * Math.pow(xs[i]!, 2 * b)) - ys[i]!;
      s += r * r;
    }
    return s;
  };
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  let cur = loss(a, b);
  for (let iter = 0; iter < 500; iter++) {
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < m; i++) {
      const x = xs[i]!;
      if (x === 0) continue;
      const u = Math.pow(x, 2 * b);
      const den = 1 + a * u;
      const f = 1 / den;
      const r = f - ys[i]!;
      const da = -u / (den * den);
      const db = (-a * u * 2 * Math.log(x)) / (den * den);
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 30; tries++) {
      const A = jaa * (1 + lambda);
      const B = jbb * (1 + lambda);
      const det = A * B - jab * jab;
      const sa = -(B * ga - jab * gb) / det;
      const sb = -(A * gb - jab * ga) / det;
      const next = loss(a + sa, b + sb);
      if (Number.isFinite(next) && next < cur) {
        const small = Math.abs(sa) < 1e-10 && Math.abs(sb) < 1e-10;
        a += sa;
        b += sb;
        cur = next;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = !small;
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { a, b };
}

/**
 * Per-row bandwidths: `rho` = distance to the nearest non-identical neighbour, `sigma` found by
 * bisection so that sum_j exp(-(d_ij - rho)/sigma) = log2(k) (umap-learn smooth_knn_dist).
 * `distances` is n x k with each row's self at position 0.
 */
export function smoothKnnDist(
  distances: Float32Array,
  n: number,
  k: number,
  localConnectivity = 1,
): { sigmas: Float32Array; rhos: Float32Array } {
  const target = Math.log2(k);
  const sigmas = new Float32Array(n);
  const rhos = new Float32Array(n);
  let meanAll = 0;
  for (let t = 0; t < n * k; t++) meanAll += distances[t]!;
  meanAll /= n * k;
  const index = Math.floor(localConnectivity);
  const interp = localConnectivity - index;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let rho = 0;
    // Non-zero distances in row order (rows are sorted ascending).
    let firstNz = -1;
    let nnz = 0;
    let rowMean = 0;
    for (let j = 0; j < k; j++) {
      const d = distances[o + j]!;
      rowMean += d;
      if (d > 0) {
        if (firstNz < 0) firstNz = j;
        nnz++;
      }
    }
    rowMean /= k;
    if (nnz >= localConnectivity && index > 0) {
      rho = distances[o + firstNz + index - 1]!;
      if (interp > 1e-5) rho += interp * (distances[o + firstNz + index]! - rho);
    } else if (nnz > 0 && index > 0) {
      rho = distances[o + firstNz + nnz - 1]!;
    }
    // Safeguarded Newton on sigma (psum is increasing in sigma): a Newton step when it stays
    // inside the bisection bracket, else umap-learn's bisection step. Same fixed point and
    // tolerance as its 64-step bisection, in a handful of iterations.
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let it = 0; it < 64; it++) {
      let psum = 0;
      let slope = 0;
      for (let j = 1; j < k; j++) {
        const d = distances[o + j]! - rho;
        if (d > 0) {
          const e = Math.exp(-d / mid);
          psum += e;
          slope += e * d;
        } else psum += 1;
      }
      if (Math.abs(psum - target) < 1e-5) break;
      if (psum > target) hi = mid;
      else lo = mid;
      const step = slope > 0 ? mid - ((psum - target) * mid * mid) / slope : NaN;
      if (step > lo && step < hi) mid = step;
      else if (psum > target) mid = (lo + hi) / 2;
      else mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
    }
    const floor = 1e-3 * (rho > 0 ? rowMean : meanAll);
    sigmas[i] = Math.max(mid, floor);
    rhos[i] = rho;
  }
  return { sigmas, rhos };
}

/** Transpose of a CSR matrix by a counting sort; output rows come out column-sorted. */
export function transposeCsr(m: Csr): Csr {
  const { n, indptr, indices, data } = m;
  const nnz = indptr[n]!;
  const tp = new Int32Array(n + 1);
  for (let t = 0; t < nnz; t++) tp[indices[t]! + 1]!++;
  for (let i = 0; i < n; i++) tp[i + 1]! += tp[i]!;
  const fill = tp.slice(0, n);
  const ti = new Int32Array(nnz);
  const td = new Float32Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
      const p = fill[indices[t]!]!++;
      ti[p] = i;
      td[p] = data[t]!;
    }
  }
  return { n, indptr: tp, indices: ti, data: td };
}

/**
 * The fuzzy simplicial set of a k-NN graph: membership strengths
 * exp(-(d - rho_i)/sigma_i) per directed edge, symmetrised by fuzzy union
 * (mix * (P + P^T - P o P^T) + (1 - mix) * P o P^T). Returns CSR n x n.
 */
export function fuzzySimplicialSet(
  knn: KnnGraph,
  localConnectivity = 1,
  setOpMixRatio = 1,
): { graph: Csr; sigmas: Float32Array; rhos: Float32Array } {
  const { n, k, indices, distances } = knn;
  const { sigmas, rhos } = smoothKnnDist(distances, n, k, localConnectivity);
  // Directed memberships, self loops dropped.
  const indptr = new Int32Array(n + 1);
  const cols = new Int32Array(n * (k - 1));
  const vals = new Float32Array(n * (k - 1));
  let nnz = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const c = indices[i * k + j]!;
      if (c === i || c < 0) continue;
      const d = distances[i * k + j]! - rhos[i]!;
      cols[nnz] = c;
      vals[nnz] = d <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-d / sigmas[i]!);
      nnz++;
    }
    indptr[i + 1] = nnz;
  }
  const p0: Csr = { n, indptr, indices: cols.subarray(0, nnz), data: vals.subarray(0, nnz) };
  const pt = transposeCsr(p0);
  const p = transposeCsr(pt); // column-sorted rows of P
  // Merge row i of P with row i of P^T.
  const outPtr = new Int32Array(n + 1);
  const outIdx = new Int32Array(2 * nnz);
  const outVal = new Float32Array(2 * nnz);
  let o = 0;
  const mix = setOpMixRatio;
  for (let i = 0; i < n; i++) {
    let a = p.indptr[i]!;
    const ae = p.indptr[i + 1]!;
    let b = pt.indptr[i]!;
    const be = pt.indptr[i + 1]!;
    while (a < ae || b < be) {
      const ca = a < ae ? p.indices[a]! : 0x7fffffff;
      const cb = b < be ? pt.indices[b]! : 0x7fffffff;
      let x = 0;
      let y = 0;
      let c: number;
      if (ca === cb) {
        c = ca;
        x = p.data[a++]!;
        y = pt.data[b++]!;
      } else if (ca < cb) {
        c = ca;
        x = p.data[a++]!;
      } else {
        c = cb;
        y = pt.data[b++]!;
      }
      const prod = x * y;
      const v = mix * (x + y - prod) + (1 - mix) * prod;
      if (v > 0) {
        outIdx[o] = c;
        outVal[o] = v;
        o++;
      }
    }
    outPtr[i + 1] = o;
  }
  return {
    graph: { n, indptr: outPtr, indices: outIdx.slice(0, o), data: outVal.slice(0, o) },
    sigmas,
    rhos,
  };
}

/** Standard normal draws from a uniform source (Box-Muller). */
function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-300);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/**
 * PCA of `data` (n x d, row-major) to `dims` columns by randomised subspace iteration
 * (Halko, Martinsson & Tropp 2011) on the centred data; returns n x dims scores. The directions
 * are fitted on at most `sample` rows drawn with `random` (an initial layout needs the main axes,
 * not their last digit), then every row is projected.
 */
export function pcaScores(
  all: Float32Array,
  nAll: number,
  d: number,
  dims: number,
  random: () => number,
  options: { iterations?: number; sample?: number } = {},
): Float32Array {
  const iterations = options.iterations ?? 5;
  const n = Math.min(nAll, options.sample ?? 5000);
  let data = all;
  if (n < nAll) {
    // Partial Fisher-Yates over row ids.
    const ids = Int32Array.from({ length: nAll }, (_, i) => i);
    data = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const r = i + Math.floor(random() * (nAll - i));
      const t = ids[i]!;
      ids[i] = ids[r]!;
      ids[r] = t;
      data.set(all.subarray(ids[i]! * d, ids[i]! * d + d), i * d);
    }
  }
  const p = Math.min(d, dims + 6);
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0, o = i * d; j < d; j++) mean[j]! += data[o + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const normal = gaussian(random);
  let q = new Float64Array(d * p); // d x p basis, column-major per vector: q[c * d + j]
  for (let t = 0; t < q.length; t++) q[t] = normal();
  const y = new Float64Array(n * p);
  const orth = (m: Float64Array, len: number): void => {
    // Modified Gram-Schmidt over p vectors of length len.
    for (let c = 0; c < p; c++) {
      const oc = c * len;
      for (let e = 0; e < c; e++) {
        const oe = e * len;
        let s = 0;
        for (let t = 0; t < len; t++) s += m[oc + t]! * m[oe + t]!;
        for (let t = 0; t < len; t++) m[oc + t]! -= s * m[oe + t]!;
      }
      let s = 0;
      for (let t = 0; t < len; t++) s += m[oc + t]! * m[oc + t]!;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let t = 0; t < len; t++) m[oc + t]! *= inv;
    }
  };
  // Y = (X - mean) Q, as n x p stored column-major: y[c * n + i].
  const project = (): void => {
    const qm = new Float64Array(p);
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += mean[j]! * q[c * d + j]!;
      qm[c] = s;
    }
    const row = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      row.fill(0);
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const v = data[o + j]!;
        for (let c = 0; c < p; c++) row[c]! += v * q[c * d + j]!;
      }
      for (let c = 0; c < p; c++) y[c * n + i] = row[c]! - qm[c]!;
    }
  };
  // Q = (X - mean)^T Y.
  const back = (): void => {
    q = new Float64Array(d * p);
    const ysum = new Float64Array(p);
    for (let i = 0; i < n; i++) {
      const o = i * d;
      for (let c = 0; c < p; c++) {
        const w = y[c * n + i]!;
        ysum[c]! += w;
        const qc = c * d;
        for (let j = 0; j < d; j++) q[qc + j]! += w * data[o + j]!;
      }
    }
    for (let c = 0; c < p; c++) for (let j = 0; j < d; j++) q[c * d + j]! -= mean[j]! * ysum[c]!;
  };
  orth(q, d);
  for (let it = 0; it < iterations; it++) {
    project();
    orth(y, n);
    back();
    orth(q, d);
  }
  project();
  // Rayleigh-Ritz: eigen-decompose the small p x p Gram matrix of Y to order the directions.
  const g = new Float64Array(p * p);
  for (let a = 0; a < p; a++)
    for (let b = a; b < p; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += y[a * n + i]! * y[b * n + i]!;
      g[a * p + b] = s;
      g[b * p + a] = s;
    }
  const { vectors } = jacobiEigen(g, p);
  // Directions in input space: w_c = Q v_c (d x dims, column c at w[c * d]).
  const cols = Math.min(dims, p);
  const w = new Float64Array(d * dims);
  for (let c = 0; c < cols; c++)
    for (let e = 0; e < p; e++) {
      const v = vectors[e * p + c]!;
      for (let j = 0; j < d; j++) w[c * d + j]! += v * q[e * d + j]!;
    }
  const out = new Float32Array(nAll * dims);
  const shift = new Float64Array(dims);
  for (let c = 0; c < dims; c++) for (let j = 0; j < d; j++) shift[c]! += mean[j]! * w[c * d + j]!;
  for (let i = 0; i < nAll; i++) {
    const o = i * d;
    for (let c = 0; c < dims; c++) {
      let s = 0;
      const oc = c * d;
      for (let j = 0; j < d; j++) s += all[o + j]! * w[oc + j]!;
      out[i * dims + c] = s - shift[c]!;
    }
  }
  return out;
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi); columns sorted by eigenvalue, largest first. */
function jacobiEigen(m: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(m);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j]! ** 2;
    if (off < 1e-22) break;
    for (let i = 0; i < p; i++)
      for (let j = i + 1; j < p; j++) {
        const aij = a[i * p + j]!;
        if (Math.abs(aij) < 1e-300) continue;
        const theta = (a[j * p + j]! - a[i * p + i]!) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < p; r++) {
          const ari = a[r * p + i]!;
          const arj = a[r * p + j]!;
          a[r * p + i] = c * ari - s * arj;
          a[r * p + j] = s * ari + c * arj;
        }
        for (let r = 0; r < p; r++) {
          const air = a[i * p + r]!;
          const ajr = a[j * p + r]!;
          a[i * p + r] = c * air - s * ajr;
          a[j * p + r] = s * air + c * ajr;
        }
        for (let r = 0; r < p; r++) {
          const vri = v[r * p + i]!;
          const vrj = v[r * p + j]!;
          v[r * p + i] = c * vri - s * vrj;
          v[r * p + j] = s * vri + c * vrj;
        }
      }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => a[y * p + y]! - a[x * p + x]!);
  const values = new Float64Array(p);
  const vectors = new Float64Array(p * p);
  order.forEach((src, dst) => {
    values[dst] = a[src * p + src]!;
    for (let r = 0; r < p; r++) vectors[r * p + dst] = v[r * p + src]!;
  });
  return { values, vectors };
}

/**
 * Spectral initial layout (as umap-learn's default): the leading non-trivial eigenvectors of the
 * graph's normalised adjacency D^-1/2 W D^-1/2, i.e. the smallest of its normalised Laplacian, by
 * block subspace iteration on (I + D^-1/2 W D^-1/2) / 2 (all eigenvalues in [0, 1]) with the
 * trivial vector D^1/2 1 projected out, then Rayleigh-Ritz. Dense clusters get near-1 eigenvalues,
 * so the layout starts with every cluster gathered in one place instead of overlapping as in a
 * linear projection. Returns n x dims, or null when the iteration cannot produce a usable basis
 * (e.g. a graph without edges), so the caller can fall back.
 */
export function spectralInit(
  graph: Csr,
  dims: number,
  random: () => number,
  options: { iterations?: number; oversample?: number; signal?: Cancellation } = {},
): Float32Array | null {
  const n = graph.n;
  const p = Math.min(n - 1, dims + (options.oversample ?? 4));
  if (p < dims) return null;
  const iterations = options.iterations ?? 60;
  const { indptr, indices, data } = graph;
  const scale = new Float64Array(n);
  const trivial = new Float64Array(n);
  let tnorm = 0;
  for (let i = 0; i < n; i++) {
    let deg = 0;
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) deg += data[t]!;
    scale[i] = deg > 0 ? 1 / Math.sqrt(deg) : 0;
    trivial[i] = Math.sqrt(deg);
    tnorm += deg;
  }
  if (!(tnorm > 0)) return null;
  tnorm = Math.sqrt(tnorm);
  for (let i = 0; i < n; i++) trivial[i]! /= tnorm;
  // Block stored row-major (n x p) so that a matrix row's neighbours are read contiguously.
  let x = new Float64Array(n * p);
  let y = new Float64Array(n * p);
  const normal = gaussian(random);
  for (let t = 0; t < x.length; t++) x[t] = normal();
  const orthonormalise = (m: Float64Array, passes = 2): boolean => {
    const dot = new Float64Array(p);
    // The trivial direction first, then modified Gram-Schmidt over the columns (twice for stability).
    for (let c = 0; c < p; c++) dot[c] = 0;
    for (let i = 0; i < n; i++) for (let c = 0, o = i * p; c < p; c++) dot[c]! += trivial[i]! * m[o + c]!;
    for (let i = 0; i < n; i++) for (let c = 0, o = i * p; c < p; c++) m[o + c]! -= dot[c]! * trivial[i]!;
    for (let pass = 0; pass < passes; pass++)
      for (let c = 0; c < p; c++) {
        for (let e = 0; e < c; e++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += m[i * p + c]! * m[i * p + e]!;
          for (let i = 0; i < n; i++) m[i * p + c]! -= s * m[i * p + e]!;
        }
        let s = 0;
        for (let i = 0; i < n; i++) s += m[i * p + c]! * m[i * p + c]!;
        if (!(s > 1e-300)) return false;
        const inv = 1 / Math.sqrt(s);
        for (let i = 0; i < n; i++) m[i * p + c]! *= inv;
      }
    return true;
  };
  // y = (x + S W S x) / 2
  const apply = (src: Float64Array, dst: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      const o = i * p;
      for (let c = 0; c < p; c++) dst[o + c] = 0;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
        const j = indices[t]!;
        const w = data[t]! * scale[j]!;
        const oj = j * p;
        for (let c = 0; c < p; c++) dst[o + c]! += w * src[oj + c]!;
      }
      const si = scale[i]!;
      for (let c = 0; c < p; c++) dst[o + c] = 0.5 * (src[o + c]! + si * dst[o + c]!);
    }
  };
  if (!orthonormalise(x)) return null;
  for (let it = 0; it < iterations; it++) {
    options.signal?.throwIfAborted();
    apply(x, y);
    [x, y] = [y, x];
    // M's eigenvalues lie in [0, 1], so a few unnormalised steps stay well scaled; re-orthonormalise
    // every fourth step (the Gram-Schmidt costs as much as a product) and at the end.
    const last = it === iterations - 1;
    if ((last || it % 4 === 3) && !orthonormalise(x, last ? 2 : 1)) return null;
  }
  // Rayleigh-Ritz: H = X^T M X, its leading eigenvectors rotate the block.
  apply(x, y);
  const h = new Float64Array(p * p);
  for (let i = 0; i < n; i++)
    for (let a = 0, o = i * p; a < p; a++) {
      const xa = x[o + a]!;
      for (let b = 0; b < p; b++) h[a * p + b]! += xa * y[o + b]!;
    }
  for (let a = 0; a < p; a++)
    for (let b = 0; b < a; b++) {
      const v = (h[a * p + b]! + h[b * p + a]!) / 2;
      h[a * p + b] = v;
      h[b * p + a] = v;
    }
  const { values, vectors } = jacobiEigen(h, p);
  const order = Array.from({ length: p }, (_, i) => i).sort((u, v) => values[v]! - values[u]!);
  const out = new Float32Array(n * dims);
  for (let c = 0; c < dims; c++) {
    const col = order[c]!;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let a = 0; a < p; a++) s += x[i * p + a]! * vectors[a * p + col]!;
      out[i * dims + c] = s;
    }
  }
  return out;
}

/**
 * Scales each column of an initial layout (n x dims) to [0, 10], as umap-learn does before SGD,
 * after a tiny seeded jitter so that duplicate points can separate. A column with no spread
 * (identical points) is replaced by seeded uniform noise.
 */
export function scaleInit(init: Float32Array, n: number, dims: number, random: () => number): void {
  const normal = gaussian(random);
  for (let c = 0; c < dims; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = init[i * dims + c]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo;
    if (!(range > 1e-12)) {
      for (let i = 0; i < n; i++) init[i * dims + c] = 10 * random();
      continue;
    }
    const s = 10 / range;
    for (let i = 0; i < n; i++) init[i * dims + c] = (init[i * dims + c]! - lo) * s + 1e-4 * normal();
  }
}

export type EpochHook = (epoch: number, nEpochs: number, embedding: Float32Array) => void;

/** Edges of a fuzzy graph as SGD inputs: both directions of each pair, weak edges pruned. */
export function layoutEdges(
  graph: Csr,
  nEpochs: number,
): { head: Int32Array; tail: Int32Array; epochsPerSample: Float64Array } {
  let max = 0;
  for (let t = 0; t < graph.data.length; t++) if (graph.data[t]! > max) max = graph.data[t]!;
  const cut = max / nEpochs;
  let m = 0;
  for (let t = 0; t < graph.data.length; t++) if (graph.data[t]! >= cut) m++;
  const head = new Int32Array(m);
  const tail = new Int32Array(m);
  const eps = new Float64Array(m);
  let e = 0;
  for (let i = 0; i < graph.n; i++)
    for (let t = graph.indptr[i]!; t < graph.indptr[i + 1]!; t++) {
      const w = graph.data[t]!;
      if (w < cut) continue;
      head[e] = i;
      tail[e] = graph.indices[t]!;
      eps[e] = max / w;
      e++;
    }
  return { head, tail, epochsPerSample: eps };
}

// The SGD's two gradient coefficients are functions of the squared distance alone. Math.pow
// dominated the epoch time, so both are tabulated over the float32 bit pattern of d^2 (1,024 steps
// per octave, linear interpolation within a step: relative error below 1e-6) for d^2 in
// [2^-16, 2^12], and computed exactly outside that range. Float32 entries keep both tables
// (230 KB) beside the layout in the core's cache.
const TABLE_EMIN = -16;
const TABLE_EMAX = 12;
const TABLE_BASE = (127 + TABLE_EMIN) << 10;
const TABLE_SIZE = (TABLE_EMAX - TABLE_EMIN) * 1024 + 1;
const TABLE_LO = 2 ** TABLE_EMIN;
const TABLE_HI = 2 ** TABLE_EMAX;

function coefficientTable(f: (d2: number) => number): Float32Array {
  const t = new Float32Array(TABLE_SIZE);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let i = 0; i < TABLE_SIZE; i++) {
    u32[0] = (i + TABLE_BASE) << 13;
    t[i] = f(f32[0]!);
  }
  return t;
}

/**
 * SGD with negative sampling on the UMAP cross-entropy (umap-learn optimize_layout_euclidean):
 * moves `head` rows (h x dims) toward sampled `tail` rows (t x dims) and away from random tail
 * rows. With `moveOther`, head and tail are the same array and both ends move.
 */
export function optimizeLayout(
  head: Float32Array,
  tail: Float32Array,
  nTail: number,
  dims: number,
  edges: { head: Int32Array; tail: Int32Array; epochsPerSample: Float64Array },
  o: {
    nEpochs: number;
    a: number;
    b: number;
    gamma: number;
    initialAlpha: number;
    negativeSampleRate: number;
    moveOther: boolean;
    random: () => number;
    signal?: Cancellation;
    onEpoch?: EpochHook;
  },
): void {
  const { a, b, gamma, nEpochs } = o;
  const m = edges.head.length;
  const eHead = edges.head;
  const eTail = edges.tail;
  const eps = edges.epochsPerSample;
  const epsNeg = new Float64Array(m);
  const nextSample = Float64Array.from(eps);
  const nextNeg = new Float64Array(m);
  for (let e = 0; e < m; e++) {
    epsNeg[e] = eps[e]! / o.negativeSampleRate;
    nextNeg[e] = epsNeg[e]!;
  }
  // xorshift128 state (Marsaglia 2003) kept in locals: a closure call per negative sample costs more than the sample.
  let r0 = (o.random() * 4294967296) | 0 || 1;
  let r1 = (o.random() * 4294967296) | 0 || 2;
  let r2 = (o.random() * 4294967296) | 0 || 3;
  let r3 = (o.random() * 4294967296) | 0 || 4;
  const toTail = nTail / 4294967296;
  const moveOther = o.moveOther;
  const bm1 = b - 1;
  const twoAB = 2 * a * b;
  const twoGB = 2 * gamma * b;
  const cur = new Float64Array(dims);
  const attract = (d2: number): number => {
    const pw = Math.pow(d2, bm1);
    return (-twoAB * pw) / (a * pw * d2 + 1);
  };
  const repel = (d2: number): number => twoGB / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
  const attractT = coefficientTable(attract);
  const repelT = coefficientTable(repel);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    o.signal?.throwIfAborted();
    const alpha = o.initialAlpha * (1 - epoch / nEpochs);
    for (let e = 0; e < m; e++) {
      if (nextSample[e]! > epoch) continue;
      const j = eHead[e]! * dims;
      const k = eTail[e]! * dims;
      let dist = 0;
      for (let c = 0; c < dims; c++) {
        const v = head[j + c]!;
        cur[c] = v;
        const diff = v - tail[k + c]!;
        dist += diff * diff;
      }
      if (dist > 0) {
        let coef: number;
        if (dist >= TABLE_LO && dist < TABLE_HI) {
          f32[0] = dist;
          const bits = u32[0]!;
          const i = (bits >>> 13) - TABLE_BASE;
          const lo = attractT[i]!;
          coef = lo + ((bits & 0x1fff) / 8192) * (attractT[i + 1]! - lo);
        } else coef = attract(dist);
        for (let c = 0; c < dims; c++) {
          const t = tail[k + c]!;
          let g = coef * (cur[c]! - t);
          g = g > 4 ? 4 : g < -4 ? -4 : g;
          cur[c]! += g * alpha;
          if (moveOther) tail[k + c] = t - g * alpha;
        }
      }
      nextSample[e]! += eps[e]!;
      const nNeg = Math.floor((epoch - nextNeg[e]!) / epsNeg[e]!);
      for (let s = 0; s < nNeg; s++) {
        const t0 = r0 ^ (r0 << 11);
        r0 = r1;
        r1 = r2;
        r2 = r3;
        r3 = r3 ^ (r3 >>> 19) ^ (t0 ^ (t0 >>> 8));
        const kk = Math.floor((r3 >>> 0) * toTail) * dims;
        if (kk === j && moveOther) continue;
        let d2 = 0;
        for (let c = 0; c < dims; c++) {
          const diff = cur[c]! - tail[kk + c]!;
          d2 += diff * diff;
        }
        if (d2 > 0) {
          let coef: number;
          if (d2 >= TABLE_LO && d2 < TABLE_HI) {
            f32[0] = d2;
            const bits = u32[0]!;
            const i = (bits >>> 13) - TABLE_BASE;
            const lo = repelT[i]!;
            coef = lo + ((bits & 0x1fff) / 8192) * (repelT[i + 1]! - lo);
          } else coef = repel(d2);
          for (let c = 0; c < dims; c++) {
            let g = coef * (cur[c]! - tail[kk + c]!);
            g = g > 4 ? 4 : g < -4 ? -4 : g;
            cur[c]! += g * alpha;
          }
        }
      }
      for (let c = 0; c < dims; c++) head[j + c] = cur[c]!;
      if (nNeg > 0) nextNeg[e]! += nNeg * epsNeg[e]!;
    }
    o.onEpoch?.(epoch + 1, nEpochs, head);
  }
}

/** What `umapTransform` needs from a fit. */
export type UmapModel = {
  params: UmapParams & { nEpochs: number };
  a: number;
  b: number;
  embedding: Float32Array;
  n: number;
};

/** Neighbours (besides the point itself) whose graph gives the spectral start. */
const SPECTRAL_NEIGHBOURS = 15;

/** The k nearest of a graph with more columns (rows are sorted nearest first, so this is its k-NN). */
export function nearestColumns(knn: KnnGraph, k: number): KnnGraph {
  const indices = new Int32Array(knn.n * k);
  const distances = new Float32Array(knn.n * k);
  for (let i = 0; i < knn.n; i++) {
    indices.set(knn.indices.subarray(i * knn.k, i * knn.k + k), i * k);
    distances.set(knn.distances.subarray(i * knn.k, i * knn.k + k), i * k);
  }
  return { n: knn.n, k, indices, distances };
}

/** Asks `umapFromKnn` for a spectral start, with the layout to use when the graph cannot give one. */
export type SpectralInit = { spectral: true; iterations?: number; fallback: () => Float32Array };

/**
 * Fits UMAP from a k-NN graph of the data; `init` (n x nComponents) is the starting layout,
 * e.g. `pcaScores` of the data. Returns the layout, n x nComponents float32.
 */
export function umapFromKnn(
  knn: KnnGraph,
  init: Float32Array | SpectralInit,
  params: Partial<UmapParams>,
  ctx: { random: () => number; signal?: Cancellation; onEpoch?: EpochHook },
): {
  embedding: Float32Array;
  model: UmapModel;
  edges: number;
  init: 'spectral' | 'given';
  initSeconds: number;
} {
  const p = { ...DEFAULT_UMAP_PARAMS, ...params };
  const n = knn.n;
  const dims = p.nComponents;
  const nEpochs = p.nEpochs ?? defaultEpochs(n);
  const { a, b } = findAbParams(p.spread, p.minDist);
  const { graph } = fuzzySimplicialSet(knn, p.localConnectivity, p.setOpMixRatio);
  const edges = layoutEdges(graph, nEpochs);
  let start: Float32Array | null = null;
  const initStarted = Date.now();
  if (init instanceof Float32Array) start = init;
  else {
    // The start needs the clusters, not every edge: a sparser graph of the nearest few gives the
    // same picture at a fraction of the products.
    const sparse =
      knn.k > SPECTRAL_NEIGHBOURS + 1
        ? fuzzySimplicialSet(
            nearestColumns(knn, SPECTRAL_NEIGHBOURS + 1),
            p.localConnectivity,
            p.setOpMixRatio,
          ).graph
        : graph;
    start = spectralInit(sparse, dims, ctx.random, {
      ...(init.iterations !== undefined ? { iterations: init.iterations } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
  }
  const usedSpectral = !(init instanceof Float32Array) && start !== null;
  const initSeconds = (Date.now() - initStarted) / 1000;
  const embedding = Float32Array.from(start ?? (init as SpectralInit).fallback());
  scaleInit(embedding, n, dims, ctx.random);
  optimizeLayout(embedding, embedding, n, dims, edges, {
    nEpochs,
    a,
    b,
    gamma: p.repulsionStrength,
    initialAlpha: p.learningRate,
    negativeSampleRate: p.negativeSampleRate,
    moveOther: true,
    random: ctx.random,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.onEpoch ? { onEpoch: ctx.onEpoch } : {}),
  });
  return {
    embedding,
    model: { params: { ...p, nEpochs }, a, b, embedding, n },
    edges: edges.head.length,
    init: usedSpectral ? 'spectral' : 'given',
    initSeconds,
  };
}

/**
 * Places new points into a fitted layout (umap-learn transform): `neighbours` holds, per new
 * point, its k nearest training points (m x k, nearest first, no self). Each new point starts at
 * the membership-weighted mean of its neighbours and is refined by SGD with the training layout
 * fixed. Returns m x nComponents.
 */
export function umapTransform(
  model: UmapModel,
  neighbours: { m: number; k: number; indices: Int32Array; distances: Float32Array },
  ctx: { random: () => number; signal?: Cancellation },
): Float32Array {
  const { m, k, indices, distances } = neighbours;
  const dims = model.params.nComponents;
  // No point is its own neighbour here, so local connectivity drops by one (as umap-learn does);
  // smoothKnnDist skips position 0, so shift each row right by one behind a zero column.
  const shifted = new Float32Array(m * (k + 1));
  for (let i = 0; i < m; i++) shifted.set(distances.subarray(i * k, i * k + k), i * (k + 1) + 1);
  const lc = Math.max(0, model.params.localConnectivity - 1);
  const { sigmas, rhos } = smoothKnnDist(shifted, m, k + 1, lc);
  const w = new Float32Array(m * k);
  const out = new Float32Array(m * dims);
  for (let i = 0; i < m; i++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const d = distances[i * k + j]! - rhos[i]!;
      const v = d <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-d / sigmas[i]!);
      w[i * k + j] = v;
      sum += v;
    }
    for (let j = 0; j < k; j++) {
      const t = indices[i * k + j]! * dims;
      const f = sum > 0 ? w[i * k + j]! / sum : 1 / k;
      for (let c = 0; c < dims; c++) out[i * dims + c]! += f * model.embedding[t + c]!;
    }
  }
  const nEpochs = Math.max(1, Math.floor(model.params.nEpochs / 3));
  let max = 0;
  for (let t = 0; t < w.length; t++) if (w[t]! > max) max = w[t]!;
  const cut = max / nEpochs;
  const head: number[] = [];
  const tail: number[] = [];
  const eps: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < k; j++)
      if (w[i * k + j]! >= cut && w[i * k + j]! > 0) {
        head.push(i);
        tail.push(indices[i * k + j]!);
        eps.push(max / w[i * k + j]!);
      }
  optimizeLayout(
    out,
    model.embedding,
    model.n,
    dims,
    { head: Int32Array.from(head), tail: Int32Array.from(tail), epochsPerSample: Float64Array.from(eps) },
    {
      nEpochs,
      a: model.a,
      b: model.b,
      gamma: model.params.repulsionStrength,
      initialAlpha: model.params.learningRate / 4,
      negativeSampleRate: model.params.negativeSampleRate,
      moveOther: false,
      random: ctx.random,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    },
  );
  return out;
}
