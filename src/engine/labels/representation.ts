import type { Database } from 'better-sqlite3';
import type { Keyphrase } from '../algorithms/ctfidf';
import { ctfidf, keywordLabel } from '../algorithms/ctfidf';
import { seededRandom } from '../algorithms/random';
import type { EmbeddingSet } from '../store';
import {
  getEmbeddingSet,
  getRun,
  listClusters,
  listEmbeddingSets,
  loadClusterDocuments,
  loadVectors,
} from '../store';

export type RepresentationOptions = {
  /** Titles sampled per cluster for the prompt (the case study used 25). Default 25. */
  sample?: number;
  /** Representative documents per cluster. Default 5. */
  representatives?: number;
  /** Keyphrases kept per cluster. Default 10. */
  keyphrases?: number;
  /** Seed of the title sample. Default 42. */
  seed?: number;
  minDocumentFrequency?: number;
};

/** What a cluster is about, computed offline: the evidence every label is made from. */
export type ClusterRepresentation = {
  clusterId: number;
  size: number;
  keyphrases: Keyphrase[];
  /** The offline label, from the keyphrases. */
  keywordLabel: string;
  /** Document ids nearest the cluster's embedding centroid (or most typical by c-TF-IDF without embeddings). */
  representativeIds: number[];
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

/**
 * Per cluster of a cluster run: c-TF-IDF keyphrases (unigrams and bigrams over title + abstract),
 * representative documents and a seeded title sample. Deterministic for a given seed.
 */
export function buildRepresentations(
  db: Database,
  runId: number,
  o: RepresentationOptions = {},
): ClusterRepresentation[] {
  const sample = o.sample ?? 25;
  const reps = o.representatives ?? 5;
  const docs = loadClusterDocuments(db, runId);
  const labels = Int32Array.from(docs, (d) => d.clusterId);
  const texts = docs.map((d) => `${d.title}. ${d.abstract}`);
  const tf = ctfidf(texts, labels, {
    top: o.keyphrases ?? 10,
    minDocumentFrequency: o.minDocumentFrequency ?? Math.min(2, docs.length),
  });
  const keyphrasesOf = new Map(tf.clusterIds.map((c, i) => [c, tf.keyphrases[i]!]));

  const members = new Map<number, number[]>();
  docs.forEach((d, i) => {
    let m = members.get(d.clusterId);
    if (!m) members.set(d.clusterId, (m = []));
    m.push(i);
  });

  const nearest = centroidRepresentatives(db, runId, docs, members, reps);
  const sizes = new Map(listClusters(db, runId).map((c) => [c.clusterId, c.size]));
  return [...members.keys()]
    .sort((a, b) => a - b)
    .map((clusterId) => {
      const idx = members.get(clusterId)!;
      const keyphrases = keyphrasesOf.get(clusterId) ?? [];
      let repIdx = nearest?.get(clusterId);
      const by = repIdx ? 'embedding-centroid' : 'ctfidf';
      repIdx ??= [...idx]
        .sort((a, b) => tf.documentScores[b]! - tf.documentScores[a]! || a - b)
        .slice(0, reps);
      // Seeded per cluster, so adding a cluster does not reshuffle the others' samples.
      const random = seededRandom(((o.seed ?? 42) * 1000003 + clusterId) >>> 0);
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
        keywordLabel: keywordLabel(keyphrases) || `cluster ${clusterId}`,
        representativeIds: repIdx.map((i) => docs[i]!.documentId),
        representativeAbstracts: repIdx.map((i) => docs[i]!.abstract),
        sampleIds: picked.map((i) => docs[i]!.documentId),
        sampleTitles: picked.map((i) => docs[i]!.title),
        representativesBy: by,
      };
    });
}

/**
 * Per cluster, indices (into `docs`) of the `k` members with the highest cosine similarity to the mean of
 * the members' float32 embeddings; null when the project has no float32 embeddings of these documents.
 */
function centroidRepresentatives(
  db: Database,
  runId: number,
  docs: { documentId: number }[],
  members: Map<number, number[]>,
  k: number,
): Map<number, number[]> | null {
  const set = float32SetFor(db, runId);
  if (!set) return null;
  const { documentIds, data, rowLength: d } = loadVectors(db, set);
  const vectors = data as Float32Array;
  const row = new Map<number, number>();
  documentIds.forEach((id, i) => row.set(id, i));
  const out = new Map<number, number[]>();
  for (const [clusterId, idx] of members) {
    const withVec = idx.filter((i) => row.has(docs[i]!.documentId));
    if (!withVec.length) continue;
    const centroid = new Float64Array(d);
    for (const i of withVec) {
      const r = row.get(docs[i]!.documentId)! * d;
      for (let j = 0; j < d; j++) centroid[j]! += vectors[r + j]!;
    }
    const sims = withVec.map((i) => {
      const r = row.get(docs[i]!.documentId)! * d;
      let dot = 0;
      let norm = 0;
      for (let j = 0; j < d; j++) {
        dot += centroid[j]! * vectors[r + j]!;
        norm += vectors[r + j]! * vectors[r + j]!;
      }
      return { i, sim: norm > 0 ? dot / Math.sqrt(norm) : -Infinity };
    });
    sims.sort((a, b) => b.sim - a.sim || a.i - b.i);
    out.set(
      clusterId,
      sims.slice(0, k).map((s) => s.i),
    );
  }
  return out;
}
