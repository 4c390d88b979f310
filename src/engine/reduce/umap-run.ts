import { AppError } from '../../shared/errors';
import { DEFAULTS } from '../../shared/params';
import type { LayoutParams, WithRequired } from '../../shared/params';
import type { Progress } from '../../shared/progress';
import { ivfKnn } from '../algorithms/ivf-knn';
import {
  exactKnn,
  exactKnnSymmetric,
  firstNonFiniteRow,
  knnRecall,
  normalizeRows,
  neighbourHeaps,
  rowSquaredNorms,
} from '../algorithms/knn';
import type { KnnGraph, KnnMetric } from '../algorithms/knn';
import { knnPreservation, sampleRows } from '../algorithms/layout-quality';
import { seededRandom } from '../algorithms/random';
import { nearestColumns, pcaScores, umapFromKnn, umapTransform } from '../algorithms/umap';
import type { UmapModel } from '../algorithms/umap';
import { progressTracker } from '../progress';
import { onnxBlockProduct, onnxPairProduct } from './onnx-matmul';
import type { BlockProduct } from './onnx-matmul';

/**
 * One UMAP layout: the layout schema's parameters (layoutParams in src/shared/params, with their
 * defaults and limits), of which the shape, neighbours, min_dist, metric and seed must be given.
 */
export type UmapLayout = WithRequired<
  LayoutParams,
  'components' | 'neighbors' | 'minDist' | 'metric' | 'seed'
>;

type InitialLayout = NonNullable<LayoutParams['init']>;
type NeighbourSearch = NonNullable<LayoutParams['knn']>;

/** A layout and how its run goes. */
export type UmapRunOptions = UmapLayout & {
  /** Rows sampled for the kNN-preservation score (default 1000; 0 skips it). */
  qualitySample?: number;
  /** Threads for the block products (default 2). */
  threads?: number;
  /** Post the layout every this many epochs to `onLayout` (default never). */
  layoutEvery?: number;
};

export type UmapRunResult = {
  n: number;
  components: number;
  embedding: Float32Array;
  seconds: number;
  knnSeconds: number;
  initSeconds: number;
  /** The initial layout used ('spectral' falls back to 'pca' when the graph cannot give one). */
  init: InitialLayout;
  layoutSeconds: number;
  /** Recall is 1 for the exact search; for the approximate one, measured against exact rows of a sample. */
  knn: {
    method: Exclude<NeighbourSearch, 'auto'>;
    k: number;
    recall: number;
    recallSample?: number;
    lists?: number;
    probes?: number;
  };
  quality: { knnPreservation: number; k: number; sample: number } | null;
  edges: number;
  nEpochs: number;
  /** The transform input's points placed in this layout (m x components), when one was given. */
  transformed?: Float32Array;
};

export type VectorInput = Float32Array | Int8Array | Uint8Array;

/** New points to place into each fitted layout (umap-learn's transform), m x d like the data. */
export type TransformInput = { data: VectorInput; m: number };

export type UmapRunContext = {
  progress?: (p: Progress) => void;
  signal?: AbortSignal;
  onLayout?: (epoch: number, nEpochs: number, embedding: Float32Array) => void;
};

const QUALITY_K = 15;
/**
 * Above this many points 'auto' switches to the approximate neighbour search: on 25,000 x 768
 * it found 99.75% of the exact 100 nearest in about 3 s against 7 s for the exact search.
 */
export const EXACT_KNN_MAX = 20_000;
const RECALL_SAMPLE = 1000;

