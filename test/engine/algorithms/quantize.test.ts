import { describe, expect, it } from 'vitest';
import {
  bytesPerEmbedding,
  calibrationRanges,
  calibrationRows,
  dequantizeScalar,
  quantize,
  quantizeBinary,
  quantizeScalar,
} from '../../../src/engine/algorithms/quantize';
import { seededRandom } from '../../../src/engine/algorithms/random';

// Expected codes were worked out by hand from code = trunc((x - min) / step [- 128]) with float32
// intermediates, step = (max - min) / 255, and agree with sentence-transformers/NumPy except where
// NumPy would wrap an out-of-range value (we clamp).
const cal = new Float32Array([0, -1, 2, 1, 1, 2]); // 2 rows x 3 dims; dimension 2 has zero width
const ranges = calibrationRanges(cal, 2, 3, [0, 1]);

describe('calibration', () => {
  it('takes per-dimension min and max of the calibration rows', () => {
    expect([...ranges.min]).toEqual([0, -1, 2]);
    expect([...ranges.max]).toEqual([1, 1, 2]);
  });

  it('needs at least two finite rows', () => {
    expect(() => calibrationRanges(cal, 2, 3, [0])).toThrow(/at least 2 embeddings, got 1/);
    expect(() => calibrationRanges(new Float32Array([0, NaN, 1, 1]), 2, 2, [0, 1])).toThrow(
      /row 0, dimension 1 is NaN/,
    );
    expect(() => calibrationRanges(new Float32Array([0, Infinity, 1, 1]), 2, 2, [0, 1])).toThrow(/Infinity/);
    expect(() => calibrationRanges(cal, 3, 3, [0, 1])).toThrow(/not 3 x 3/);
  });

  it('uses the first k rows, or a seeded sample of k', () => {
    expect([...calibrationRows(5, 3, 'first', Math.random)]).toEqual([0, 1, 2]);
    expect([...calibrationRows(5, 10, 'first', Math.random)]).toEqual([0, 1, 2, 3, 4]);
    const a = calibrationRows(1000, 10, 'sample', seededRandom(7));
    const b = calibrationRows(1000, 10, 'sample', seededRandom(7));
    expect([...a]).toEqual([...b]);
    expect(new Set(a).size).toBe(10);
    expect([...a]).toEqual([...a].sort((x, y) => x - y));
    expect([...calibrationRows(1000, 10, 'sample', seededRandom(8))]).not.toEqual([...a]);
  });
});

