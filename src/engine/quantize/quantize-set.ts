import { AppError } from '../../shared/errors';
import {
  bytesPerEmbedding,
  calibrationRanges,
  calibrationRows,
  packedBytes,
  quantize,
} from '../algorithms/quantize';
import type { Precision, Ranges } from '../algorithms/quantize';
import { seededRandom } from '../algorithms/random';
import type { StageContext } from '../context';
import { stageContext } from '../context';
import { progressTracker } from '../progress';
import type { EmbeddingSet, ProjectStore } from '../store';
import {
  countVectors,
  deleteEmbeddingSet,
  deleteVectors,
  ensureEmbeddingSet,
  getEmbeddingSet,
  listEmbeddingSets,
  loadVectors,
  putVectors,
  vacuum,
} from '../store';
import { DEFAULTS } from '../../shared/params';

export type CalibrationOptions = {
  /** Rows in the calibration set (default 10,000, as in the case study). */
  size?: number;
  /** The first rows, or a seeded random sample. */
  sample?: 'first' | 'seeded';
  seed?: number;
};

export type QuantizeOptions = CalibrationOptions & {
  precision: Exclude<Precision, 'float32'>;
  /** The float32 set to quantize (default: the newest float32 set with vectors). */
  sourceSetId?: number;
  /** Delete the float32 vectors afterwards (the set's description stays, so its quantized sets remain valid). */
  dropFloat32?: boolean;
};

export type QuantizeSummary = {
  setId: number;
  sourceSetId: number;
  precision: Precision;
  documents: number;
  quantized: number;
  dims: number;
  bytes: number;
  calibration: { method: 'first' | 'seeded'; size: number; seed: number | null; reused: boolean };
  droppedFloat32: boolean;
  seconds: number;
};

export const DEFAULT_CALIBRATION_SIZE = 10_000;

/** The float32 set to work from: the one asked for, or the newest with vectors. */
export function resolveFloatSet(store: ProjectStore, id?: number): EmbeddingSet {
  if (id !== undefined) {
    const set = getEmbeddingSet(store.db, id);
    if (!set) throw new AppError('NOT_FOUND', `no embedding set ${id} in ${store.path}`);
    if (set.precision !== 'float32')
      throw new AppError('INVALID_INPUT', `embedding set ${id} is ${set.precision}, not float32`);
    return set;
  }
  const sets = listEmbeddingSets(store.db).filter((s) => s.precision === 'float32' && s.count > 0);
  const newest = sets[sets.length - 1];
  if (!newest) {
    throw new AppError(
      'NOT_FOUND',
      `${store.path} has no float32 embeddings yet: run \`taxonomist embed --project ${store.path}\` first`,
    );
  }
  return newest;
}

/** Calibration ranges for `data` (n x d) per the options, with what was used. */
export function calibrate(
  data: Float32Array,
  n: number,
  d: number,
  options: CalibrationOptions,
): { ranges: Ranges; method: 'first' | 'seeded'; size: number; seed: number | null } {
  const method = options.sample ?? 'first';
  const seed = method === 'seeded' ? (options.seed ?? DEFAULTS.seed) : null;
  const rows = calibrationRows(
    n,
    options.size ?? DEFAULT_CALIBRATION_SIZE,
    method === 'first' ? 'first' : 'sample',
    seededRandom(seed ?? 0),
  );
  return { ranges: calibrationRanges(data, n, d, rows), method, size: rows.length, seed };
}

/**
 * Quantizes a float32 embedding set into a set of `precision`, storing the calibration ranges with
 * it. When that set exists already with the same calibration settings, its stored ranges are reused
 * and only documents without a quantized vector are added, so later vectors quantize the same.
 * Everything is computed and checked before anything is written; the writes are one transaction, so a
 * cancel (seen between chunks of rows, with progress after each) leaves the project as it was.
 */
