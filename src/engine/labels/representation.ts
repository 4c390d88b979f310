import type { Database } from 'better-sqlite3';
import type { Keyphrase } from '../algorithms/ctfidf';
import { titleCase } from '../algorithms/keyphrases';
import { seededRandom } from '../algorithms/random';
import { embeddingSimilarity } from '../embed';
import type { EmbeddingSet } from '../store';
import {
  getEmbeddingSet,
  getRun,
  listClusters,
  listEmbeddingSets,
  loadClusterDocuments,
  loadVectors,
} from '../store';
import type { EmbedTexts } from './describe';
import { chooseDistinctNames, defineGroup, describeGroups } from './describe';
import { DEFAULTS } from '../../shared/params';

export type RepresentationOptions = {
  /** Titles sampled per cluster for the prompt (the case study used 25: the shared default, src/shared/params). */
  sample?: number;
  /** Representative documents per cluster. Default 5. */
  representatives?: number;
  /** Keyphrases kept per cluster. Default 25. */
  keyphrases?: number;
  /** Seed of the title sample (default: the shared seed, src/shared/params). */
  seed?: number;
  minDocumentFrequency?: number;
  /** The project's embedder, to rank keyphrases by meaning (without it they keep their c-TF-IDF order). */
  embedPhrases?: EmbedTexts | null;
  /** Similarity of label texts for keeping offline labels apart (default: USE-Lite cosine). */
  nameSimilarity?: (texts: Iterable<string>) => Promise<(a: string, b: string) => number>;
  /** Clusters whose label is not chosen here (locked, or not being relabelled): their labels count as taken. */
  keepLabels?: ReadonlyMap<number, string>;
};

/** What a cluster is about, computed offline: the evidence every label is made from. */
export type ClusterRepresentation = {
  clusterId: number;
  size: number;
  keyphrases: Keyphrase[];
  /** The offline label: a noun phrase from the keyphrases, distinct from the other topics' labels. */
  keywordLabel: string;
  /** The offline definition: a sentence of the topic's central abstracts, and its representative title. */
  keywordDefinition: string;
  /** How the keyphrases were ordered: by closeness to the topic's documents, or by c-TF-IDF alone. */
  keyphrasesBy: 'embedding' | 'ctfidf';
  /** Document ids nearest the cluster's embedding centroid (or most typical by c-TF-IDF without embeddings). */
  representativeIds: number[];
  representativeTitles: string[];
  representativeAbstracts: string[];
  /** Seeded sample of the cluster's documents, and their titles. */
  sampleIds: number[];
  sampleTitles: string[];
  /** How representatives were chosen. */
  representativesBy: 'embedding-centroid' | 'ctfidf';
};

/** The float32 embedding set to measure centroids in: the run's own (or its source), else any float32 set. */
function float32SetFor(db: Database, runId: number): EmbeddingSet | undefined {
  const run = getRun(db, runId);
  let set = run?.embeddingSetId != null ? getEmbeddingSet(db, run.embeddingSetId) : undefined;
  if (set && set.precision !== 'float32' && set.sourceSetId != null)
    set = getEmbeddingSet(db, set.sourceSetId);
  if (set?.precision === 'float32') return set;
  return listEmbeddingSets(db).find((s) => s.precision === 'float32' && s.count > 0);
}

/** The float32 embedding set of a cluster run, as the label stage measures topics in it (or undefined). */
export function runFloat32Set(db: Database, runId: number): EmbeddingSet | undefined {
  return float32SetFor(db, runId);
}

/** Cosine at or under which offline labels count as distinct (under the label check's 0.75, with a margin). */
export const DISTINCT_LABEL_SIMILARITY = 0.72;

/**
 * Per cluster of a cluster run: keyphrases (c-TF-IDF n-grams ranked by meaning, see describeGroups),
 * an offline label (a noun phrase in title case, distinct from every other topic's) and definition,
 * representative documents and a seeded title sample. Deterministic for a given seed.
 */