describe('scalar quantization', () => {
  const q = (x: number[], p: 'int8' | 'uint8') => [...quantizeScalar(new Float32Array(x), 1, 3, ranges, p)];

  it('maps the middle of a range: a tie at 127.5 truncates to 127 (uint8) and -0.5 to 0 (int8)', () => {
    expect(q([0.5, 0, 2], 'uint8')).toEqual([127, 127, 0]);
    expect(q([0.5, 0, 2], 'int8')).toEqual([0, 0, -128]);
  });

  it('maps the calibration min to the lowest code and the max just under the top (float32 step rounding)', () => {
    expect(q([0, -1, 2], 'uint8')).toEqual([0, 0, 0]);
    expect(q([0, -1, 2], 'int8')).toEqual([-128, -128, -128]);
    expect(q([1, 1, 2], 'uint8')).toEqual([254, 254, 0]);
    expect(q([1, 1, 2], 'int8')).toEqual([126, 126, -128]);
  });

  it('truncates toward zero on both sides of the int8 midpoint', () => {
    expect(q([0.25, 0.3, 2], 'uint8')).toEqual([63, 165, 0]);
    expect(q([0.25, 0.3, 2], 'int8')).toEqual([-64, 37, -128]);
  });

  it('clamps values outside the calibration range; a zero-width dimension goes to the top code above its min', () => {
    expect(q([2, -3, 5], 'uint8')).toEqual([255, 0, 255]);
    expect(q([2, -3, 5], 'int8')).toEqual([127, -128, 127]);
    expect(q([0, -1, 1], 'int8')).toEqual([-128, -128, -128]);
  });

  it('refuses NaN, infinities and mismatched dimensions', () => {
    expect(() => q([NaN, 0, 0], 'int8')).toThrow(/row 0, dimension 0 is NaN/);
    expect(() => q([0, -Infinity, 0], 'uint8')).toThrow(/-Infinity/);
    expect(() => quantizeScalar(new Float32Array(4), 1, 4, ranges, 'int8')).toThrow(
      /3 dimensions, embeddings have 4/,
    );
    expect(() => quantize(new Float32Array(3), 1, 3, 'int8')).toThrow(/needs calibration ranges/);
  });

  it('dequantizes to the middle of each step', () => {
    const codes = quantizeScalar(new Float32Array([0.5, 0, 2]), 1, 3, ranges, 'uint8');
    const back = dequantizeScalar(codes, 1, 3, ranges);
    expect(back[0]).toBeCloseTo(127.5 / 255, 6);
    expect(back[1]).toBeCloseTo(-1 + (127.5 * 2) / 255, 6);
    expect(back[2]).toBe(2);
    // int8 truncates toward zero: code 0 stands for (127, 129) step units, a negative code c for
    // (c + 127, c + 128], a positive one for [c + 128, c + 129).
    const signed = quantizeScalar(new Float32Array([0.5, 0, 2]), 1, 3, ranges, 'int8'); // code 0
    expect(dequantizeScalar(signed, 1, 3, ranges)[0]).toBeCloseTo(128 / 255, 6);
    const neg = dequantizeScalar(new Int8Array([-64, 37, 0]), 1, 3, ranges);
    expect(neg[0]).toBeCloseTo(63.5 / 255, 6);
    expect(neg[1]).toBeCloseTo(-1 + (165.5 * 2) / 255, 6);
    // Round trip: the error is at most half a step for uint8; for int8 at most a step (its zero
    // code covers two steps) and half a step elsewhere.
    const xs = Float32Array.from({ length: 300 }, (_, i) =>
      i % 3 === 2 ? 2 : i % 3 === 0 ? i / 300 : -1 + (2 * i) / 300,
    );
    for (const p of ['int8', 'uint8'] as const) {
      const back = dequantizeScalar(quantizeScalar(xs, 100, 3, ranges, p), 100, 3, ranges);
      for (let k = 0; k < xs.length; k++) {
        const step = k % 3 === 2 ? 0 : k % 3 === 0 ? 1 / 255 : 2 / 255;
        expect(Math.abs(back[k]! - xs[k]!)).toBeLessThanOrEqual((p === 'int8' ? step : step / 2) + 1e-6);
      }
    }
  });
});

describe('binary quantization', () => {
  // 10 dimensions: bits 1 0 0 1 0 1 0 0 | 1 0 (x > 0; zero is 0) -> bytes 0b10010100, 0b10000000.
  const x = new Float32Array([1, -1, 0, 0.5, -0.2, 3, 0, 0, 0.1, -5]);

  it('packs sign bits big-endian, zero-padding the last byte (ubinary)', () => {
    expect([...quantizeBinary(x, 1, 10, 'ubinary')]).toEqual([148, 128]);
  });

  it('stores byte - 128 as int8 (binary)', () => {
    expect([...quantizeBinary(x, 1, 10, 'binary')]).toEqual([20, 0]);
  });

  it('packs each row on its own byte boundary for odd dimension counts', () => {
    const rows = new Float32Array([1, 1, 1, -1, -1, -1, 1, -1, 1]); // 3 rows x 3 dims
    expect([...quantizeBinary(rows, 3, 3, 'ubinary')]).toEqual([0b11100000, 0, 0b10100000]);
  });

  it('sizes: 768 dims take 3,072 / 768 / 96 bytes', () => {
    expect(bytesPerEmbedding('float32', 768)).toBe(3072);
    expect(bytesPerEmbedding('int8', 768)).toBe(768);
    expect(bytesPerEmbedding('binary', 768)).toBe(96);
    expect(bytesPerEmbedding('ubinary', 769)).toBe(97);
  });
});
