// k-nearest-neighbour graphs for UMAP: exact search from blocks of pairwise similarities (the
// block product is injected, so a BLAS-backed product can serve it from outside this folder),
// with a bounded min-heap per row for top-k.

export type KnnMetric = 'cosine' | 'euclidean';

/** The part of an AbortSignal the algorithms use (this folder has no DOM or Node types). */
export type Cancellation = { throwIfAborted(): void };

/**
 * A k-NN graph: row i's neighbours sorted nearest first, `indices`/`distances` n x k row-major,
 * with i itself at position 0 (distance 0), as in umap-learn's convention.
 */
export type KnnGraph = { n: number; k: number; indices: Int32Array; distances: Float32Array };

/**
 * Computes `rows x n` inner products of data rows `start..start+rows-1` with every data row,
 * row-major. May reuse a buffer from two calls before.
 */
export type SimilarityBlock = (start: number, rows: number) => Float32Array | Promise<Float32Array>;

/** Row-normalises `data` (n x d) in place for cosine; throws on a zero row, which has no direction. */
export function normalizeRows(data: Float32Array, n: number, d: number): void {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let s = 0;
    for (let j = 0; j < d; j++) s += data[o + j]! * data[o + j]!;
    if (s === 0) throw new RangeError(`row ${i} is all zeros and has no cosine direction`);
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < d; j++) data[o + j]! *= inv;
  }
}

/** Index of the first row holding a NaN or infinite value, or -1. */
export function firstNonFiniteRow(data: ArrayLike<number>, n: number, d: number): number {
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) if (!Number.isFinite(data[o + j]!)) return i;
  }
  return -1;
}

/** Squared L2 norm of every row of `data` (n x d). */
export function rowSquaredNorms(data: Float32Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0, o = i * d; j < d; j++) s += data[o + j]! * data[o + j]!;
    out[i] = s;
  }
  return out;
}

/**
 * Plain-TypeScript block product: `rows x n` inner products of rows `start..` of `data` (n x d)
 * with all rows, four output columns at a time to reuse each loaded value.
 */
export function jsSimilarityBlock(
  data: Float32Array,
  n: number,
  d: number,
): (start: number, rows: number) => Float32Array {
  // Two buffers, because exactKnn asks for the next block before it has scanned the current one.
  const buffers = [new Float32Array(0), new Float32Array(0)];
  let turn = 0;
  return (start, rows) => {
    turn ^= 1;
    if (buffers[turn]!.length < rows * n) buffers[turn] = new Float32Array(rows * n);
    const out = buffers[turn]!;
    for (let r = 0; r < rows; r++) {
      const ao = (start + r) * d;
      const oo = r * n;
      let j = 0;
      for (; j + 3 < n; j += 4) {
        const b0 = j * d;
        const b1 = b0 + d;
        const b2 = b1 + d;
        const b3 = b2 + d;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let t = 0; t < d; t++) {
          const a = data[ao + t]!;
          s0 += a * data[b0 + t]!;
          s1 += a * data[b1 + t]!;
          s2 += a * data[b2 + t]!;
          s3 += a * data[b3 + t]!;
        }
        out[oo + j] = s0;
        out[oo + j + 1] = s1;
        out[oo + j + 2] = s2;
        out[oo + j + 3] = s3;
      }
      for (; j < n; j++) {
        let s = 0;
        for (let t = 0, b = j * d; t < d; t++) s += data[ao + t]! * data[b + t]!;
        out[oo + j] = s;
      }
    }
    return out;
  };
}

/**
 * Exact k-NN from similarity blocks: for cosine the rows must be unit length (distance = 1 - dot);
 * for euclidean pass `sqNorms` (distance = sqrt(|a|^2 + |b|^2 - 2ab)). Ties go to the lower index,
 * so the result is deterministic. Row i is forced to position 0 even when duplicates of it exist.
 * Brute force: O(n^2 d) time in the product, O(n k) memory besides one block.
 */
