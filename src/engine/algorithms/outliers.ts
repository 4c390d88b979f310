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

export type CentroidAssignment = NoiseAssignment & {
  /**
   * float64, n: how strongly each assigned point belongs to its cluster, 0..1: the share of the cluster's
   * own members that are less similar to its centroid than the point is; NaN where not assigned.
   */
  strengths: Float64Array;
};

/**
 * Gives each noise point (label -1) the cluster whose centroid is most cosine-similar to it in the
 * embedding space (`vectors`: n x dims, row-major, rows unit length), when it is at least as similar to
 * that centroid as the cluster's least typical member (the `floor` quantile of the members'
 * similarities, default 0: the least similar member) or as `spread` (default 4) standard deviations
 * under the members' mean similarity, whichever is lower (null: the quantile alone). Farther points stay noise. The strength of an
 * assignment is the share of the cluster's members less similar than the point (0 below all of them). Source: BERTopic's
 * reduce_outliers(strategy="embeddings"), with a threshold each cluster sets by its own spread.
 */
export function assignNoiseByEmbedding(
  vectors: Float32Array,
  n: number,
  dims: number,
  labels: Int32Array,
  options: { floor?: number; spread?: number | null } = {},
): CentroidAssignment {
  let k = 0;
  for (let i = 0; i < n; i++) k = Math.max(k, labels[i]! + 1);
  const centroid = new Float64Array(k * dims);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    if (c < 0) continue;
    for (let d = 0; d < dims; d++) centroid[c * dims + d]! += vectors[i * dims + d]!;
  }
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let d = 0; d < dims; d++) s += centroid[c * dims + d]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dims; d++) centroid[c * dims + d]! *= inv;
  }
  const cosine = (i: number, c: number): number => {
    let s = 0;
    const a = i * dims;
    const b = c * dims;
    for (let d = 0; d < dims; d++) s += vectors[a + d]! * centroid[b + d]!;
    return s;
  };
  // Each cluster's members' similarities to their centroid, ascending: the yardstick of its spread.
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) if (labels[i]! >= 0) members[labels[i]!]!.push(cosine(i, labels[i]!));
  const sorted = members.map((m) => Float64Array.from(m).sort());
  const floor = options.floor ?? 0;
  const spread = options.spread === undefined ? 4 : options.spread;
  // The bar: the floor-quantile member, or `spread` standard deviations under the members' mean when
  // that is lower (a topic of a dozen papers has no least typical member worth the name).
  const limit = sorted.map((m) => {
    if (!m.length) return Infinity;
    const quantile = m[Math.min(m.length - 1, Math.floor(floor * (m.length - 1)))]!;
    if (spread === null) return quantile;
    let mean = 0;
    for (const v of m) mean += v;
    mean /= m.length;
    let variance = 0;
    for (const v of m) variance += (v - mean) ** 2;
    const sd = Math.sqrt(variance / m.length);
    return Math.min(quantile, mean - spread * sd);
  });

  const out = labels.slice();
  const wasNoise = Uint8Array.from(labels, (l) => (l < 0 ? 1 : 0));
  const strengths = new Float64Array(n).fill(NaN);
  let assigned = 0;
  let clustered = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i]! >= 0) {
      clustered++;
      continue;
    }
    let best = -1;
    let bestSim = -Infinity;
    for (let c = 0; c < k; c++) {
      if (!sorted[c]!.length) continue;
      const s = cosine(i, c);
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    }
    if (best < 0 || !(bestSim >= limit[best]!)) continue;
    out[i] = best;
    assigned++;
    // Share of members below it: binary search in the sorted similarities.
    const m = sorted[best]!;
    let lo = 0;
    let hi = m.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (m[mid]! < bestSim) lo = mid + 1;
      else hi = mid;
    }
    strengths[i] = lo / m.length;
  }
  return {
    labels: out,
    wasNoise,
    assigned,
    coverageBefore: n ? clustered / n : 0,
    coverageAfter: n ? (clustered + assigned) / n : 0,
    strengths,
  };
}
