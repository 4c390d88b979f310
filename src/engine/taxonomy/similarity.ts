import { sharedUseLiteEmbedder } from '../embed';

/**
 * Cosine of two labels' USE-Lite embeddings at or above which they count as near duplicates. Measured
 * on label pairs: "Question Answering" / "Answering Questions" 0.76, "Machine Translation" / "Neural
 * Machine Translation" 0.85, but "Hate Speech Detection" / "Speech Recognition" 0.69.
 */
export const EMBEDDING_DUPLICATE_THRESHOLD = 0.75;
/** Cosine at or above which a corpus topic joins an existing node rather than becoming its child. */
export const EMBEDDING_SAME_TOPIC_THRESHOLD = 0.85;

/** The offline sentence encoder used for label similarity, loaded once per process. */
export const labelEmbedder = sharedUseLiteEmbedder;

export { embeddingSimilarity } from '../embed';