export async function exactKnn(
  n: number,
  k: number,
  product: SimilarityBlock,
  options: {
    metric: KnnMetric;
    sqNorms?: Float64Array;
    blockRows?: number;
    /**
     * Only these rows, for sampled quality checks (default all): then `product(start, count)`
     * means positions `start..` of `rows`, not data rows.
     */
    rows?: Int32Array;
    onBlock?: (done: number, total: number) => void;
    signal?: Cancellation;
  },
): Promise<KnnGraph> {
  if (k < 1 || k > n) throw new RangeError(`k = ${k} must be between 1 and n = ${n}`);
  const sq = options.sqNorms;
  if (options.metric === 'euclidean' && !sq) throw new Error('euclidean k-NN needs the squared row norms');
  const rows = options.rows;
  const m = rows ? rows.length : n;
  const blockRows = Math.max(1, options.blockRows ?? 512);
  const indices = new Int32Array(m * k);
  const distances = new Float32Array(m * k);
  // Heap of the k - 1 best non-self candidates, keyed by similarity (min at the root, ties: the
  // higher index is worse).
  const hk = k - 1;
  const hSim = new Float64Array(Math.max(1, hk));
  const hIdx = new Int32Array(Math.max(1, hk));
  let size = 0;
  const push = (s: number, j: number): void => {
    if (size < hk) {
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (hSim[p]! < s || (hSim[p] === s && hIdx[p]! > j)) break;
        hSim[c] = hSim[p]!;
        hIdx[c] = hIdx[p]!;
        c = p;
      }
      hSim[c] = s;
      hIdx[c] = j;
      return;
    }
    // Replace the root; j is the largest index so far, so it loses every tie.
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= hk) break;
      let w = l;
      const rr = l + 1;
      if (rr < hk && (hSim[rr]! < hSim[l]! || (hSim[rr] === hSim[l] && hIdx[rr]! > hIdx[l]!))) w = rr;
      if (hSim[w]! >= s) break;
      hSim[c] = hSim[w]!;
      hIdx[c] = hIdx[w]!;
      c = w;
    }
    hSim[c] = s;
    hIdx[c] = j;
  };
  const blockAt = (at: number) => ({ start: at, count: Math.min(blockRows, m - at) });
  let done = 0;
  let cur = blockAt(0);
  let pending = Promise.resolve(product(cur.start, cur.count));
  while (done < m) {
    options.signal?.throwIfAborted();
    const block = await pending;
    const { start, count } = cur;
    // Ask for the next block before scanning this one, so an asynchronous product (a BLAS on
    // its own threads) overlaps the top-k scan.
    if (done + count < m) {
      cur = blockAt(done + count);
      pending = Promise.resolve(product(cur.start, cur.count));
    }
    for (let r = 0; r < count; r++) {
      const i = rows ? rows[start + r]! : start + r;
      const o = r * n;
      size = 0;
      if (hk > 0) {
        let thr = -Infinity;
        if (sq) {
          // Higher is nearer: 2ab - |b|^2 ranks like -|a - b|^2 (|a|^2 is constant per row).
          for (let j = 0; j < n; j++) {
            const s = 2 * block[o + j]! - sq[j]!;
            if (s <= thr || j === i) continue;
            push(s, j);
            if (size === hk) thr = hSim[0]!;
          }
        } else {
          for (let j = 0; j < n; j++) {
            const s = block[o + j]!;
            if (s <= thr || j === i) continue;
            push(s, j);
            if (size === hk) thr = hSim[0]!;
          }
        }
      }
      // Pop the heap from worst to best into positions k-1..1.
      const out = (done + r) * k;
      const sqi = sq ? sq[i]! : 0;
      indices[out] = i;
      distances[out] = 0;
      for (let p = size; p > 0; p--) {
        const s = hSim[0]!;
        const j = hIdx[0]!;
        const lastS = hSim[p - 1]!;
        const lastI = hIdx[p - 1]!;
        let c = 0;
        const len = p - 1;
        for (;;) {
          const l = 2 * c + 1;
          if (l >= len) break;
          let w = l;
          const rr = l + 1;
          if (rr < len && (hSim[rr]! < hSim[l]! || (hSim[rr] === hSim[l] && hIdx[rr]! > hIdx[l]!))) w = rr;
          if (hSim[w]! > lastS || (hSim[w] === lastS && hIdx[w]! < lastI)) break;
          hSim[c] = hSim[w]!;
          hIdx[c] = hIdx[w]!;
          c = w;
        }
        hSim[c] = lastS;
        hIdx[c] = lastI;
        indices[out + p] = j;
        distances[out + p] = sq ? Math.sqrt(Math.max(0, sqi - s)) : Math.max(0, 1 - s);
      }
    }
    done += count;
    options.onBlock?.(done, m);
  }
  return { n: m, k, indices, distances };
}

