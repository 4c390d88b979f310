import { AppError } from '../../shared/errors';

// Scalar and binary quantization of embeddings, with the semantics of sentence-transformers'
// `quantize_embeddings` (sentence_transformers/quantization.py): per-dimension ranges from a
// calibration set, 255 steps, truncation toward zero as NumPy's `astype` does; values outside the
// calibration range are clamped here (NumPy would wrap them).

export type ScalarPrecision = 'int8' | 'uint8';
export type BinaryPrecision = 'binary' | 'ubinary';
export type Precision = 'float32' | ScalarPrecision | BinaryPrecision;
export const PRECISIONS: readonly Precision[] = ['float32', 'int8', 'uint8', 'binary', 'ubinary'];

/** Per-dimension calibration ranges: `min[j]`, `max[j]` over the calibration rows. */
export type Ranges = { min: Float32Array; max: Float32Array };

/** Throws INVALID_INPUT when `data` (n x d float32) holds NaN or an infinite value. */
export function assertFinite(data: Float32Array, d: number, what = 'embeddings'): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (!Number.isFinite(v)) {
      throw new AppError(
        'INVALID_INPUT',
        `${what} row ${Math.floor(i / d)}, dimension ${i % d} is ${v}: quantization needs finite values`,
      );
    }
  }
}

function checkShape(data: Float32Array, n: number, d: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 0 || d <= 0 || data.length !== n * d) {
    throw new AppError('INVALID_INPUT', `embeddings hold ${data.length} values, not ${n} x ${d}`);
  }
}

/**
 * Calibration ranges over the rows `rows` of `data` (n x d float32, row-major).
 * @throws INVALID_INPUT for fewer than 2 rows or non-finite values.
 */
export function calibrationRanges(data: Float32Array, n: number, d: number, rows: ArrayLike<number>): Ranges {
  checkShape(data, n, d);
  if (rows.length < 2) {
    throw new AppError('INVALID_INPUT', `a calibration set needs at least 2 embeddings, got ${rows.length}`);
  }
  const min = new Float32Array(d).fill(Infinity);
  const max = new Float32Array(d).fill(-Infinity);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row < 0 || row >= n)
      throw new AppError('INVALID_INPUT', `calibration row ${row} is outside 0..${n - 1}`);
    const off = row * d;
    for (let j = 0; j < d; j++) {
      const v = data[off + j]!;
      if (!Number.isFinite(v)) {
        throw new AppError(
          'INVALID_INPUT',
          `embedding row ${row}, dimension ${j} is ${v}: calibration needs finite values`,
        );
      }
      if (v < min[j]!) min[j] = v;
      if (v > max[j]!) max[j] = v;
    }
  }
  return { min, max };
}

/**
 * Which rows calibrate: the first k (the case study's choice) or a seeded random sample of k
 * (partial Fisher-Yates over row indices), returned in ascending order.
 */
export function calibrationRows(
  n: number,
  k: number,
  mode: 'first' | 'sample',
  random: () => number,
): Int32Array {
  const size = Math.min(n, Math.max(0, Math.floor(k)));
  if (mode === 'first') return Int32Array.from({ length: size }, (_, i) => i);
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx.subarray(0, size).sort();
}

/**
 * Scalar quantization of `data` (n x d float32) with `ranges`: code = trunc((x - min) / step) for
 * uint8 in [0, 255], trunc((x - min) / step - 128) for int8 in [-128, 127], step = (max - min) / 255,
 * clamped. A dimension whose calibration range has zero width carries no information: values at or
 * below its min take the lowest code, values above it the highest.
 */
