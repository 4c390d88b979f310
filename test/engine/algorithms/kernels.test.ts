import { describe, expect, it } from 'vitest';
import {
  dotF32,
  dotInt,
  exactNeighbours,
  hamming,
  recallAtK,
  similarity,
} from '../../../src/engine/algorithms/kernels';
import {
  calibrationCoverage,
  cosineMatrix,
  memoryTable,
  valueHistogram,
} from '../../../src/engine/algorithms/embedding-diagnostics';

describe('kernels', () => {
  it('dot products: float32, and int8 with exact integer accumulation', () => {
    const a = new Float32Array([1, 2, 3, 4, 5]);
    expect(dotF32(a, 0, a, 0, 5)).toBe(55);
    expect(dotF32(a, 1, a, 0, 3)).toBe(2 + 6 + 12);
    const big = new Int8Array(768).fill(-128);
    expect(dotInt(big, 0, big, 0, 768)).toBe(768 * 16384);
    expect(dotInt(new Int8Array([127, -128, 3]), 0, new Int8Array([-128, 127, 3]), 0, 3)).toBe(
      -127 * 128 * 2 + 9,
    );
    expect(dotInt(new Uint8Array([255, 255]), 0, new Uint8Array([255, 1]), 0, 2)).toBe(255 * 255 + 255);
  });

  it('Hamming distance over packed bits, for either storage type', () => {
    expect(hamming(new Uint8Array([0b10101010, 0xff]), 0, new Uint8Array([0b01010101, 0xff]), 0, 2)).toBe(8);
    expect(hamming(new Int8Array([-128, 0]), 0, new Int8Array([127, 0]), 0, 2)).toBe(8);
    expect(hamming(new Int8Array([5]), 0, new Int8Array([5]), 0, 1)).toBe(0);
  });

  it('exact neighbours: most similar first, the query excluded, ties to the lower index', () => {
    // Points on a line (as 2-d unit-ish vectors at growing angles).
    const pts = new Float32Array([1, 0, 0.99, 0.14, 0.96, 0.28, 0.9, 0.43, 0.8, 0.6]);
    const nn = exactNeighbours({ precision: 'float32', data: pts, n: 5, rowLength: 2 }, [0, 2], 2);
    expect([...nn]).toEqual([1, 2, 1, 3]);
    const bits = new Uint8Array([0b1111, 0b1110, 0b1110, 0b0000]);
    expect([...exactNeighbours({ precision: 'ubinary', data: bits, n: 4, rowLength: 1 }, [0], 3)]).toEqual([
      1, 2, 3,
    ]);
    expect(
      similarity({ precision: 'uint8', data: new Uint8Array([228, 128, 28, 128]), n: 2, rowLength: 2 })(0, 1),
    ).toBeCloseTo(-1, 6);
  });

  it('recall@k counts found true neighbours', () => {
    expect(recallAtK(new Int32Array([1, 2, 3, 4]), new Int32Array([2, 1, 3, 9]), 2)).toBe(0.75);
  });
});

describe('embedding diagnostics', () => {
  it('histogram over [min, max], the max in the last bin', () => {
    const h = valueHistogram(new Float32Array([0, 0.5, 1, 1]), 4);
    expect(h).toMatchObject({ min: 0, max: 1 });
    expect([...h.counts]).toEqual([1, 0, 1, 2]);
  });

  it('coverage: average per-dimension share of values inside the calibration range', () => {
    const data = new Float32Array([0, 0, 1, 1, 2, 5]); // 3 rows x 2 dims
    expect(
      calibrationCoverage(data, 3, 2, { min: new Float32Array([0, 0]), max: new Float32Array([1, 5]) }),
    ).toBeCloseTo(((2 / 3 + 1) / 2) * 100, 10);
  });

  it('memory table and cosine matrix', () => {
    expect(memoryTable(25_000, 768, ['float32', 'int8', 'binary'])).toEqual([
      { precision: 'float32', bytesPerEmbedding: 3072, bytes: 76_800_000, compression: 0 },
      { precision: 'int8', bytesPerEmbedding: 768, bytes: 19_200_000, compression: 75 },
      { precision: 'binary', bytesPerEmbedding: 96, bytes: 2_400_000, compression: 96.875 },
    ]);
    const m = cosineMatrix(new Float32Array([1, 0, 0, 2, 3, 3]), 2, [0, 1, 2]);
    expect(m[0]).toBeCloseTo(1);
    expect(m[1]).toBeCloseTo(0);
    expect(m[2]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m[5]).toBeCloseTo(m[7]!, 6);
  });
});
