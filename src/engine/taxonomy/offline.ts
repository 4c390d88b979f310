import { AppError } from '../../shared/errors';
import { averageLinkage, cutTree } from '../algorithms/agglomerative';
import type { StageContext } from '../context';
import { stageContext } from '../context';
import type { EmbeddingSet, ProjectStore, TopicLabel } from '../store';
import {
  createTaxonomy,
  forEachEmbedding,
  getEmbeddingSet,
  getRun,
  listEmbeddingSets,
  listRuns,
  loadClusterDocuments,
  loadRunAssignments,
  loadRunClusters,
  loadRunTopicLabels,
  maxTaxonomyNodeId,
  saveTree,
} from '../store';
import type { Embedder } from '../embed';
import { embedderForSet, embeddingSimilarity } from '../embed';
import type { EmbedTexts } from '../labels';
import { chooseDistinctNames, describeGroups, DISTINCT_LABEL_SIMILARITY } from '../labels';
import type { Tree } from './tree';
import { childrenOf, ROOT, treeBuilder } from './tree';
import { categoriesFor } from '../../shared/params';

export type OfflineTaxonomyOptions = {
  /** The cluster run to organise (default: the newest finished one). */
  runId?: number;
  /** Embedding set for the topic centroids (default: the run's, else the newest float32 or int8 set). */
  setId?: number;
  /** Main categories to cut the dendrogram into (default: one per five topics, see categoriesFor). */
  categories?: number;
  name?: string;
  /** Ranks candidate names by meaning (default: the model that embedded the corpus, when it runs here). */
  embedPhrases?: EmbedTexts | null;
  /** Recorded with the taxonomy besides its method (e.g. why it stands in for a model's). */
  provenance?: Record<string, unknown>;
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

/**
 * What both taxonomy generators start from: the cluster run (see resolveClusterRun), its clusters
 * (at least one) and the number of main categories (the one asked for, an integer >= 1, else
 * categoriesFor the cluster count).
 */
export function taxonomyClusters(
  store: ProjectStore,
  o: { runId?: number | undefined; categories?: number | undefined },
): { runId: number; clusters: ReturnType<typeof loadRunClusters>; categories: number } {
  if (o.categories !== undefined && (!Number.isInteger(o.categories) || o.categories < 1))
    throw new AppError(
      'INVALID_INPUT',
      `the number of categories must be an integer >= 1, got ${o.categories}`,
    );
  const runId = resolveClusterRun(store, o.runId);
  const clusters = loadRunClusters(store.db, runId);
  if (clusters.length === 0) throw new AppError('INVALID_INPUT', `cluster run ${runId} has no clusters`);
  return { runId, clusters, categories: o.categories ?? categoriesFor(clusters.length) };
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
 * Per cluster, the mean of the unit-normalised embeddings of its documents: `sums` (float64, clusters x
 * dims, in the order of `clusterIds`, not normalised, so groups add up), and `centred` (float32, the unit
 * means centred on their average). Streams the set, so memory stays at one vector plus the centroids.
 */
function clusterCentroids(
  store: ProjectStore,
  set: EmbeddingSet,
  assignments: ReadonlyMap<number, number>,
  clusterIds: readonly number[],
): { sums: Float64Array; centred: Float32Array } {
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
  const centred = new Float64Array(sums);
  for (let r = 0; r < k; r++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += centred[r * d + j]! ** 2;
    const s = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) centred[r * d + j]! *= s;
  }
  if (k > 2) {
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let r = 0; r < k; r++) mean += centred[r * d + j]!;
      mean /= k;
      for (let r = 0; r < k; r++) centred[r * d + j]! -= mean;
    }
  }
  return { sums, centred: Float32Array.from(centred) };
}

