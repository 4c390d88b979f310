import type { Embedder } from './embedder';
import { sharedUseLiteEmbedder } from './use-lite';

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
  const model = embedder ?? (await sharedUseLiteEmbedder());
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
