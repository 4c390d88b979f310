import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';

// NumPy .npy (format versions 1-3), the interchange format for CLI power users:
// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html

export type NpyDtype = 'f4' | 'f8' | 'i1' | 'u1' | 'i2' | 'u2' | 'i4' | 'u4' | 'i8';
export type NpyArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array;

export type Npy = { dtype: NpyDtype; shape: number[]; data: NpyArray };

const CTORS = {
  f4: Float32Array,
  f8: Float64Array,
  i1: Int8Array,
  u1: Uint8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
  i8: BigInt64Array,
} as const;

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY

function dtypeOf(data: NpyArray): NpyDtype {
  for (const [k, C] of Object.entries(CTORS)) if (data instanceof C) return k as NpyDtype;
  throw new AppError('INVALID_INPUT', 'unsupported array type for .npy');
}

/** Parses a little-endian, C-order .npy buffer. */
export function parseNpy(buf: Buffer, name = 'array'): Npy {
  if (buf.length < 10 || !buf.subarray(0, 6).equals(MAGIC)) {
    throw new AppError('INVALID_INPUT', `${name} is not a NumPy .npy file`);
  }
  const major = buf[6]!;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', headerStart, headerStart + headerLen);
  const descr = /'descr':\s*'([<>|=])([a-z])(\d+)'/.exec(header);
  const fortran = /'fortran_order':\s*(True|False)/.exec(header);
  const shapeM = /'shape':\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeM)
    throw new AppError('INVALID_INPUT', `${name}: unreadable .npy header: ${header.trim()}`);
  const [, order, kind, size] = descr;
  const dtype = `${kind}${size}` as NpyDtype;
  if (!(dtype in CTORS)) throw new AppError('INVALID_INPUT', `${name}: unsupported dtype ${kind}${size}`);
  if (order === '>' && size !== '1')
    throw new AppError('INVALID_INPUT', `${name}: big-endian arrays are not supported`);
  if (fortran[1] === 'True')
    throw new AppError(
      'INVALID_INPUT',
      `${name}: Fortran-order arrays are not supported (save with np.ascontiguousarray)`,
    );
  const shape = shapeM[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const Ctor = CTORS[dtype];
  const offset = headerStart + headerLen;
  const bytes = count * Ctor.BYTES_PER_ELEMENT;
  if (buf.length - offset < bytes)
    throw new AppError(
      'INVALID_INPUT',
      `${name}: file is truncated (${buf.length - offset} of ${bytes} data bytes)`,
    );
  // Copy into an aligned buffer: the data offset need not be a multiple of the element size.
  const data = new Ctor(count);
  new Uint8Array(data.buffer).set(buf.subarray(offset, offset + bytes));
  return { dtype, shape, data };
}

export function readNpy(path: string): Npy {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new AppError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`);
  }
  return parseNpy(buf, path);
}

/** Serialises a C-order array as .npy version 1.0. */
export function formatNpy(data: NpyArray, shape: readonly number[]): Buffer {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new AppError('INVALID_INPUT', `shape (${shape.join(', ')}) does not match ${data.length} values`);
  const dtype = dtypeOf(data);
  const endian = dtype === 'i1' || dtype === 'u1' ? '|' : '<';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${endian}${dtype}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  MAGIC.copy(head, 0);
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  return Buffer.concat([
    head,
    Buffer.from(header, 'latin1'),
    Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  ]);
}

export function writeNpy(path: string, data: NpyArray, shape: readonly number[]): void {
  writeFileSync(path, formatNpy(data, shape));
}

/** A 2-d float32 matrix from any numeric .npy (float64 and integer arrays are converted). */
export function readMatrixF32(path: string): { data: Float32Array; rows: number; cols: number } {
  const npy = readNpy(path);
  if (npy.shape.length !== 2)
    throw new AppError('INVALID_INPUT', `${path}: expected a 2-d array, got shape (${npy.shape.join(', ')})`);
  const [rows, cols] = npy.shape as [number, number];
  const data =
    npy.data instanceof Float32Array ? npy.data : Float32Array.from(npy.data as ArrayLike<number>, Number);
  return { data, rows, cols };
}