/** Checks what UMAP cannot work with and says so in the user's terms. */
export function validateUmapInput(data: VectorInput, n: number, d: number, o: UmapRunOptions): void {
  if (!Number.isInteger(o.components) || o.components < 1)
    throw new AppError('INVALID_INPUT', `components must be a positive integer, got ${o.components}`);
  if (!Number.isInteger(o.neighbors) || o.neighbors < 2)
    throw new AppError('INVALID_INPUT', `neighbors must be an integer >= 2, got ${o.neighbors}`);
  if (!(o.minDist >= 0)) throw new AppError('INVALID_INPUT', `min-dist must be >= 0, got ${o.minDist}`);
  if (o.learningRate !== undefined && !(o.learningRate > 0 && Number.isFinite(o.learningRate)))
    throw new AppError('INVALID_INPUT', `learning rate must be > 0, got ${o.learningRate}`);
  if (
    o.negativeSampleRate !== undefined &&
    !(Number.isInteger(o.negativeSampleRate) && o.negativeSampleRate >= 1)
  )
    throw new AppError(
      'INVALID_INPUT',
      `negative sample rate must be an integer >= 1, got ${o.negativeSampleRate}`,
    );
  if (
    o.repulsionStrength !== undefined &&
    !(o.repulsionStrength >= 0 && Number.isFinite(o.repulsionStrength))
  )
    throw new AppError('INVALID_INPUT', `repulsion strength must be >= 0, got ${o.repulsionStrength}`);
  if (d < 1 || data.length !== n * d)
    throw new AppError('INVALID_INPUT', `expected ${n} x ${d} values, got ${data.length}`);
  if (n <= o.neighbors)
    throw new AppError(
      'INVALID_INPUT',
      `UMAP with ${o.neighbors} neighbours needs more than ${o.neighbors} points, got ${n}`,
    );
  if (n <= o.components + 1)
    throw new AppError('INVALID_INPUT', `${n} points cannot be laid out in ${o.components} dimensions`);
  if (data instanceof Float32Array) {
    const bad = firstNonFiniteRow(data, n, d);
    if (bad >= 0) throw new AppError('INVALID_INPUT', `row ${bad} holds a NaN or infinite value`);
  }
}

/** Quantized vectors as float32 (the values themselves: integer dot products are exact in float32). */
function asFloat32(data: VectorInput, owned: boolean): Float32Array {
  if (data instanceof Float32Array) return owned ? data : Float32Array.from(data);
  return Float32Array.from(data);
}

/** Column chunks for the pair-once search: more chunks skip more of the lower triangle. */
function columnChunks(n: number): Int32Array {
  const c = Math.max(1, Math.min(8, Math.floor(n / 2048)));
  return Int32Array.from({ length: c + 1 }, (_, i) => Math.round((i * n) / c));
}

