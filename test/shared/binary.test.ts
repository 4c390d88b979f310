import { describe, expect, it } from 'vitest';
import { float32FromBase64, fromBase64, int32FromBase64, toBase64 } from '../../src/shared/binary';

describe('base64 of typed arrays', () => {
  it('matches Node for every tail length and round-trips', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect([...fromBase64(toBase64(bytes))]).toEqual([...bytes]);
    }
  });

  it('keeps int32 and float32 values, including large arrays', () => {
    const ints = Int32Array.from({ length: 100_003 }, (_, i) => i * 7919 - 5);
    expect(int32FromBase64(toBase64(ints))).toEqual(ints);
    const floats = new Float32Array([0.1, -2.5, 3e-8, Infinity]);
    expect(float32FromBase64(toBase64(floats))).toEqual(floats);
    expect(toBase64(floats.subarray(1, 3))).toBe(Buffer.from(floats.buffer, 4, 8).toString('base64'));
  });
});
