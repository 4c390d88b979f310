// Agreement between two labelings of the same points. Every distinct label is a class, noise (-1)
// included, over all points: the convention of scikit-learn's adjusted_rand_score and
// normalized_mutual_info_score applied to HDBSCAN labels.

/** Dense contingency table of two labelings (any integer labels, e.g. -1 for noise). */
export function contingency(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { rows: number; cols: number; counts: Float64Array; rowLabels: number[]; colLabels: number[] } {
  if (a.length !== b.length) throw new RangeError(`labelings differ in length (${a.length} vs ${b.length})`);
  const ra = new Map<number, number>();
  const rb = new Map<number, number>();
  const ia = new Int32Array(a.length);
  const ib = new Int32Array(b.length);
  for (let i = 0; i < a.length; i++) {
    let x = ra.get(a[i]!);
    if (x === undefined) ra.set(a[i]!, (x = ra.size));
    ia[i] = x;
    let y = rb.get(b[i]!);
    if (y === undefined) rb.set(b[i]!, (y = rb.size));
    ib[i] = y;
  }
  const rows = ra.size;
  const cols = rb.size;
  const counts = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) counts[ia[i]! * cols + ib[i]!]!++;
  return { rows, cols, counts, rowLabels: [...ra.keys()], colLabels: [...rb.keys()] };
}

const comb2 = (x: number): number => (x * (x - 1)) / 2;

/**
 * Adjusted Rand index of two labelings of n points (1 = identical partitions, ~0 = chance).
 * Source: Hubert & Arabie (1985), "Comparing partitions"; as scikit-learn's adjusted_rand_score.
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const { rows, cols, counts } = contingency(a, b);
  // One class on both sides, or every point alone on both: identical partitions by convention.
  if ((rows === 1 && cols === 1) || (rows === n && cols === n) || n < 2) return 1;
  let sumCells = 0;
  const rowSum = new Float64Array(rows);
  const colSum = new Float64Array(cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = counts[r * cols + c]!;
      sumCells += comb2(v);
      rowSum[r] = rowSum[r]! + v;
      colSum[c] = colSum[c]! + v;
    }
  let sumA = 0;
  let sumB = 0;
  for (const v of rowSum) sumA += comb2(v);
  for (const v of colSum) sumB += comb2(v);
  const expected = (sumA * sumB) / comb2(n);
  const max = (sumA + sumB) / 2;
  if (max === expected) return 1;
  return (sumCells - expected) / (max - expected);
}

/**
 * Normalised mutual information with the arithmetic-mean normaliser (scikit-learn's default):
 * I(A;B) / ((H(A) + H(B)) / 2), in [0, 1]. Source: Strehl & Ghosh (2002); Vinh et al. (2010).
 */
export function normalizedMutualInfo(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  const { rows, cols, counts } = contingency(a, b);
  if ((rows === 1 && cols === 1) || n === 0) return 1;
  const rowSum = new Float64Array(rows);
  const colSum = new Float64Array(cols);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      rowSum[r] = rowSum[r]! + counts[r * cols + c]!;
      colSum[c] = colSum[c]! + counts[r * cols + c]!;
    }
  const entropy = (s: Float64Array): number => {
    let h = 0;
    for (const v of s) if (v > 0) h -= (v / n) * Math.log(v / n);
    return h;
  };
  let mi = 0;
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const v = counts[r * cols + c]!;
      if (v > 0) mi += (v / n) * Math.log((v * n) / (rowSum[r]! * colSum[c]!));
    }
  const ha = entropy(rowSum);
  const hb = entropy(colSum);
  if (ha === 0 || hb === 0) return ha === hb ? 1 : 0;
  return Math.max(0, Math.min(1, mi / ((ha + hb) / 2)));
}