export async function quantizeEmbeddingSet(
  store: ProjectStore,
  options: QuantizeOptions,
  context: Partial<StageContext> = {},
): Promise<QuantizeSummary> {
  const ctx = stageContext(context);
  const started = performance.now();
  const source = resolveFloatSet(store, options.sourceSetId);
  const { documentIds, data } = loadVectors(store.db, source);
  const n = documentIds.length;
  const d = source.dims;
  if (n === 0) throw new AppError('INVALID_INPUT', `embedding set ${source.id} holds no vectors`);
  const vectors = data as Float32Array;
  const scalar = options.precision === 'int8' || options.precision === 'uint8';
  const key = {
    model: source.model,
    revision: source.revision,
    dtype: source.dtype,
    precision: options.precision,
    textTemplate: source.textTemplate,
    sourceSetId: source.id,
  };
  const wanted = {
    method: options.sample ?? 'first',
    size: options.size ?? DEFAULT_CALIBRATION_SIZE,
    seed: (options.sample ?? 'first') === 'seeded' ? (options.seed ?? DEFAULTS.seed) : null,
  };

  const existing = listEmbeddingSets(store.db).find(
    (s) => s.sourceSetId === source.id && s.precision === options.precision,
  );
  const sameCalibration =
    !!existing &&
    (!scalar ||
      (existing.calibration !== null &&
        existing.calibrationInfo?.method === wanted.method &&
        existing.calibrationInfo?.requested === wanted.size &&
        (existing.calibrationInfo?.seed ?? null) === wanted.seed));

  let ranges: Ranges | undefined;
  let calibrationInfo: Record<string, unknown> | null = null;
  let reused = false;
  if (scalar) {
    if (sameCalibration && existing?.calibration) {
      ranges = { min: existing.calibration.subarray(0, d), max: existing.calibration.subarray(d, 2 * d) };
      calibrationInfo = existing.calibrationInfo;
      reused = true;
    } else {
      const c = calibrate(vectors, n, d, options);
      ranges = c.ranges;
      calibrationInfo = { method: c.method, size: c.size, requested: wanted.size, seed: c.seed };
    }
  }

  // Only the documents the target set lacks (all of them for a new or re-calibrated set).
  let todo = Int32Array.from({ length: n }, (_, i) => i);
  if (existing && sameCalibration) {
    const have = new Set<number>(loadVectors(store.db, existing).documentIds);
    todo = todo.filter((i) => !have.has(documentIds[i]!));
  }
  const rows = new Float32Array(todo.length * d);
  todo.forEach((row, k) => rows.set(vectors.subarray(row * d, (row + 1) * d), k * d));
  const codes = await quantizeInChunks(rows, todo.length, d, options.precision, ranges, ctx);
  if (ctx.signal.aborted) throw new AppError('CANCELLED', 'cancelled');

  const setId = store.transaction(() => {
    if (existing && !sameCalibration) deleteEmbeddingSet(store.db, existing.id);
    const target = ensureEmbeddingSet(store.db, {
      ...key,
      dims: d,
      normalized: source.normalized,
      calibration: ranges ? Float32Array.from([...ranges.min, ...ranges.max]) : null,
      calibrationInfo,
    });
    putVectors(
      store.db,
      target.id,
      Array.from(todo, (i) => documentIds[i]!),
      null,
      codes as Int8Array | Uint8Array,
    );
    if (options.dropFloat32) deleteVectors(store.db, source.id);
    return target.id;
  });
  if (options.dropFloat32) vacuum(store.db);
  const stored = countVectors(store.db, setId);
  const target = getEmbeddingSet(store.db, setId)!;
  const info = target.calibrationInfo;
  return {
    setId,
    sourceSetId: source.id,
    precision: options.precision,
    documents: stored,
    quantized: todo.length,
    dims: d,
    bytes: stored * bytesPerEmbedding(options.precision, d),
    calibration: {
      method: (info?.method as 'first' | 'seeded' | undefined) ?? wanted.method,
      size: (info?.size as number | undefined) ?? 0,
      seed: (info?.seed as number | null | undefined) ?? null,
      reused,
    },
    droppedFloat32: !!options.dropFloat32,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Values quantized between two looks at the signal: 1,024 rows of 1,024 dimensions, some tens of
 * milliseconds (4,096 such rows took 0.13 to 0.2 s on a loaded 2-core machine).
 */
export const QUANTIZE_CHUNK_VALUES = 1 << 20;

/**
 * `quantize` of `rows` (n x d) chunk by chunk, yielding to the event loop between chunks so that a
 * cancel can arrive; the codes are the same as in one call, since every row is quantized on its own.
 */
async function quantizeInChunks(
  rows: Float32Array,
  n: number,
  d: number,
  precision: QuantizeOptions['precision'],
  ranges: Ranges | undefined,
  ctx: StageContext,
): Promise<Int8Array | Uint8Array> {
  const width = precision === 'int8' || precision === 'uint8' ? d : packedBytes(d);
  const out =
    precision === 'int8' || precision === 'binary' ? new Int8Array(n * width) : new Uint8Array(n * width);
  const tracker = progressTracker('quantize', ctx.progress, { total: n, unit: 'embeddings' });
  tracker.update(0, { message: precision, force: true });
  const chunk = Math.max(1, Math.floor(QUANTIZE_CHUNK_VALUES / d));
  for (let first = 0; first < n; first += chunk) {
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'cancelled');
    const end = Math.min(n, first + chunk);
    const codes = quantize(rows.subarray(first * d, end * d), end - first, d, precision, ranges, first);
    out.set(codes as Int8Array | Uint8Array, first * width);
    tracker.update(end, { message: precision, force: end === n });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return out;
}