export async function buildRepresentations(
  db: Database,
  runId: number,
  o: RepresentationOptions = {},
): Promise<ClusterRepresentation[]> {
  const sample = o.sample ?? DEFAULTS.sample;
  const reps = o.representatives ?? 5;
  const docs = loadClusterDocuments(db, runId);
  const labels = Int32Array.from(docs, (d) => d.clusterId);
  const members = new Map<number, number[]>();
  docs.forEach((d, i) => {
    let m = members.get(d.clusterId);
    if (!m) members.set(d.clusterId, (m = []));
    m.push(i);
  });

  const central = centroidRepresentatives(db, runId, docs, members, Math.max(reps, 12));
  const titles = docs.map((d) => d.title);
  const abstracts = docs.map((d) => d.abstract);
  const described = await describeGroups(
    {
      texts: docs.map((d) => `${d.title}. ${d.abstract}`),
      titles,
      abstracts,
      groups: labels,
      ...(central ? { centroids: central.centroids } : {}),
      embedPhrases: o.embedPhrases ?? null,
    },
    {
      keyphrases: o.keyphrases ?? 25,
      ...(o.minDocumentFrequency !== undefined ? { minDocumentFrequency: o.minDocumentFrequency } : {}),
    },
  );
  const byCluster = new Map(described.groups.map((g) => [g.group, g]));
  const central_ = (clusterId: number): number[] => {
    const idx = members.get(clusterId)!;
    return (
      central?.nearest.get(clusterId) ??
      [...idx].sort((a, b) => described.tf.documentScores[b]! - described.tf.documentScores[a]! || a - b)
    );
  };

  // Distinct names: larger topics choose first; labels kept from elsewhere count as taken.
  const clusterIds = [...members.keys()].sort((a, b) => a - b);
  const sizes = new Map(listClusters(db, runId).map((c) => [c.clusterId, c.size]));
  const keep = o.keepLabels ?? new Map<number, string>();
  const choosing = clusterIds.filter((c) => !keep.has(c));
  const candidates = new Map(choosing.map((c) => [c, byCluster.get(c)?.names ?? []]));
  const similarity = await (o.nameSimilarity ?? embeddingSimilarity)([
    ...[...candidates.values()].flat().map((c) => c.name),
    ...keep.values(),
  ]);
  const order = [...choosing].sort(
    (a, b) => (sizes.get(b) ?? members.get(b)!.length) - (sizes.get(a) ?? members.get(a)!.length) || a - b,
  );
  const names = chooseDistinctNames(
    candidates,
    order,
    similarity,
    DISTINCT_LABEL_SIMILARITY,
    [...keep.values()],
    (c) => titleCaseFallback(byCluster.get(c)?.keyphrases ?? [], described.tf.display, c),
  );

  return clusterIds.map((clusterId) => {
    const idx = members.get(clusterId)!;
    const keyphrases = byCluster.get(clusterId)?.keyphrases ?? [];
    const centralIdx = central_(clusterId);
    const repIdx = centralIdx.slice(0, reps);
    const label = names.get(clusterId) ?? keep.get(clusterId) ?? `Topic ${clusterId}`;
    // Seeded per cluster, so adding a cluster does not reshuffle the others' samples.
    const random = seededRandom(((o.seed ?? DEFAULTS.seed) * 1000003 + clusterId) >>> 0);
    const pool = [...idx];
    const k = Math.min(sample, pool.length);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (pool.length - i));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    const picked = pool.slice(0, k);
    return {
      clusterId,
      size: sizes.get(clusterId) ?? idx.length,
      keyphrases,
      keywordLabel: label,
      keywordDefinition: defineGroup(label, keyphrases, centralIdx, titles, abstracts),
      keyphrasesBy: byCluster.get(clusterId)?.rankedBy ?? 'ctfidf',
      representativeIds: repIdx.map((i) => docs[i]!.documentId),
      representativeTitles: repIdx.map((i) => docs[i]!.title),
      representativeAbstracts: repIdx.map((i) => docs[i]!.abstract),
      sampleIds: picked.map((i) => docs[i]!.documentId),
      sampleTitles: picked.map((i) => docs[i]!.title),
      representativesBy: central?.nearest.has(clusterId) ? 'embedding-centroid' : 'ctfidf',
    };
  });
}

/** A last-resort name: the best keyphrase in title case. */
function titleCaseFallback(
  keyphrases: readonly Keyphrase[],
  display: (t: string) => string,
  c: number,
): string {
  const k = keyphrases[0];
  return k ? titleCase(display(k.term)) : `Topic ${c}`;
}

/**
 * Per cluster, the unit mean of its members' float32 embeddings and the indices (into `docs`) of the
 * `k` members most similar to it (cosine); null when the project has no float32 embeddings of these
 * documents.
 */
function centroidRepresentatives(
  db: Database,
  runId: number,
  docs: { documentId: number }[],
  members: Map<number, number[]>,
  k: number,
): { nearest: Map<number, number[]>; centroids: Map<number, Float32Array> } | null {
  const set = float32SetFor(db, runId);
  if (!set) return null;
  const { documentIds, data, rowLength: d } = loadVectors(db, set);
  const vectors = data as Float32Array;
  const row = new Map<number, number>();
  documentIds.forEach((id, i) => row.set(id, i));
  const nearest = new Map<number, number[]>();
  const centroids = new Map<number, Float32Array>();
  for (const [clusterId, idx] of members) {
    const withVec = idx.filter((i) => row.has(docs[i]!.documentId));
    if (!withVec.length) continue;
    const centroid = new Float64Array(d);
    for (const i of withVec) {
      const r = row.get(docs[i]!.documentId)! * d;
      for (let j = 0; j < d; j++) centroid[j]! += vectors[r + j]!;
    }
    let cn = 0;
    for (let j = 0; j < d; j++) cn += centroid[j]! ** 2;
    const unit = Float32Array.from(centroid, (v) => (cn > 0 ? v / Math.sqrt(cn) : 0));
    centroids.set(clusterId, unit);
    const sims = withVec.map((i) => {
      const r = row.get(docs[i]!.documentId)! * d;
      let dot = 0;
      let norm = 0;
      for (let j = 0; j < d; j++) {
        dot += unit[j]! * vectors[r + j]!;
        norm += vectors[r + j]! * vectors[r + j]!;
      }
      return { i, sim: norm > 0 ? dot / Math.sqrt(norm) : -Infinity };
    });
    sims.sort((a, b) => b.sim - a.sim || a.i - b.i);
    nearest.set(
      clusterId,
      sims.slice(0, k).map((s) => s.i),
    );
  }
  return { nearest, centroids };
}
