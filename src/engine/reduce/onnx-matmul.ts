import { Tensor, InferenceSession } from 'onnxruntime-node';

// A one-node ONNX graph `C = A x B` with B baked in as an initializer, so ONNX Runtime's CPU
// MatMul packs B once at session creation and each block product only streams A through MLAS.
// The protobuf is written by hand (ModelProto/GraphProto field numbers from onnx/onnx.proto3)
// to avoid a protobuf dependency for four messages.

const enc = new TextEncoder();

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n % 128) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

type Part = Uint8Array | number[];

function concat(parts: Part[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const field = (num: number, body: Part[] | Uint8Array): Uint8Array => {
  const b = body instanceof Uint8Array ? body : concat(body);
  return concat([varint((num << 3) | 2), varint(b.length), b]);
};
const str = (num: number, s: string): Uint8Array => field(num, enc.encode(s));
const int = (num: number, v: number): Uint8Array => concat([varint(num << 3), varint(v)]);

const FLOAT = 1;

function tensorType(dims: (number | string)[]): Uint8Array {
  const shape = dims.map((d) => field(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
  return field(2, [field(1, [int(1, FLOAT), field(2, shape)])]);
}

const valueInfo = (name: string, dims: (number | string)[]): Uint8Array =>
  concat([str(1, name), tensorType(dims)]);

/** ONNX model bytes for `C[m, n] = A[m, k] x B[k, n]` with `b` (row-major k x n) constant. */
export function matMulModel(b: Float32Array, k: number, n: number): Uint8Array {
  const node = field(1, [str(1, 'A'), str(1, 'B'), str(2, 'C'), str(4, 'MatMul')]);
  const init = field(5, [
    int(1, k),
    int(1, n),
    int(2, FLOAT),
    str(8, 'B'),
    field(9, new Uint8Array(b.buffer, b.byteOffset, b.byteLength)),
  ]);
  const graph = field(7, [
    node,
    str(2, 'block_product'),
    init,
    field(11, valueInfo('A', ['m', k])),
    field(12, valueInfo('C', ['m', n])),
  ]);
  return concat([int(1, 8), field(8, [str(1, ''), int(2, 13)]), graph]);
}

/** ONNX model bytes for `C[m, n] = A[m, k] x B[k, n]` with both operands given per run. */
export function dynamicMatMulModel(k: number): Uint8Array {
  const node = field(1, [str(1, 'A'), str(1, 'B'), str(2, 'C'), str(4, 'MatMul')]);
  const graph = field(7, [
    node,
    str(2, 'pair_product'),
    field(11, valueInfo('A', ['m', k])),
    field(11, valueInfo('B', [k, 'n'])),
    field(12, valueInfo('C', ['m', 'n'])),
  ]);
  return concat([int(1, 8), field(8, [str(1, ''), int(2, 13)]), graph]);
}

export type PairProduct = {
  /** `a` is row-major m x k, `b` row-major k x n; resolves to row-major m x n. */
  run(a: Float32Array, m: number, b: Float32Array, n: number): Promise<Float32Array>;
  release(): Promise<void>;
};

/** Products of two operands that change per call (e.g. the lists of an inverted-file search). */
export async function onnxPairProduct(k: number, threads: number): Promise<PairProduct> {
  const session = await InferenceSession.create(dynamicMatMulModel(k), {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return {
    async run(a, m, b, n) {
      const out = await session.run({
        A: new Tensor('float32', a, [m, k]),
        B: new Tensor('float32', b, [k, n]),
      });
      return out.C!.data as Float32Array;
    },
    release: () => session.release(),
  };
}

export type BlockProduct = {
  /** `a` is row-major m x k; resolves to row-major m x n. */
  run(a: Float32Array, m: number): Promise<Float32Array>;
  release(): Promise<void>;
};

/** A product against fixed `b` (row-major k x n) on ONNX Runtime's CPU provider. */
export async function onnxBlockProduct(
  b: Float32Array,
  k: number,
  n: number,
  threads: number,
): Promise<BlockProduct> {
  const session = await InferenceSession.create(matMulModel(b, k, n), {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return {
    async run(a, m) {
      const out = await session.run({ A: new Tensor('float32', a, [m, k]) });
      return out.C!.data as Float32Array;
    },
    release: () => session.release(),
  };
}
