import { seededRandom } from '../../src/engine/algorithms/random';
import type { ProjectStore } from '../../src/engine/store';
import { createRun, finishRun, saveClustering } from '../../src/engine/store';

/** Vocabulary per synthetic topic: titles are drawn from the topic's words plus shared filler. */
export const TOPIC_WORDS: string[][] = [
  ['machine', 'translation', 'neural', 'bilingual', 'low-resource', 'parallel'],
  ['sentiment', 'analysis', 'opinion', 'reviews', 'polarity', 'aspect'],
  ['speech', 'recognition', 'acoustic', 'spoken', 'asr', 'audio'],
  ['question', 'answering', 'reading', 'comprehension', 'retrieval', 'passages'],
  ['named', 'entity', 'recognition', 'ner', 'tagging', 'biomedical'],
];

const FILLER = ['models', 'learning', 'data', 'evaluation', 'study', 'approach', 'large', 'tasks'];

/**
 * Adds `perTopic` documents per topic of `topics` (seeded) and a finished cluster run assigning each
 * document to its topic's cluster (cluster id = topic index), plus `noise` documents as noise.
 */
export function addTopicCorpus(
  store: ProjectStore,
  o: {
    perTopic?: number;
    topics?: string[][];
    noise?: number;
    seed?: number;
    titles?: (topic: number, i: number) => string | null;
  } = {},
): { runId: number; documentIds: number[]; clusterIds: number[] } {
  const topics = o.topics ?? TOPIC_WORDS;
  const perTopic = o.perTopic ?? 20;
  const random = seededRandom(o.seed ?? 7);
  const pick = <T>(a: T[]): T => a[Math.floor(random() * a.length)]!;
  const db = store.db;
  db.prepare(
    `INSERT INTO imports (source_path, format, compressed, mapping, text_template, rows_read, imported, duplicate_ids,
      duplicate_texts, rejected, rejections, started_at, finished_at) VALUES ('fixture', 'jsonl', 0, '{}', '{title}:{abstract}', 0, 0, 0, 0, 0, '[]', '', '')`,
  ).run();
  const importId = (db.prepare('SELECT max(id) AS id FROM imports').get() as { id: number }).id;
  const ins = db.prepare(
    `INSERT INTO documents (import_id, ext_id, title, abstract, content_hash, source_line) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const documentIds: number[] = [];
  const clusterIds: number[] = [];
  let line = 0;
  store.transaction(() => {
    const add = (topic: number, i: number) => {
      const words = topic >= 0 ? topics[topic]! : FILLER;
      const title =
        o.titles?.(topic, i) ??
        `${pick(words)} ${pick(words)} ${pick(FILLER)} for ${pick(words)} ${pick(words)}`.replace(/^./, (c) =>
          c.toUpperCase(),
        );
      const abstract =
        Array.from({ length: 12 }, () => (random() < 0.6 ? pick(words) : pick(FILLER))).join(' ') + '.';
      const info = ins.run(
        importId,
        `doc-${importId}-${line}`,
        title,
        abstract,
        Buffer.from(`${importId}:${line}`),
        ++line,
      );
      documentIds.push(Number(info.lastInsertRowid));
      clusterIds.push(topic);
    };
    for (let t = 0; t < topics.length; t++) for (let i = 0; i < perTopic; i++) add(t, i);
    for (let i = 0; i < (o.noise ?? 0); i++) add(-1, i);
  });
  const runId = createRun(db, { kind: 'cluster', params: { fixture: true } });
  saveClustering(db, runId, {
    clusters: topics.map((_, t) => ({ clusterId: t, size: perTopic, persistence: null, exemplars: [] })),
    assignments: {
      documentIds: Int32Array.from(documentIds),
      clusterIds: Int32Array.from(clusterIds),
      probabilities: null,
      outlierScores: null,
      wasNoise: new Uint8Array(documentIds.length),
    },
  });
  finishRun(db, runId, { status: 'done' });
  return { runId, documentIds, clusterIds };
}
