import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, normalizedMutualInfo } from '../../../src/engine/algorithms/metrics';

describe('adjusted Rand index and NMI', () => {
  it('gives the textbook values', () => {
    // Values from scikit-learn's documentation and by hand.
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(0.5714285714, 9);
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    expect(normalizedMutualInfo([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(0.8, 9);
    expect(normalizedMutualInfo([0, 0, 1, 1], [5, 5, 7, 7])).toBeCloseTo(1, 12);
    expect(normalizedMutualInfo([0, 0, 0, 0], [0, 1, 0, 1])).toBe(0);
  });
  it('counts noise (-1) as one class', () => {
    const a = [-1, -1, 0, 0, 1, 1];
    expect(adjustedRandIndex(a, [2, 2, 0, 0, 1, 1])).toBe(1);
    expect(adjustedRandIndex(a, [-1, 0, -1, 0, 1, 1])).toBeLessThan(1);
  });
  it('rejects labelings of different lengths', () => {
    expect(() => adjustedRandIndex([0, 1], [0])).toThrow(RangeError);
  });
});