/** Cosine similarity of rows a and b of `m` (dims d). */
function cosineRows(m: Float32Array, d: number, a: number, b: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < d; j++) {
    dot += m[a * d + j]! * m[b * d + j]!;
    na += m[a * d + j]! ** 2;
    nb += m[b * d + j]! ** 2;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Mean pairwise similarity between two groups of rows (average linkage). */
function groupSimilarity(m: Float32Array, d: number, a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (const x of a) for (const y of b) s += cosineRows(m, d, x, y);
  return s / (a.length * b.length);
}

/**
 * Splits `rows` (indices into the centroids) into about `k` groups of at least `minSize` rows: average
 * linkage cut into k, then each group under `minSize` merged, smallest first, into the group it is most
 * similar to. Groups come back in first-row order.
 */
export function groupRows(
  centroids: Float32Array,
  d: number,
  rows: readonly number[],
  k: number,
  minSize: number,
): number[][] {
  if (rows.length <= 1 || k <= 1) return [[...rows]];
  const labels = cutTree(averageLinkage(pickRows(centroids, d, rows), rows.length, d, 'cosine'), k);
  let groups: number[][] = [];
  rows.forEach((r, i) => (groups[labels[i]!] ??= []).push(r));
  groups = groups.filter((g) => g.length);
  for (;;) {
    const small = groups
      .map((g, i) => ({ g, i }))
      .filter(({ g }) => g.length < minSize)
      .sort((a, b) => a.g.length - b.g.length || a.i - b.i)[0];
    if (!small || groups.length === 1) break;
    let best = -1;
    let bestSim = -Infinity;
    groups.forEach((g, i) => {
      if (i === small.i) return;
      const sim = groupSimilarity(centroids, d, small.g, g);
      if (sim > bestSim) [best, bestSim] = [i, sim];
    });
    groups[best]!.push(...small.g);
    groups.splice(small.i, 1);
  }
  return groups.map((g) => [...g].sort((a, b) => rows.indexOf(a) - rows.indexOf(b)));
}

/**
 * Two groups of at least two rows each from `rows` (four or more): the two least similar rows seed
 * them, every other row joins the seed it is more similar to, and a group left with one row takes the
 * other group's row most similar to it.
 */
export function splitInTwo(centroids: Float32Array, d: number, rows: readonly number[]): number[][] {
  let seeds: [number, number] = [rows[0]!, rows[1]!];
  let least = Infinity;
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const s = cosineRows(centroids, d, rows[i]!, rows[j]!);
      if (s < least) [least, seeds] = [s, [rows[i]!, rows[j]!]];
    }
  const a: number[] = [];
  const b: number[] = [];
  for (const r of rows) {
    if (r === seeds[0]) a.push(r);
    else if (r === seeds[1]) b.push(r);
    else (cosineRows(centroids, d, r, seeds[0]) >= cosineRows(centroids, d, r, seeds[1]) ? a : b).push(r);
  }
  for (const [small, big] of [
    [a, b],
    [b, a],
  ] as const) {
    while (small.length < 2 && big.length > 2) {
      let pick = 0;
      let bestSim = -Infinity;
      big.forEach((r, i) => {
        const sim = cosineRows(centroids, d, r, small[0]!);
        if (sim > bestSim && r !== seeds[0] && r !== seeds[1]) [pick, bestSim] = [i, sim];
      });
      small.push(...big.splice(pick, 1));
    }
  }
  return [a, b].map((g) => [...g].sort((x, y) => rows.indexOf(x) - rows.indexOf(y)));
}

