import { AppError } from '../../shared/errors';
import { averageLinkage, cutTree } from '../algorithms/agglomerative';
import type { EmbeddingSet, ProjectStore, TopicLabel } from '../store';
import {
  createTaxonomy,
  forEachEmbedding,
  getEmbeddingSet,
  getRun,
  listEmbeddingSets,
  listRuns,
  loadRunAssignments,
  loadRunClusters,
  loadRunTopicLabels,
  maxTaxonomyNodeId,
  saveTree,
} from '../store';
import { keyTermsLabel, topicTerms } from './labels';
import type { Tree } from './tree';
import { childrenOf, ROOT, treeBuilder } from './tree';

export const DEFAULT_CATEGORIES = 7;

export type OfflineTaxonomyOptions = {
  /** The cluster run to organise (default: the newest finished one). */
  runId?: number;
  /** Embedding set for the topic centroids (default: the run's, else the newest float32 or int8 set). */
  setId?: number;
  /** Main categories to cut the dendrogram into (default 7). */
  categories?: number;
  name?: string;
};

export type OfflineTaxonomySummary = {
  taxonomyId: number;
  runId: number;
  embeddingSetId: number;
  categories: number;
  subcategories: number;
  topics: number;
  documents: number;
  seconds: number;
};

/** The cluster run a taxonomy is built from: the one asked for, or the newest finished one. */
export function resolveClusterRun(store: ProjectStore, runId?: number): number {
  if (runId !== undefined) {
    const run = getRun(store.db, runId);
    if (!run || run.kind !== 'cluster')
      throw new AppError('NOT_FOUND', `no cluster run ${runId} in ${store.path}`);
    return run.id;
  }
  const run = listRuns(store.db, 'cluster').find((r) => r.status === 'done');
  if (!run)
    throw new AppError(
      'NOT_FOUND',
      `${store.path} has no finished cluster run yet: run \`taxonomist cluster --project ${store.path}\` first`,
    );
  return run.id;
}

function resolveSet(store: ProjectStore, runId: number, setId?: number): EmbeddingSet {
  const usable = (s: EmbeddingSet | undefined): boolean =>
    !!s && (s.precision === 'float32' || s.precision === 'int8');
  if (setId !== undefined) {
    const s = getEmbeddingSet(store.db, setId);
    if (!s) throw new AppError('NOT_FOUND', `no embedding set ${setId} in ${store.path}`);
    if (!usable(s))
      throw new AppError(
        'INVALID_INPUT',
        `embedding set ${setId} is ${s.precision}; use a float32 or int8 set`,
      );
    return s;
  }
  const fromRun = getRun(store.db, runId)?.embeddingSetId;
  const own = fromRun == null ? undefined : getEmbeddingSet(store.db, fromRun);
  if (own && usable(own)) return own;
  const sets = listEmbeddingSets(store.db).filter((s) => s.count > 0 && usable(s));
  const best = sets.filter((s) => s.precision === 'float32').pop() ?? sets.pop();
  if (!best)
    throw new AppError('NOT_FOUND', `${store.path} has no float32 or int8 embeddings to place the topics by`);
  return best;
}

/**
 * Mean direction of the unit-normalised embeddings of each cluster's documents, centred on the mean
 * over clusters: float32, clusters x dims, in the order of `clusterIds`. Streams the set, so memory
 * stays at one vector plus the centroids.
 */
function clusterCentroids(
  store: ProjectStore,
  set: EmbeddingSet,
  assignments: ReadonlyMap<number, number>,
  clusterIds: readonly number[],
): Float32Array {
  const d = set.dims;
  const row = new Map(clusterIds.map((c, i) => [c, i]));
  const sums = new Float64Array(clusterIds.length * d);
  const bytes = set.precision === 'float32' ? 4 : 1;
  const buf = new ArrayBuffer(d * bytes);
  const view = set.precision === 'float32' ? new Float32Array(buf) : new Int8Array(buf);
  const raw = new Uint8Array(buf);
  forEachEmbedding(store.db, set.id, (doc, vector) => {
    const r = row.get(assignments.get(doc) ?? -1);
    if (r === undefined || vector.byteLength !== d * bytes) return;
    raw.set(vector);
    let norm = 0;
    for (let j = 0; j < d; j++) norm += view[j]! * view[j]!;
    if (norm === 0) return;
    const s = 1 / Math.sqrt(norm);
    const off = r * d;
    for (let j = 0; j < d; j++) sums[off + j]! += view[j]! * s;
  });
  // Unit means, then centred: every topic of a corpus shares a common direction (the field itself, and
  // the anisotropy of embedding spaces), which would otherwise swamp the differences between topics.
  const k = clusterIds.length;
  for (let r = 0; r < k; r++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += sums[r * d + j]! ** 2;
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) sums[r * d + j]! *= s;
  }
  if (k > 2) {
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let r = 0; r < k; r++) mean += sums[r * d + j]!;
      mean /= k;
      for (let r = 0; r < k; r++) sums[r * d + j]! -= mean;
    }
  }
  return Float32Array.from(sums);
}

