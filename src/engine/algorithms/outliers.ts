export type NoiseAssignment = {
  /** int32, n: the input labels with assigned noise points given their cluster; still -1 otherwise. */
  labels: Int32Array;
  /** uint8, n: 1 where the input label was noise (kept, whatever the assignment). */
  wasNoise: Uint8Array;
  /** Noise points given a cluster. */
  assigned: number;
  /** Fraction of all points in a cluster before and after assignment. */
  coverageBefore: number;
  coverageAfter: number;
};

/**
 * Gives each noise point (label -1) of `points` (n x dims, row-major) the cluster whose centroid is
 * nearest in units of that cluster's radius (root-mean-square distance of its members to the centroid),
 * when that normalised distance is at most `threshold` (Infinity assigns every noise point). The input
 * labels are not changed; the noise flag is kept in `wasNoise`. Source: nearest-centroid outlier
 * reduction as in BERTopic's reduce_outliers(strategy="embeddings"), made scale-free by the radius.
 */
export function assignNoiseToClusters(
  points: Float32Array | Float64Array,
  n: number,
  dims: number,
  labels: Int32Array,
  threshold: number,
): NoiseAssignment {
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, labels[i]! + 1);
  const centroid = new Float64Array(k * dims);
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    count[c] = count[c]! + 1;
    for (let d = 0; d < dims; d++) centroid[c * dims + d] = centroid[c * dims + d]! + points[i * dims + d]!;
  }
  for (let c = 0; c < k; c++)
    for (let d = 0; d < dims; d++) centroid[c * dims + d] = centroid[c * dims + d]! / (count[c] || 1);
  const radius2 = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c >= 0) radius2[c] = radius2[c]! + dist2(points, i * dims, centroid, c * dims, dims);
  }
  for (let c = 0; c < k; c++) radius2[c] = count[c] ? radius2[c]! / count[c]! : 0;

  const out = labels.slice();
  const wasNoise = new Uint8Array(n);
  let assigned = 0;
  let clustered = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]! >= 0) {
      clustered++;
      continue;
    }
    wasNoise[i] = 1;
    let best = -1;
    let bestScore = Infinity;
    for (let c = 0; c < k; c++) {
      if (!count[c]) continue;
      const d2 = dist2(points, i * dims, centroid, c * dims, dims);
      // A cluster of identical points has radius 0: only a point on its centroid is within any radius.
      const score = radius2[c]! > 0 ? Math.sqrt(d2 / radius2[c]!) : d2 === 0 ? 0 : Infinity;
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    if (best >= 0 && (bestScore <= threshold || threshold === Infinity)) {
      out[i] = best;
      assigned++;
    }
  }
  return {
    labels: out,
    wasNoise,
    assigned,
    coverageBefore: n ? clustered / n : 0,
    coverageAfter: n ? (clustered + assigned) / n : 0,
  };
}

function dist2(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const t = a[ao + d]! - b[bo + d]!;
    s += t * t;
  }
  return s;
}
