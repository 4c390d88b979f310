// A stand-in clustering for benchmarks of the later stages: each paper goes to the first of 35
// title keyword rules it matches (unmatched titles are noise), stored as a finished cluster run.
import type { ProjectStore } from '../../src/engine/store';
import { createRun, saveClustering } from '../../src/engine/store';

export const TITLE_RULES = [
  'translation',
  'speech',
  'sentiment',
  'question answering',
  'summari',
  'dialog',
  'named entity',
  'pars',
  'knowledge graph',
  'retrieval',
  'bias',
  'hate|toxic',
  'multilingual|cross-lingual',
  'emotion',
  'clinical|medical',
  'code',
  'reasoning',
  'instruction',
  'adversarial|robust',
  'prompt',
  'fact',
  'argument',
  'legal',
  'education|student',
  'caption|image|vision|visual',
  'word embedding|word vector',
  'topic model',
  'relation extraction',
  'event',
  'morpholog',
  'grammar|syntax',
  'hallucination',
  'agent',
  'benchmark|dataset',
  'language model',
].map((r) => new RegExp(r, 'i'));

/**
 * Clusters `docs` by `TITLE_RULES` into a new cluster run (left for the caller to finish, so it can
 * add to it in the same transaction) and returns it with each document's cluster and the sizes.
 */
export function saveTitleClustering(
  store: ProjectStore,
  docs: { id: number; title: string | null }[],
  options: { embeddingSetId?: number } = {},
): { runId: number; clusterIds: Int32Array; sizes: Map<number, number> } {
  const clusterIds = Int32Array.from(docs, (d) => TITLE_RULES.findIndex((r) => r.test(d.title ?? '')));
  const runId = createRun(store.db, {
    kind: 'cluster',
    params: { rule: 'title keywords' },
    ...(options.embeddingSetId !== undefined ? { embeddingSetId: options.embeddingSetId } : {}),
  });
  const sizes = new Map<number, number>();
  for (const c of clusterIds) if (c >= 0) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  saveClustering(store.db, runId, {
    clusters: [...sizes].map(([clusterId, size]) => ({ clusterId, size, persistence: null, exemplars: [] })),
    assignments: {
      documentIds: Int32Array.from(docs, (d) => d.id),
      clusterIds,
      probabilities: null,
      outlierScores: null,
      wasNoise: new Uint8Array(docs.length),
    },
  });
  return { runId, clusterIds, sizes };
}
