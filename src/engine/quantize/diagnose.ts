import { AppError } from '../../shared/errors';
import {
  calibrationCoverage,
  cosineMatrix,
  memoryTable,
  reconstructionError,
  valueHistogram,
} from '../algorithms/embedding-diagnostics';
import { exactNeighbours, recallAtK } from '../algorithms/kernels';
import type { VectorSet } from '../algorithms/kernels';
import { PRECISIONS, packedBytes, quantize } from '../algorithms/quantize';
import type { Precision } from '../algorithms/quantize';
import { seededRandom } from '../algorithms/random';
import type { StageContext } from '../context';
import { stageContext } from '../context';
import { progressTracker } from '../progress';
import type { ProjectStore } from '../store';
import { documentTitleLookup, loadVectors } from '../store';
import type { CalibrationOptions } from './quantize-set';
import { calibrate, resolveFloatSet } from './quantize-set';
import { DEFAULTS } from '../../shared/params';

export type DiagnoseOptions = CalibrationOptions & {
  sourceSetId?: number;
  /** Seeded query rows for neighbour preservation (default 1,000). */
  queries?: number;
  /** Titles in the similarity heatmap (default 20). */
  titles?: number;
  seed?: number;
};

/** Queries searched between two turns of the event loop. */
const SEARCH_CHUNK = 32;

/** The case study's projection of storage needs to larger collections. */
export const PROJECTED_SIZES = [2_500_000, 60_900_000, 100_000_000] as const;

export type PrecisionDiagnostics = {
  bytes: number;
  bytesPerEmbedding: number;
  compression: number;
  recallAt10: number;
  reconstructionError: number | null;
};

export type Diagnostics = {
  set: { id: number; model: string; dims: number; documents: number };
  histogram: { bins: number; min: number; max: number; counts: number[] };
  calibration: { method: 'first' | 'seeded'; size: number; seed: number | null };
  /** Average per-dimension % of all values inside the calibration range. */
  calibrationCoverage: number;
  precisions: Record<Precision, PrecisionDiagnostics>;
  projected: { embeddings: number; bytes: Record<Precision, number> }[];
  neighbours: { queries: number; k: number; seed: number };
  titleSimilarity: { documentIds: number[]; titles: string[]; matrix: number[][] };
  seconds: number;
};

/**
 * Everything behind the embedding diagnostics view: value histogram, calibration coverage,
 * storage per precision (for this corpus and projected), reconstruction error, and how well each
 * precision preserves float32's exact 10 nearest neighbours over seeded queries.
 */
export async function diagnoseEmbeddings(
  store: ProjectStore,
  options: DiagnoseOptions = {},
  context: Partial<StageContext> = {},
): Promise<Diagnostics> {
  const ctx = stageContext(context);
  const started = performance.now();
  const source = resolveFloatSet(store, options.sourceSetId);
  const { documentIds, data } = loadVectors(store.db, source);
  const vectors = data as Float32Array;
  const n = documentIds.length;
  const d = source.dims;
  if (n < 2)
    throw new AppError('INVALID_INPUT', `diagnostics need at least 2 embeddings; set ${source.id} has ${n}`);
  const seed = options.seed ?? DEFAULTS.seed;
  const k = 10;

  const hist = valueHistogram(vectors, 250);
  const cal = calibrate(vectors, n, d, options);
  const coverage = calibrationCoverage(vectors, n, d, cal.ranges);

  const random = seededRandom(seed);
  const queryCount = Math.min(options.queries ?? 1000, n);
  const queries = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < queryCount; i++) {
    const j = i + Math.floor(random() * (n - i));
    [queries[i], queries[j]] = [queries[j]!, queries[i]!];
  }
  const q = queries.subarray(0, queryCount);

  const total = queryCount * PRECISIONS.length;
  const progress = progressTracker('diagnose', ctx.progress, { total, unit: 'queries' });
  let done = 0;
  // Queries go in chunks with a turn of the event loop between them, so the process stays responsive
  // (and a cancel gets through) during the minute a large corpus takes.
  const search = async (set: VectorSet) => {
    const out = new Int32Array(queryCount * k).fill(-1);
    for (let start = 0; start < queryCount; start += SEARCH_CHUNK) {
      if (ctx.signal.aborted) throw new AppError('CANCELLED', 'diagnostics cancelled');
      const part = q.subarray(start, Math.min(queryCount, start + SEARCH_CHUNK));
      out.set(exactNeighbours(set, part, k), start * k);
      progress.update(done + start + part.length, { message: set.precision });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return out;
  };

  const truth = await search({ precision: 'float32', data: vectors, n, rowLength: d });
  done += queryCount;
  const memory = memoryTable(n, d, PRECISIONS);
  const precisions = {} as Record<Precision, PrecisionDiagnostics>;
  for (const p of PRECISIONS) {
    const row = memory.find((m) => m.precision === p)!;
    let recall = 1;
    let error: number | null = p === 'float32' ? 0 : null;
    if (p !== 'float32') {
      const codes = quantize(vectors, n, d, p, cal.ranges) as Int8Array | Uint8Array;
      const rowLength = p === 'binary' || p === 'ubinary' ? packedBytes(d) : d;
      recall = recallAtK(truth, await search({ precision: p, data: codes, n, rowLength }), k);
      done += queryCount;
      if (p === 'int8' || p === 'uint8') error = reconstructionError(vectors, codes, n, d, cal.ranges);
    }
    precisions[p] = {
      bytes: row.bytes,
      bytesPerEmbedding: row.bytesPerEmbedding,
      compression: row.compression,
      recallAt10: recall,
      reconstructionError: error,
    };
  }
  progress.update(total, { force: true });

  const projected = PROJECTED_SIZES.map((size) => ({
    embeddings: size,
    bytes: Object.fromEntries(memoryTable(size, d, PRECISIONS).map((m) => [m.precision, m.bytes])) as Record<
      Precision,
      number
    >,
  }));

  const titleRows = Array.from(q.subarray(0, Math.min(options.titles ?? 20, queryCount))).sort(
    (a, b) => a - b,
  );
  const titleIds = titleRows.map((r) => documentIds[r]!);
  const titleOf = documentTitleLookup(store.db);
  const titles = titleIds.map((id) => titleOf(id) ?? '');
  const m = cosineMatrix(vectors, d, titleRows);
  const matrix = titleRows.map((_, a) =>
    Array.from(m.subarray(a * titleRows.length, (a + 1) * titleRows.length), (v) => +v.toFixed(4)),
  );

  return {
    set: { id: source.id, model: source.model, dims: d, documents: n },
    histogram: { bins: hist.bins, min: hist.min, max: hist.max, counts: Array.from(hist.counts) },
    calibration: { method: cal.method, size: cal.size, seed: cal.seed },
    calibrationCoverage: coverage,
    precisions,
    projected,
    neighbours: { queries: queryCount, k, seed },
    titleSimilarity: { documentIds: titleIds, titles, matrix },
    seconds: (performance.now() - started) / 1000,
  };
}