/** Mean fraction of `truth`'s neighbours (excluding position 0) that `found` also lists, per row. */
export function knnRecall(truth: KnnGraph, found: KnnGraph): number {
  const k = Math.min(truth.k, found.k);
  let hit = 0;
  let total = 0;
  for (let i = 0; i < truth.n; i++) {
    const set = new Set<number>();
    for (let a = 1; a < k; a++) set.add(found.indices[i * found.k + a]!);
    for (let a = 1; a < k; a++) if (set.has(truth.indices[i * truth.k + a]!)) hit++;
    total += k - 1;
  }
  return total ? hit / total : 1;
}

/**
 * Computes `rows x (colEnd - colStart)` inner products of data rows `start..start+rows-1` with
 * data rows `colStart..colEnd-1`, row-major. May reuse a buffer from two calls before.
 */
export type PairBlock = (
  start: number,
  rows: number,
  colStart: number,
  colEnd: number,
) => Float32Array | Promise<Float32Array>;

/** Plain-TypeScript `PairBlock` over `data` (n x d). */
export function jsPairBlock(data: Float32Array, d: number): PairBlock {
  const buffers = [new Float32Array(0), new Float32Array(0)];
  let turn = 0;
  return (start, rows, c0, c1) => {
    const w = c1 - c0;
    turn ^= 1;
    if (buffers[turn]!.length < rows * w) buffers[turn] = new Float32Array(rows * w);
    const out = buffers[turn]!;
    for (let r = 0; r < rows; r++) {
      const ao = (start + r) * d;
      for (let j = c0; j < c1; j++) {
        let s = 0;
        for (let t = 0, b = j * d; t < d; t++) s += data[ao + t]! * data[b + t]!;
        out[r * w + j - c0] = s;
      }
    }
    return out;
  };
}

/**
 * Exact k-NN like `exactKnn`, computing each pair once: row block [s, s + m) is multiplied only
 * with the column chunks (boundaries `chunks`, 0 = chunks[0] < ... < chunks[C] = n) from the one
 * holding s onwards, and each product j . i (j < i) is offered to the neighbour heaps of both
 * rows. With C chunks that is about (C + 1) / 2C of the products of the full search. Ties go to
 * the lower index, so the result does not depend on the order pairs are seen.
 */
export async function exactKnnSymmetric(
  n: number,
  k: number,
  product: PairBlock,
  chunks: Int32Array,
  options: {
    metric: KnnMetric;
    sqNorms?: Float64Array;
    blockRows?: number;
    onBlock?: (done: number, total: number) => void;
    signal?: Cancellation;
  },
): Promise<KnnGraph> {
  if (k < 1 || k > n) throw new RangeError(`k = ${k} must be between 1 and n = ${n}`);
  if (chunks[0] !== 0 || chunks[chunks.length - 1] !== n) throw new RangeError('chunks must span 0..n');
  const sq = options.sqNorms;
  if (options.metric === 'euclidean' && !sq) throw new Error('euclidean k-NN needs the squared row norms');
  const blockRows = Math.max(1, options.blockRows ?? 512);
  const hk = k - 1;
  const heaps = neighbourHeaps(n, hk);
  const { push, thr } = heaps;
  // Tasks in order: each row block against its own and all later column chunks.
  const tasks: { start: number; rows: number; c0: number; c1: number; last: boolean }[] = [];
  for (let start = 0; start < n; start += blockRows) {
    const rows = Math.min(blockRows, n - start);
    let ci = 0;
    while (chunks[ci + 1]! <= start) ci++;
    for (let c = ci; c < chunks.length - 1; c++)
      tasks.push({ start, rows, c0: chunks[c]!, c1: chunks[c + 1]!, last: c === chunks.length - 2 });
  }
  let pending: Promise<Float32Array> | null = null;
  if (hk > 0 && tasks.length)
    pending = Promise.resolve(product(tasks[0]!.start, tasks[0]!.rows, tasks[0]!.c0, tasks[0]!.c1));
  for (let t = 0; pending; t++) {
    options.signal?.throwIfAborted();
    const block: Float32Array = await pending;
    const { start, rows, c0, c1, last } = tasks[t]!;
    // Ask for the next product before scanning this one, so a BLAS on its own threads overlaps the scan.
    const next = tasks[t + 1];
    pending = next ? Promise.resolve(product(next.start, next.rows, next.c0, next.c1)) : null;
    const w = c1 - c0;
    for (let r = 0; r < rows; r++) {
      const j = start + r;
      const o = r * w - c0;
      let thrRow = thr[j]!;
      const from = Math.max(c0, j + 1);
      if (sq) {
        const sqj = sq[j]!;
        for (let i = from; i < c1; i++) {
          const dot = 2 * block[o + i]!;
          const sr = dot - sq[i]!;
          if (sr >= thrRow) {
            push(j, sr, i);
            thrRow = thr[j]!;
          }
          const sc = dot - sqj;
          if (sc >= thr[i]!) push(i, sc, j);
        }
      } else {
        for (let i = from; i < c1; i++) {
          const s = block[o + i]!;
          if (s >= thrRow) {
            push(j, s, i);
            thrRow = thr[j]!;
          }
          if (s >= thr[i]!) push(i, s, j);
        }
      }
    }
    if (last) options.onBlock?.(start + rows, n);
  }
  if (hk === 0) options.onBlock?.(n, n);
  return heaps.graph(k, options.metric, sq);
}