async function knnOf(
  x: Float32Array,
  n: number,
  d: number,
  k: number,
  metric: KnnMetric,
  threads: number,
  sample: Int32Array | null,
  ctx: UmapRunContext,
): Promise<{ knn: KnnGraph; sampleKnn: KnnGraph | null }> {
  const chunks = columnChunks(n);
  const sessions: BlockProduct[] = [];
  try {
    // One ONNX session per column chunk, each with its slice of X^T baked in; the transposed copy
    // is dropped once the session has packed it.
    for (let c = 0; c + 1 < chunks.length; c++) {
      const c0 = chunks[c]!;
      const w = chunks[c + 1]! - c0;
      const bt = new Float32Array(d * w);
      for (let i = 0; i < w; i++) for (let j = 0, o = (c0 + i) * d; j < d; j++) bt[j * w + i] = x[o + j]!;
      sessions.push(await onnxBlockProduct(bt, d, w, threads));
    }
    const chunkAt = new Map<number, number>();
    for (let c = 0; c + 1 < chunks.length; c++) chunkAt.set(chunks[c]!, c);
    const pair = (start: number, rows: number, c0: number) =>
      sessions[chunkAt.get(c0)!]!.run(x.subarray(start * d, (start + rows) * d), rows);
    const sqNorms = metric === 'euclidean' ? rowSquaredNorms(x, n, d) : undefined;
    const tracker = progressTracker('knn', ctx.progress ?? (() => {}), { total: n, unit: 'points' });
    const knn = await exactKnnSymmetric(n, k, pair, chunks, {
      metric,
      ...(sqNorms ? { sqNorms } : {}),
      blockRows: 512,
      onBlock: (done) => tracker.update(done),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    tracker.update(n, { force: true });
    let sampleKnn: KnnGraph | null = null;
    if (sample && k - 1 < QUALITY_K) {
      // Full rows for the sampled points, gathered into one matrix: the chunk products side by side.
      const gathered = new Float32Array(sample.length * d);
      sample.forEach((row, i) => gathered.set(x.subarray(row * d, row * d + d), i * d));
      const full = async (start: number, rows: number): Promise<Float32Array> => {
        const out = new Float32Array(rows * n);
        const a = gathered.subarray(start * d, (start + rows) * d);
        for (let c = 0; c + 1 < chunks.length; c++) {
          const c0 = chunks[c]!;
          const w = chunks[c + 1]! - c0;
          const part = await sessions[c]!.run(a, rows);
          for (let r = 0; r < rows; r++) out.set(part.subarray(r * w, r * w + w), r * n + c0);
        }
        return out;
      };
      sampleKnn = await exactKnn(n, QUALITY_K + 1, full, {
        metric,
        ...(sqNorms ? { sqNorms } : {}),
        rows: sample,
        blockRows: 256,
      });
    }
    return { knn, sampleKnn };
  } finally {
    for (const s of sessions) await s.release();
  }
}

/**
 * The k nearest training rows of each new row (exact: the new rows against every training row,
 * a chunk of training rows at a time), for `umapTransform`.
 */
async function neighboursOfNew(
  x: Float32Array,
  n: number,
  d: number,
  q: Float32Array,
  m: number,
  k: number,
  metric: KnnMetric,
  threads: number,
  signal?: AbortSignal,
): Promise<{ m: number; k: number; indices: Int32Array; distances: Float32Array }> {
  const pair = await onnxPairProduct(d, threads);
  try {
    const sq = metric === 'euclidean' ? rowSquaredNorms(x, n, d) : undefined;
    const qsq = metric === 'euclidean' ? rowSquaredNorms(q, m, d) : undefined;
    const heaps = neighbourHeaps(m, k);
    const chunk = 8192;
    for (let r0 = 0; r0 < m; r0 += 256) {
      const rows = Math.min(256, m - r0);
      const qt = new Float32Array(d * rows);
      for (let r = 0; r < rows; r++) for (let t = 0; t < d; t++) qt[t * rows + r] = q[(r0 + r) * d + t]!;
      for (let c0 = 0; c0 < n; c0 += chunk) {
        signal?.throwIfAborted();
        const w = Math.min(chunk, n - c0);
        const part = await pair.run(x.subarray(c0 * d, (c0 + w) * d), w, qt, rows);
        for (let i = 0; i < w; i++)
          for (let r = 0; r < rows; r++) {
            const dot = part[i * rows + r]!;
            const s = sq ? 2 * dot - sq[c0 + i]! : dot;
            if (s >= heaps.thr[r0 + r]!) heaps.push(r0 + r, s, c0 + i);
          }
      }
    }
    // The drained graph puts each new row's own index first: drop that column.
    const g = heaps.graph(k + 1, metric, qsq);
    const indices = new Int32Array(m * k);
    const distances = new Float32Array(m * k);
    for (let i = 0; i < m; i++) {
      indices.set(g.indices.subarray(i * (k + 1) + 1, (i + 1) * (k + 1)), i * k);
      distances.set(g.distances.subarray(i * (k + 1) + 1, (i + 1) * (k + 1)), i * k);
    }
    return { m, k, indices, distances };
  } finally {
    await pair.release();
  }
}

type KnnSearch = {
  knn: KnnGraph;
  sampleKnn: KnnGraph | null;
  report: UmapRunResult['knn'] & { k: number };
};

/**
 * Approximate k-NN by an inverted file on ONNX Runtime products, then the exact neighbours of a
 * seeded sample of rows (their full products, a column chunk at a time) to measure its recall
 * and to score the layout.
 */
async function approximateKnnOf(
  x: Float32Array,
  n: number,
  d: number,
  k: number,
  metric: KnnMetric,
  threads: number,
  seed: number,
  sample: Int32Array | null,
  ctx: UmapRunContext,
  probes?: number,
): Promise<KnnSearch> {
  const pair = await onnxPairProduct(d, threads);
  try {
    const sqNorms = metric === 'euclidean' ? rowSquaredNorms(x, n, d) : undefined;
    const tracker = progressTracker('knn', ctx.progress ?? (() => {}), { unit: 'lists' });
    const { knn, report } = await ivfKnn(x, n, d, k, (a, m, bt, w) => pair.run(a, m, bt, w), {
      metric,
      ...(sqNorms ? { sqNorms } : {}),
      random: seededRandom(seed ^ 0x5eed),
      ...(probes !== undefined ? { probes } : {}),
      onProgress: (done, total) => tracker.update(done, { total, force: done === total }),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    });
    const rows = sample ?? sampleRows(n, Math.min(n, RECALL_SAMPLE), seededRandom(seed));
    const kk = Math.max(k, QUALITY_K + 1);
    const chunk = 8192;
    // Rows of the sample against every data row: X_chunk . S^T, transposed into place.
    const full = async (start: number, count: number): Promise<Float32Array> => {
      const st = new Float32Array(d * count);
      for (let r = 0; r < count; r++) {
        const o = rows[start + r]! * d;
        for (let t = 0; t < d; t++) st[t * count + r] = x[o + t]!;
      }
      const out = new Float32Array(count * n);
      for (let c0 = 0; c0 < n; c0 += chunk) {
        ctx.signal?.throwIfAborted();
        const w = Math.min(chunk, n - c0);
        const part = await pair.run(x.subarray(c0 * d, (c0 + w) * d), w, st, count);
        for (let i = 0; i < w; i++)
          for (let r = 0; r < count; r++) out[r * n + c0 + i] = part[i * count + r]!;
      }
      return out;
    };
    const exact = await exactKnn(n, kk, full, {
      metric,
      ...(sqNorms ? { sqNorms } : {}),
      rows,
      blockRows: 128,
    });
    const recall = knnRecall(kk === k ? exact : nearestColumns(exact, k), sliceRows(knn, rows));
    return {
      knn,
      sampleKnn: sample ? (kk === QUALITY_K + 1 ? exact : nearestColumns(exact, QUALITY_K + 1)) : null,
      report: {
        method: 'approximate',
        k,
        recall,
        recallSample: rows.length,
        lists: report.lists,
        probes: report.probes,
      },
    };
  } finally {
    await pair.release();
  }
}

/**
 * UMAP of `data` (n x d, row-major; float32 or quantized int8/uint8) to n x components float32:
 * exact k-NN by blocked products, PCA initialisation, SGD. With `owned`, `data` may be modified.
 */
export async function runUmap(
  data: VectorInput,
  n: number,
  d: number,
  o: UmapRunOptions,
  ctx: UmapRunContext = {},
  owned = false,
): Promise<UmapRunResult & { model: UmapModel }> {
  return (await runUmaps(data, n, d, [o], ctx, owned))[0]!;
}

/**
 * Several layouts of the same data (e.g. 5-d for clustering and 2-d for the map) sharing one
 * k-NN search: the graph is computed for the largest n_neighbors and cut for the others, which
 * is exact because rows are sorted nearest first. All layouts must use the same metric.
 */
export async function runUmaps(
  data: VectorInput,
  n: number,
  d: number,
  layouts: UmapRunOptions[],
  ctx: UmapRunContext = {},
  owned = false,
  transform?: TransformInput,
): Promise<(UmapRunResult & { model: UmapModel })[]> {
  if (layouts.length === 0) return [];
  const first = layouts[0]!;
  for (const o of layouts) {
    validateUmapInput(data, n, d, o);
    if (o.metric !== first.metric)
      throw new AppError('INVALID_INPUT', 'layouts sharing a k-NN graph need one metric');
  }
  const started = performance.now();
  const x = asFloat32(data, owned);
  if (first.metric === 'cosine') {
    try {
      normalizeRows(x, n, d);
    } catch (e) {
      throw new AppError('INVALID_INPUT', e instanceof Error ? e.message : String(e));
    }
  }
  let newRows: Float32Array | null = null;
  if (transform) {
    if (transform.m < 1 || transform.data.length !== transform.m * d)
      throw new AppError(
        'INVALID_INPUT',
        `points to place must have ${d} values per row like the data, got ${transform.data.length} values for ${transform.m} rows`,
      );
    if (transform.data instanceof Float32Array) {
      const bad = firstNonFiniteRow(transform.data, transform.m, d);
      if (bad >= 0) throw new AppError('INVALID_INPUT', `new row ${bad} holds a NaN or infinite value`);
    }
    newRows = asFloat32(transform.data, false);
    if (first.metric === 'cosine') {
      try {
        normalizeRows(newRows, transform.m, d);
      } catch (e) {
        throw new AppError('INVALID_INPUT', e instanceof Error ? e.message : String(e));
      }
    }
  }
  const kMax = Math.max(...layouts.map((o) => o.neighbors));
  const qualityN = Math.min(n, first.qualitySample ?? 1000);
  const sample = qualityN > 0 && n > QUALITY_K + 1 ? sampleRows(n, qualityN, seededRandom(first.seed)) : null;
  const mode = first.knn ?? DEFAULTS.knn;
  const approximate = mode === 'approximate' || (mode === 'auto' && n > EXACT_KNN_MAX);
  const search: KnnSearch = approximate
    ? await approximateKnnOf(
        x,
        n,
        d,
        kMax,
        first.metric,
        first.threads ?? 2,
        first.seed,
        sample,
        ctx,
        first.probes,
      )
    : {
        ...(await knnOf(x, n, d, kMax, first.metric, first.threads ?? 2, sample, ctx)),
        report: { method: 'exact', k: kMax, recall: 1 },
      };
  const { knn: knnMax, sampleKnn } = search;
  const knnSeconds = (performance.now() - started) / 1000;
  const out: (UmapRunResult & { model: UmapModel })[] = [];
  for (const o of layouts) {
    ctx.signal?.throwIfAborted();
    const t0 = performance.now();
    const knn = o.neighbors === kMax ? knnMax : nearestColumns(knnMax, o.neighbors);
    const random = seededRandom(o.seed);
    const initKind = o.init ?? DEFAULTS.init;
    const pca = () => pcaScores(x, n, d, o.components, random);
    const init = initKind === 'pca' ? pca() : { spectral: true as const, fallback: pca };
    const initSeconds = (performance.now() - t0) / 1000;
    const t2 = performance.now();
    const tracker = progressTracker('umap', ctx.progress ?? (() => {}), { unit: 'epochs' });
    const every = o.layoutEvery ?? 0;
    const fit = umapFromKnn(
      knn,
      init,
      {
        nComponents: o.components,
        nNeighbors: o.neighbors,
        minDist: o.minDist,
        ...(o.spread !== undefined ? { spread: o.spread } : {}),
        ...(o.epochs !== undefined ? { nEpochs: o.epochs } : {}),
        ...(o.learningRate !== undefined ? { learningRate: o.learningRate } : {}),
        ...(o.negativeSampleRate !== undefined ? { negativeSampleRate: o.negativeSampleRate } : {}),
        ...(o.repulsionStrength !== undefined ? { repulsionStrength: o.repulsionStrength } : {}),
      },
      {
        random,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onEpoch: (epoch, total, layout) => {
          tracker.update(epoch, {
            total,
            force: epoch === total,
            message: `${o.components}-d`,
          });
          if (every > 0 && ctx.onLayout && (epoch % every === 0 || epoch === total))
            ctx.onLayout(epoch, total, layout);
        },
      },
    );
    // The spectral start is computed inside the fit, from its graph.
    const layoutSeconds = (performance.now() - t2) / 1000 - fit.initSeconds;
    let quality: UmapRunResult['quality'] = null;
    if (sample) {
      const high = sampleKnn ?? sliceRows(knnMax, sample);
      quality = {
        knnPreservation: knnPreservation(high, sample, fit.embedding, n, o.components, QUALITY_K),
        k: QUALITY_K,
        sample: sample.length,
      };
    }
    let transformed: Float32Array | undefined;
    if (newRows && transform) {
      const neighbours = await neighboursOfNew(
        x,
        n,
        d,
        newRows,
        transform.m,
        Math.min(o.neighbors, n),
        o.metric,
        o.threads ?? 2,
        ctx.signal,
      );
      transformed = umapTransform(fit.model, neighbours, {
        random: seededRandom(o.seed + 1),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    }
    out.push({
      ...(transformed ? { transformed } : {}),
      n,
      components: o.components,
      embedding: fit.embedding,
      seconds: knnSeconds + (performance.now() - t0) / 1000,
      knnSeconds,
      initSeconds: initSeconds + fit.initSeconds,
      init: fit.init === 'spectral' ? 'spectral' : 'pca',
      layoutSeconds,
      knn: { ...search.report, k: o.neighbors },
      quality,
      edges: fit.edges,
      nEpochs: fit.model.params.nEpochs,
      model: fit.model,
    });
  }
  return out;
}

function sliceRows(knn: KnnGraph, rows: Int32Array): KnnGraph {
  const indices = new Int32Array(rows.length * knn.k);
  const distances = new Float32Array(rows.length * knn.k);
  rows.forEach((r, i) => {
    indices.set(knn.indices.subarray(r * knn.k, (r + 1) * knn.k), i * knn.k);
    distances.set(knn.distances.subarray(r * knn.k, (r + 1) * knn.k), i * knn.k);
  });
  return { n: rows.length, k: knn.k, indices, distances };
}
