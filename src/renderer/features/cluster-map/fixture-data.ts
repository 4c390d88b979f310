import type { ClusterMapData, MapTopic } from './map-data';
import { seededRandom } from '../../../shared/random';

// Generated map data for tests, benchmarks and demos (`?fixture=N`): seeded Gaussian blobs with a
// share of uniform noise, so the same n and seed always give the same picture.

const SUBJECTS = [
  'graph neural networks',
  'protein folding',
  'reinforcement learning',
  'quantum error correction',
  'climate downscaling',
  'speech recognition',
  'causal inference',
  'federated learning',
  'topic models',
  'robot grasping',
  'dark matter halos',
  'single-cell sequencing',
  'differential privacy',
  'image segmentation',
  'program synthesis',
  'epidemic forecasting',
  'battery materials',
  'machine translation',
  'sparse attention',
  'galaxy morphology',
  'drug repurposing',
  'traffic prediction',
  'code summarisation',
  'seismic inversion',
];
const FRAMES = [
  'A study of',
  'Scalable',
  'Towards robust',
  'Revisiting',
  'Efficient',
  'On the limits of',
  'Benchmarking',
  'Learning',
];

/** Every OUTLIER_EVERY-th point goes to the far-off cluster when `outlier` is set (0.5% of points). */
export const OUTLIER_EVERY = 200;
/** Where the far-off cluster sits: the rest of the map spans about -13..13 on both axes. */
export const OUTLIER_CENTRE: readonly [number, number] = [150, 120];
export const OUTLIER_LABEL = 'outlying papers';

type Options = {
  seed?: number;
  clusters?: number;
  noiseShare?: number;
  /** Adds one small topic far from the rest (a map's outliers), for framing tests. */
  outlier?: boolean;
};

/**
 * n points in `clusters` blobs (default ~n/1000, 8..24) plus `noiseShare` of scattered noise; with
 * `outlier`, every OUTLIER_EVERY-th point moves to one more topic far off (id: the last topic's).
 */
export function generateClusterMapData(
  n: number,
  { seed = 42, clusters, noiseShare = 0.1, outlier = false }: Options = {},
): ClusterMapData {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const k = clusters ?? Math.max(8, Math.min(SUBJECTS.length, Math.round(n / 1000)));
  const centres = Array.from({ length: k }, () => [random() * 20 - 10, random() * 20 - 10] as const);
  const spreads = Array.from({ length: k }, () => 0.4 + random() * 0.8);
  const documentIds = new Int32Array(n);
  const positions = new Float32Array(2 * n);
  const clusterIds = new Int32Array(n);
  const probabilities = new Float32Array(n);
  const titles = new Array<string>(n);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    documentIds[i] = i + 1;
    if (random() < noiseShare) {
      clusterIds[i] = -1;
      positions[2 * i] = random() * 26 - 13;
      positions[2 * i + 1] = random() * 26 - 13;
      titles[i] = `${FRAMES[i % FRAMES.length]} ${SUBJECTS[(i * 7) % SUBJECTS.length]} (${i + 1})`;
      continue;
    }
    // Uneven cluster sizes, as real corpora have.
    const c = Math.min(k - 1, Math.floor(k * random() ** 1.6));
    const [cx, cy] = centres[c]!;
    const r = gauss() * spreads[c]!;
    const angle = 2 * Math.PI * random();
    positions[2 * i] = cx + r * Math.cos(angle);
    positions[2 * i + 1] = cy + r * Math.sin(angle);
    clusterIds[i] = c;
    probabilities[i] = Math.max(0.05, 1 - Math.abs(r) / (3 * spreads[c]!));
    sizes[c]!++;
    titles[i] = `${FRAMES[i % FRAMES.length]} ${SUBJECTS[c % SUBJECTS.length]} (${i + 1})`;
  }
  if (outlier) {
    sizes.push(0);
    for (let i = 0; i < n; i += OUTLIER_EVERY) {
      const c = clusterIds[i]!;
      if (c >= 0) sizes[c]!--;
      clusterIds[i] = k;
      sizes[k]!++;
      positions[2 * i] = OUTLIER_CENTRE[0] + gauss() * 0.6;
      positions[2 * i + 1] = OUTLIER_CENTRE[1] + gauss() * 0.6;
      probabilities[i] = 0.8;
      titles[i] = `Outlying paper (${i + 1})`;
    }
  }
  const topics: MapTopic[] = sizes.map((size, c) => ({
    clusterId: c,
    label:
      outlier && c === k
        ? OUTLIER_LABEL
        : SUBJECTS[c % SUBJECTS.length]! +
          (c >= SUBJECTS.length ? ` ${Math.floor(c / SUBJECTS.length) + 1}` : ''),
    size,
  }));
  // Every generated point is a core member or noise: none was assigned after clustering.
  const assigned = new Uint8Array(n);
  const strengths = Float32Array.from(probabilities, (p, i) => (clusterIds[i]! >= 0 ? p : NaN));
  return { documentIds, positions, clusterIds, probabilities, assigned, strengths, titles, topics };
}

/** A stand-in abstract for a generated document. */
export function fixtureAbstract(title: string): string {
  return `${title}. This generated abstract stands in for the paper's text in demos and tests of the map.`;
}
