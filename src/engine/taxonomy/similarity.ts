import type { Embedder } from '../embed';
import { createUseLiteEmbedder } from '../embed';

/**
 * Cosine of two labels' USE-Lite embeddings at or above which they count as near duplicates. Measured
 * on label pairs: "Question Answering" / "Answering Questions" 0.76, "Machine Translation" / "Neural
 * Machine Translation" 0.85, but "Hate Speech Detection" / "Speech Recognition" 0.69.
 */
export const EMBEDDING_DUPLICATE_THRESHOLD = 0.75;
/** Cosine at or above which a corpus topic joins an existing node rather than becoming its child. */
export const EMBEDDING_SAME_TOPIC_THRESHOLD = 0.85;

let shared: Promise<Embedder> | null = null;
/** The offline sentence encoder used for label similarity, loaded once per process. */
export function labelEmbedder(): Promise<Embedder> {
  shared ??= createUseLiteEmbedder();
  return shared;
}

/**
 * Similarity in [0, 1] of texts by the cosine of their sentence embeddings (negative cosines count
 * as 0). Embeds every distinct text once up front, so the returned function is synchronous; a text
 * it was not given scores 0.
 */
export async function embeddingSimilarity(
  texts: Iterable<string>,
  embedder?: Embedder,
): Promise<(a: string, b: string) => number> {
  const unique = [...new Set(texts)];
  const model = embedder ?? (await labelEmbedder());
  const vectors = unique.length ? await model.embed(unique, { batchSize: 64 }) : new Float32Array(0);
  const d = unique.length ? vectors.length / unique.length : 0;
  const row = new Map(unique.map((t, i) => [t, i]));
  return (a, b) => {
    const i = row.get(a);
    const j = row.get(b);
    if (i === undefined || j === undefined) return 0;
    let dot = 0;
    for (let k = 0; k < d; k++) dot += vectors[i * d + k]! * vectors[j * d + k]!;
    return Math.max(0, Math.min(1, dot));
  };
}