export function quantizeScalar(
  data: Float32Array,
  n: number,
  d: number,
  ranges: Ranges,
  precision: ScalarPrecision,
  /** Row number of the first row, for error messages (a chunk of a larger array). */
  firstRow = 0,
): Int8Array | Uint8Array {
  checkShape(data, n, d);
  if (ranges.min.length !== d || ranges.max.length !== d) {
    throw new AppError(
      'INVALID_INPUT',
      `calibration ranges have ${ranges.min.length} dimensions, embeddings have ${d}`,
    );
  }
  const signed = precision === 'int8';
  const out = signed ? new Int8Array(n * d) : new Uint8Array(n * d);
  const lo = signed ? -128 : 0;
  const hi = signed ? 127 : 255;
  const shift = signed ? 128 : 0;
  // Every intermediate rounded to float32, as NumPy computes on float32 arrays, so codes match
  // sentence-transformers' bit for bit.
  const steps = new Float32Array(d);
  for (let j = 0; j < d; j++) steps[j] = Math.fround(ranges.max[j]! - ranges.min[j]!) / 255;
  const mins = ranges.min;
  for (let i = 0; i < n; i++) {
    const off = i * d;
    for (let j = 0; j < d; j++) {
      const x = data[off + j]!;
      if (!(x === x) || x === Infinity || x === -Infinity) {
        throw new AppError(
          'INVALID_INPUT',
          `embedding row ${firstRow + i}, dimension ${j} is ${x}: quantization needs finite values`,
        );
      }
      const step = steps[j]!;
      let code: number;
      if (step === 0) code = x > mins[j]! ? hi : lo;
      else {
        code = Math.trunc(Math.fround(Math.fround(Math.fround(x - mins[j]!) / step) - shift));
        if (code < lo) code = lo;
        else if (code > hi) code = hi;
      }
      out[off + j] = code;
    }
  }
  return out;
}

/**
 * Value a scalar code stands for: the middle of the interval of inputs that truncate to it. For
 * uint8 that is step units [code, code + 1); for int8, truncation toward zero makes it
 * (code - 1, code] below zero, (-1, 1) at zero and [code, code + 1) above, shifted by 128. The
 * result stays within the calibration range.
 */
export function dequantizeScalar(
  codes: Int8Array | Uint8Array,
  n: number,
  d: number,
  ranges: Ranges,
): Float32Array {
  const signed = codes instanceof Int8Array;
  const out = new Float32Array(n * d);
  for (let j = 0; j < d; j++) {
    const min = ranges.min[j]!;
    const step = (ranges.max[j]! - min) / 255;
    for (let i = 0; i < n; i++) {
      const c = codes[i * d + j]!;
      let t = signed ? (c > 0 ? c + 128.5 : c < 0 ? c + 127.5 : 128) : c + 0.5;
      if (t < 0) t = 0;
      else if (t > 255) t = 255;
      out[i * d + j] = step === 0 ? min : min + t * step;
    }
  }
  return out;
}

/** Bytes per packed binary row: one bit per dimension, 8 per byte, the last byte zero-padded. */
export const packedBytes = (d: number): number => Math.ceil(d / 8);

/**
 * Binary quantization: bit = x > 0, packed big-endian within each byte (dimension 0 is the most
 * significant bit of byte 0, as NumPy's packbits). `ubinary` keeps the bytes as uint8; `binary`
 * stores byte - 128 as int8 (sentence-transformers' convention).
 */
export function quantizeBinary(
  data: Float32Array,
  n: number,
  d: number,
  precision: BinaryPrecision,
  /** Row number of the first row, for error messages (a chunk of a larger array). */
  firstRow = 0,
): Int8Array | Uint8Array {
  checkShape(data, n, d);
  const bytes = packedBytes(d);
  const packed = new Uint8Array(n * bytes);
  for (let i = 0; i < n; i++) {
    const off = i * d;
    const outOff = i * bytes;
    for (let j = 0; j < d; j++) {
      const x = data[off + j]!;
      if (x !== x)
        throw new AppError('INVALID_INPUT', `embedding row ${firstRow + i}, dimension ${j} is NaN`);
      if (x > 0) packed[outOff + (j >> 3)]! |= 0x80 >> (j & 7);
    }
  }
  if (precision === 'ubinary') return packed;
  const signed = new Int8Array(packed.length);
  for (let i = 0; i < packed.length; i++) signed[i] = packed[i]! - 128;
  return signed;
}

/** Quantizes to any precision; float32 returns the input. Ranges are needed for int8/uint8 only. */
export function quantize(
  data: Float32Array,
  n: number,
  d: number,
  precision: Precision,
  ranges?: Ranges,
  /** Row number of the first row, for error messages (a chunk of a larger array). */
  firstRow = 0,
): Float32Array | Int8Array | Uint8Array {
  if (precision === 'float32') return data;
  if (precision === 'binary' || precision === 'ubinary')
    return quantizeBinary(data, n, d, precision, firstRow);
  if (!ranges) throw new AppError('INVALID_INPUT', `${precision} quantization needs calibration ranges`);
  return quantizeScalar(data, n, d, ranges, precision, firstRow);
}

/** Bytes one embedding of `d` dimensions takes in `precision`. */
export function bytesPerEmbedding(precision: Precision, d: number): number {
  if (precision === 'float32') return 4 * d;
  if (precision === 'int8' || precision === 'uint8') return d;
  return packedBytes(d);
}
