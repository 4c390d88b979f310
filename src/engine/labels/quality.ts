import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { topicQualityOf } from '../algorithms/coherence';
import { getRun, getTopics, listClusters, loadRunDocuments } from '../store';

export type TopicQuality = {
  runId: number;
  /** Mean topic NPMI of the stored keyphrases' top 10 terms, over the run's documents (noise included). */
  npmi: number;
  /** Unique share of the topics' top 25 keyphrases. */
  diversity: number;
  /** Share of the run's documents in a cluster. */
  coverage: number;
  /** Clusters of the run. */
  topics: number;
  documents: number;
  /** Per labelled topic; null for a topic with fewer than two keyphrases. */
  perTopic: { clusterId: number; npmi: number | null }[];
};

/**
 * Coherence (NPMI), diversity and coverage of a cluster run's labelled topics, measured on the text
 * `${title}. ${abstract}` of each document the run assigned (as the keyphrases were extracted from).
 */
export function topicQuality(db: Database, runId: number): TopicQuality {
  const run = getRun(db, runId);
  if (!run || run.kind !== 'cluster') throw new AppError('NOT_FOUND', `run ${runId} is not a cluster run`);
  const topics = getTopics(db, runId).filter((t) => t.keyphrases.length);
  if (!topics.length)
    throw new AppError('NOT_FOUND', `run ${runId} has no topic keyphrases yet (run taxonomist label)`);
  const docs = loadRunDocuments(db, runId);
  const q = topicQualityOf(
    docs.map((d) => `${d.title}. ${d.abstract}`),
    topics.map((t) => t.keyphrases.map((k) => k.term)),
    Int32Array.from(docs, (d) => d.clusterId),
  );
  return {
    runId,
    npmi: q.npmi,
    diversity: q.diversity,
    coverage: q.coverage,
    topics: listClusters(db, runId).filter((c) => c.clusterId >= 0).length,
    documents: docs.length,
    perTopic: topics.map((t, i) => {
      const v = q.perTopicNpmi[i]!;
      return { clusterId: t.clusterId, npmi: Number.isNaN(v) ? null : v };
    }),
  };
}