function pickRows(centroids: Float32Array, d: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(centroids.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

/** Groups `rows` (indices into centroids) into at most `k` groups by average linkage, in first-row order. */
function group(centroids: Float32Array, d: number, rows: readonly number[], k: number): number[][] {
  const labels = cutTree(averageLinkage(pickRows(centroids, d, rows), rows.length, d, 'cosine'), k);
  const out: number[][] = [];
  rows.forEach((r, i) => (out[labels[i]!] ??= []).push(r));
  return out;
}

/**
 * Builds a taxonomy without any network: average-linkage clustering of the topic centroids in
 * embedding space, cut into `categories` main categories, each split into subcategories (about the
 * square root of its topic count) when it has four or more topics; categories and subcategories are
 * named from their topics' keyphrases. Every non-noise cluster of the run is placed exactly once.
 */
export function generateOfflineTaxonomy(
  store: ProjectStore,
  options: OfflineTaxonomyOptions = {},
): OfflineTaxonomySummary {
  const started = performance.now();
  const categories = options.categories ?? DEFAULT_CATEGORIES;
  if (!Number.isInteger(categories) || categories < 1)
    throw new AppError(
      'INVALID_INPUT',
      `the number of categories must be an integer >= 1, got ${categories}`,
    );
  const runId = resolveClusterRun(store, options.runId);
  const clusters = loadRunClusters(store.db, runId);
  if (clusters.length === 0) throw new AppError('INVALID_INPUT', `cluster run ${runId} has no clusters`);
  const assignments = loadRunAssignments(store.db, runId);
  const set = resolveSet(store, runId, options.setId);
  const clusterIds = clusters.map((c) => c.clusterId);
  const centroids = clusterCentroids(store, set, assignments, clusterIds);
  const topics = loadRunTopicLabels(store.db, runId);
  const d = set.dims;

  const sizes = clusters.map((c) => c.size);
  const terms = clusterIds.map((c) => topicTerms(topics.get(c), c));
  const allRows = clusterIds.map((_, i) => i);
  const { tree, add } = treeBuilder(maxTaxonomyNodeId(store.db) + 1);
  const addTopic = (parentId: number, row: number): void => {
    const c = clusterIds[row]!;
    const t: TopicLabel | undefined = topics.get(c);
    const phrases = terms[row]!.slice(0, 5).map((x) => x.term);
    add(parentId, t?.label ?? `Cluster ${c}`, {
      definition: t?.description ?? (phrases.length ? `Papers on ${phrases.join(', ')}.` : null),
      clusterIds: [c],
      topicId: t?.id ?? null,
    });
  };
  const nameOf = (rows: readonly number[], taken: Set<string>): string =>
    keyTermsLabel(
      rows.map((r) => ({ terms: terms[r]!, weight: Math.sqrt(sizes[r]!) })),
      allRows.map((r) => terms[r]!),
      taken,
    );

  let subcategories = 0;
  const takenTop = new Set<string>();
  for (const cat of group(centroids, d, allRows, categories)) {
    const catId = add(ROOT, nameOf(cat, takenTop));
    if (cat.length < 4) {
      for (const r of cat) addTopic(catId, r);
      continue;
    }
    const takenSub = new Set<string>([tree.nodes.get(catId)!.label]);
    for (const sub of group(centroids, d, cat, Math.round(Math.sqrt(cat.length)))) {
      if (sub.length === 1) {
        addTopic(catId, sub[0]!);
        continue;
      }
      const subId = add(catId, nameOf(sub, takenSub));
      subcategories++;
      for (const r of sub) addTopic(subId, r);
    }
  }

  const documents = [...assignments.values()].filter((c) => c >= 0).length;
  const taxonomyId = store.transaction(() => {
    const id = createTaxonomy(store.db, {
      runId,
      name: options.name ?? `Offline taxonomy of run ${runId}`,
      source: 'offline',
      provenance: {
        method: 'average-linkage',
        metric: 'cosine',
        categories,
        runId,
        embeddingSetId: set.id,
        labels: 'keyphrases',
        createdAt: new Date().toISOString(),
      },
    });
    saveTree(store.db, id, tree as Tree);
    return id;
  });
  return {
    taxonomyId,
    runId,
    embeddingSetId: set.id,
    categories: childrenOf(tree, ROOT).length,
    subcategories,
    topics: clusterIds.length,
    documents,
    seconds: (performance.now() - started) / 1000,
  };
}