function pickRows(centroids: Float32Array, d: number, rows: readonly number[]): Float32Array {
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(centroids.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

export { categoriesFor };

/**
 * The three levels of the case study's outline for `rows` topics: main categories (about `categories`,
 * each of four or more topics when there are that many) split into subcategories (about the square
 * root of their topic count) of two or more topics each, so no parent has a single child. Fewer than
 * four topics make one category with one subcategory.
 */
export function organiseTopics(
  centroids: Float32Array,
  d: number,
  rows: readonly number[],
  categories: number,
): number[][][] {
  if (rows.length < 4) return [[[...rows]]];
  const cats = groupRows(centroids, d, rows, Math.min(categories, Math.floor(rows.length / 4)), 4);
  return cats.map((cat) => {
    if (cat.length < 4) return [cat];
    const target = Math.max(2, Math.min(Math.floor(cat.length / 2), Math.round(Math.sqrt(cat.length))));
    const subs = groupRows(centroids, d, cat, target, 2);
    return subs.length >= 2 ? subs : splitInTwo(centroids, d, cat);
  });
}

/**
 * Builds a taxonomy without any network, in the case study's three levels: average-linkage clustering
 * of the topic centroids in embedding space into main categories (one per five topics unless
 * `categories` is given), each split into subcategories of two or more topics (see organiseTopics).
 * Categories and subcategories are named by what their documents share against their siblings' (c-TF-IDF
 * noun phrases ranked by meaning, as topic labels are), each name distinct from every other label in the
 * tree. Every non-noise cluster of the run is placed exactly once, at the third level.
 */
export async function generateOfflineTaxonomy(
  store: ProjectStore,
  options: OfflineTaxonomyOptions = {},
  context: Partial<StageContext> = {},
): Promise<OfflineTaxonomySummary> {
  const ctx = stageContext(context);
  const started = performance.now();
  const { runId, clusters, categories } = taxonomyClusters(store, options);
  const assignments = loadRunAssignments(store.db, runId);
  const set = resolveSet(store, runId, options.setId);
  const clusterIds = clusters.map((c) => c.clusterId);
  const { sums, centred } = clusterCentroids(store, set, assignments, clusterIds);
  const topics = loadRunTopicLabels(store.db, runId);
  const d = set.dims;
  const layout = organiseTopics(
    centred,
    d,
    clusterIds.map((_, i) => i),
    categories,
  );

  const topicLabel = (row: number): string =>
    topics.get(clusterIds[row]!)?.label ?? `Cluster ${clusterIds[row]}`;
  const names = await nameGroups(
    store,
    runId,
    set,
    sums,
    clusterIds,
    layout,
    topicLabel,
    options.embedPhrases,
  );
  // Naming may embed phrases with a model: a cancel that came meanwhile stops before anything is written.
  if (ctx.signal.aborted) throw new AppError('CANCELLED', 'cancelled');

  const { tree, add } = treeBuilder(maxTaxonomyNodeId(store.db) + 1);
  const addTopic = (parentId: number, row: number): void => {
    const c = clusterIds[row]!;
    const t: TopicLabel | undefined = topics.get(c);
    add(parentId, topicLabel(row), {
      definition: t?.description ?? null,
      clusterIds: [c],
      topicId: t?.id ?? null,
    });
  };
  let subcategories = 0;
  layout.forEach((cat, ci) => {
    const catId = add(ROOT, names.categories[ci]!);
    cat.forEach((sub, si) => {
      const subId = add(catId, names.subcategories[ci]![si]!);
      subcategories++;
      for (const r of sub) addTopic(subId, r);
    });
  });

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
        labels: names.by,
        createdAt: new Date().toISOString(),
        ...options.provenance,
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

/**
 * Names for the categories and subcategories of `layout` (rows index `clusterIds`): c-TF-IDF over the
 * documents grouped by category (then, within each category, by subcategory), the noun phrases that set
 * a group apart from its siblings, ranked by meaning with the model that embedded the corpus when it
 * runs here; each name kept clear of every topic label and every other name.
 */
async function nameGroups(
  store: ProjectStore,
  runId: number,
  set: EmbeddingSet,
  sums: Float64Array,
  clusterIds: readonly number[],
  layout: number[][][],
  topicLabel: (row: number) => string,
  embedPhrases: EmbedTexts | null | undefined,
): Promise<{ categories: string[]; subcategories: string[][]; by: string }> {
  const d = set.dims;
  const docs = loadClusterDocuments(store.db, runId);
  const rowOf = new Map(clusterIds.map((c, i) => [c, i]));
  const texts = docs.map((x) => `${x.title}. ${x.abstract}`);
  const titles = docs.map((x) => x.title);
  const abstracts = docs.map((x) => x.abstract);
  const centroidOf = (rows: readonly number[]): Float32Array => {
    const c = new Float64Array(d);
    for (const r of rows) for (let j = 0; j < d; j++) c[j]! += sums[r * d + j]!;
    let norm = 0;
    for (let j = 0; j < d; j++) norm += c[j]! ** 2;
    return Float32Array.from(c, (v) => (norm > 0 ? v / Math.sqrt(norm) : 0));
  };

  let phraseModel: Embedder | null = null;
  let embed = embedPhrases ?? null;
  if (embedPhrases === undefined && set.precision === 'float32') {
    phraseModel = (await embedderForSet(set)).embedder;
    if (phraseModel) embed = (t) => phraseModel!.embed(t, { batchSize: 64 });
  }
  try {
    const taken = clusterIds.map((_, r) => topicLabel(r));
    const similarity = await embeddingSimilarityFor();
    const fallback = (g: number) => `Group ${g + 1}`;

    // Categories, against each other.
    const catOfRow = new Map<number, number>();
    layout.forEach((cat, ci) => cat.flat().forEach((r) => catOfRow.set(r, ci)));
    const catGroups = Int32Array.from(docs, (x) => catOfRow.get(rowOf.get(x.clusterId) ?? -1) ?? -1);
    const catDescribed = await describeGroups(
      {
        texts,
        titles,
        abstracts,
        groups: catGroups,
        subgroups: Int32Array.from(docs, (x) => x.clusterId),
        centroids: new Map(layout.map((cat, ci) => [ci, centroidOf(cat.flat())])),
        embedPhrases: embed,
      },
      GROUP_NAMES,
    );
    const catNames = await similarity.choose(
      new Map(catDescribed.groups.map((g) => [g.group, withPairs(g.names)])),
      layout.map((_, ci) => ci).sort((a, b) => layout[b]!.flat().length - layout[a]!.flat().length || a - b),
      taken,
      fallback,
    );
    const categories = layout.map((_, ci) => catNames.get(ci)!);
    taken.push(...categories);

    // Subcategories, against their siblings, within each category.
    const subcategories: string[][] = [];
    for (let ci = 0; ci < layout.length; ci++) {
      const cat = layout[ci]!;
      if (cat.length === 1) {
        // One subcategory (fewer than four topics in all): named against the whole corpus.
        subcategories.push([
          (
            await similarity.choose(
              new Map([[0, catDescribed.groups.find((g) => g.group === ci)?.names.slice(1) ?? []]]),
              [0],
              taken,
              () => `${categories[ci]} topics`,
            )
          ).get(0)!,
        ]);
        taken.push(subcategories[ci]![0]!);
        continue;
      }
      const subOfRow = new Map<number, number>();
      cat.forEach((sub, si) => sub.forEach((r) => subOfRow.set(r, si)));
      const members = docs
        .map((x, i) => ({ x, i }))
        .filter(({ x }) => subOfRow.has(rowOf.get(x.clusterId) ?? -1));
      const described = await describeGroups(
        {
          texts: members.map(({ i }) => texts[i]!),
          titles: members.map(({ i }) => titles[i]!),
          abstracts: members.map(({ i }) => abstracts[i]!),
          groups: Int32Array.from(members, ({ x }) => subOfRow.get(rowOf.get(x.clusterId)!)!),
          subgroups: Int32Array.from(members, ({ x }) => x.clusterId),
          centroids: new Map(cat.map((sub, si) => [si, centroidOf(sub)])),
          embedPhrases: embed,
        },
        GROUP_NAMES,
      );
      const subNames = await similarity.choose(
        new Map(described.groups.map((g) => [g.group, withPairs(g.names)])),
        cat.map((_, si) => si).sort((a, b) => cat[b]!.length - cat[a]!.length || a - b),
        taken,
        (si) => `${categories[ci]} ${si + 1}`,
      );
      subcategories.push(cat.map((_, si) => subNames.get(si)!));
      taken.push(...subcategories[ci]!);
    }
    return { categories, subcategories, by: embed ? 'keyphrases ranked by embedding' : 'keyphrases' };
  } finally {
    await phraseModel?.dispose();
  }
}

/** A single word names a group of topics less well than it names one topic ("Image", "Machine"). */
const GROUP_NAMES = { singleWordWeight: 0.45 };

/**
 * A main category spans several subjects: besides its single phrases, "A and B" of its two best phrases
 * when they share no word and the second is nearly as strong, ranked first.
 */
function withPairs(names: readonly { name: string; score: number }[]): { name: string; score: number }[] {
  const [a, ...rest] = names;
  if (!a) return [];
  const words = (n: string) => new Set(n.toLowerCase().split(/[\s-]+/));
  const wa = words(a.name);
  const b = rest.find((n) => ![...words(n.name)].some((w) => wa.has(w)));
  if (!b || b.score < 0.6 * a.score || `${a.name} ${b.name}`.split(' ').length > 6) return [...names];
  return [{ name: `${a.name} and ${b.name}`, score: a.score + b.score }, ...names];
}

/** Distinct names by the label check's own measure (USE-Lite cosine, see similarity.ts). */
async function embeddingSimilarityFor() {
  return {
    async choose(
      candidates: ReadonlyMap<number, readonly { name: string; score: number }[]>,
      order: readonly number[],
      taken: readonly string[],
      fallback: (g: number) => string,
    ): Promise<Map<number, string>> {
      const texts = [...[...candidates.values()].flat().map((c) => c.name), ...taken];
      const sim = await embeddingSimilarity(texts);
      return chooseDistinctNames(candidates, order, sim, DISTINCT_LABEL_SIMILARITY, taken, fallback);
    },
  };
}