/**
 * Per-row bounded heaps of the k - 1 most similar other rows (worse = lower similarity, or equal
 * similarity and a higher index, so results do not depend on the order pairs are offered).
 * `thr[row]` is the similarity a candidate must reach to enter (-Infinity until the heap is full).
 * `graph` drains them into a k-NN graph with each row itself at position 0.
 */
export function neighbourHeaps(n: number, hk: number) {
  const hSim = new Float64Array(Math.max(1, n * hk));
  const hIdx = new Int32Array(Math.max(1, n * hk));
  const sizes = new Int32Array(n);
  // A candidate below a full heap's root cannot enter it; -Infinity until the heap is full.
  const thr = new Float64Array(n).fill(-Infinity);
  // Worse = lower similarity, or equal similarity and a higher index.
  /** Places (s, j) at the root of the heap at `b` of length `len` and sifts it down to its place. */
  const siftDown = (b: number, len: number, s: number, j: number): void => {
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= len) break;
      let w = l;
      const rr = l + 1;
      if (
        rr < len &&
        (hSim[b + rr]! < hSim[b + l]! || (hSim[b + rr] === hSim[b + l] && hIdx[b + rr]! > hIdx[b + l]!))
      )
        w = rr;
      if (hSim[b + w]! > s || (hSim[b + w] === s && hIdx[b + w]! < j)) break;
      hSim[b + c] = hSim[b + w]!;
      hIdx[b + c] = hIdx[b + w]!;
      c = w;
    }
    hSim[b + c] = s;
    hIdx[b + c] = j;
  };
  const push = (row: number, s: number, j: number): void => {
    const b = row * hk;
    const size = sizes[row]!;
    if (size < hk) {
      let c = size;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (hSim[b + p]! < s || (hSim[b + p] === s && hIdx[b + p]! > j)) break;
        hSim[b + c] = hSim[b + p]!;
        hIdx[b + c] = hIdx[b + p]!;
        c = p;
      }
      hSim[b + c] = s;
      hIdx[b + c] = j;
      sizes[row] = size + 1;
      if (size + 1 === hk) thr[row] = hSim[b]!;
      return;
    }
    if (s < hSim[b]! || (s === hSim[b] && j > hIdx[b]!)) return;
    siftDown(b, hk, s, j);
    thr[row] = hSim[b]!;
  };
  const graph = (k: number, metric: KnnMetric, sq?: Float64Array): KnnGraph => {
    const indices = new Int32Array(n * k);
    const distances = new Float32Array(n * k);
    for (let i = 0; i < n; i++) {
      const b = i * hk;
      const out = i * k;
      indices[out] = i;
      const sqi = sq ? sq[i]! : 0;
      const size = sizes[i]!;
      // Rows that saw fewer than k - 1 candidates keep -1 (no neighbour) in their last places.
      for (let p = size + 1; p < k; p++) {
        indices[out + p] = -1;
        distances[out + p] = Infinity;
      }
      for (let p = size; p > 0; p--) {
        const s = hSim[b]!;
        const j = hIdx[b]!;
        // Pop the root: the last entry takes its place in a heap one shorter.
        siftDown(b, p - 1, hSim[b + p - 1]!, hIdx[b + p - 1]!);
        indices[out + p] = j;
        distances[out + p] = metric === 'euclidean' ? Math.sqrt(Math.max(0, sqi - s)) : Math.max(0, 1 - s);
      }
    }
    return { n, k, indices, distances };
  };
  return { push, thr, sizes, graph };
}
