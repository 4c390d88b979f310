import { describe, expect, it } from 'vitest';
import { compareLabelings, hungarian } from '../../../src/engine/algorithms/matching';

function bestByBruteForce(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0]!.length;
  let best = Infinity;
  const used = new Array<boolean>(cols).fill(false);
  const go = (i: number, acc: number) => {
    if (i === rows) return void (best = Math.min(best, acc));
    for (let j = 0; j < cols; j++)
      if (!used[j]) {
        used[j] = true;
        go(i + 1, acc + cost[i]![j]!);
        used[j] = false;
      }
  };
  go(0, 0);
  return best;
}

describe('Hungarian assignment', () => {
  it('finds the minimum-cost assignment of square and rectangular matrices', () => {
    let seed = 3;
    const r = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 10;
    for (const [rows, cols] of [
      [5, 5],
      [3, 6],
      [6, 3],
    ] as const) {
      for (let t = 0; t < 5; t++) {
        const m = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(r())));
        const flat = Float64Array.from(m.flat());
        const a = hungarian(flat, rows, cols);
        let total = 0;
        const seen = new Set<number>();
        for (let i = 0; i < rows; i++) {
          if (a[i]! < 0) continue;
          seen.add(a[i]!);
          total += m[i]![a[i]!]!;
        }
        expect(seen.size).toBe(Math.min(rows, cols));
        const tr = rows > cols ? m[0]!.map((_, j) => m.map((row) => row[j]!)) : m;
        expect(total).toBeCloseTo(bestByBruteForce(tr), 9);
      }
    }
  });
});

describe('comparing two labelings', () => {
  it('names matched, split, merged, vanished and appeared clusters', () => {
    // A: clusters 0 (100 pts), 1 (100), 2 (60), 3 (40); B: 0 splits into B0 + B1, A1 and A2 merge
    // into B2, A3 goes to noise, and B3 is new (made of A's noise).
    const a: number[] = [];
    const b: number[] = [];
    const add = (n: number, x: number, y: number) => {
      for (let i = 0; i < n; i++) {
        a.push(x);
        b.push(y);
      }
    };
    add(50, 0, 0);
    add(50, 0, 1);
    add(100, 1, 2);
    add(60, 2, 2);
    add(40, 3, -1);
    add(30, -1, 3);
    const c = compareLabelings(Int32Array.from(a), Int32Array.from(b));
    expect(c.clustersA).toBe(4);
    expect(c.clustersB).toBe(4);
    expect(c.noiseFractionA).toBeCloseTo(30 / 330);
    expect(c.noiseFractionB).toBeCloseTo(40 / 330);
    expect(c.splits).toEqual([{ a: 0, into: [0, 1] }]);
    expect(c.merges).toEqual([{ b: 2, from: [1, 2] }]);
    expect(c.vanished).toEqual([3]);
    expect(c.appeared).toEqual([3]);
    expect(c.matches[0]).toMatchObject({ a: 1, b: 2, overlap: 100 });
    expect(c.overlap[0 * 4 + 0]).toBe(50);
    expect(c.ari).toBeGreaterThan(0);
    expect(c.ari).toBeLessThan(1);
    const same = compareLabelings(Int32Array.from(a), Int32Array.from(a));
    expect(same.ari).toBe(1);
    expect(same.nmi).toBeCloseTo(1, 12);
    expect(same.splits).toEqual([]);
    expect(same.matches.every((m) => m.a === m.b && m.jaccard === 1)).toBe(true);
  });
});
