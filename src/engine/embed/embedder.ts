/** Options for one `embed` call. */
export type EmbedOptions = {
  /** Texts per model call (per request for remote backends). */
  batchSize?: number;
  signal?: AbortSignal;
  /** Texts of this call finished so far. */
  onProgress?: (done: number) => void;
};

/** What identifies the vectors an embedder makes: a stored set is keyed by these. */
export type EmbedderInfo = {
  /** Model id as stored with the vectors (e.g. `use-lite`, `jinaai/jina-embeddings-v2-base-en`). */
  model: string;
  /** Weights revision (package version, Hugging Face revision, or `remote`). */
  revision: string;
  /** Weight precision the model runs in (`fp32`, `fp16`, `q8`, or `remote`). */
  dtype: string;
  /** Vector length; null until a remote backend has answered once. */
  dims: number | null;
  /** Tokens beyond this are cut off; null when the backend does not say. */
  maxTokens: number | null;
  /** Whether vectors come back L2-normalised. */
  normalized: boolean;
  /** Calls the backend can usefully run at once (remote endpoints); the runner sizes its commits by it. */
  concurrency: number;
  /** Texts per call when the caller does not say. */
  defaultBatchSize: number;
  /**
   * Whether a batch is padded to its longest text, so that batching texts of similar length saves the
   * work on padding (transformer models; not USE-Lite, not remote endpoints).
   */
  padded?: boolean;
};

/**
 * A text embedding model. `embed` returns `texts.length` rows of `dims` float32 values, row-major,
 * L2-normalised unless `normalized` is false.
 */
export interface Embedder extends EmbedderInfo {
  embed(texts: readonly string[], options?: EmbedOptions): Promise<Float32Array>;
  /** Frees native resources (sessions, workers). */
  dispose(): Promise<void>;
}

/** Scales each of the `n = data.length / dims` rows to unit L2 length in place; zero rows stay zero. */
export function l2NormalizeRows(data: Float32Array, dims: number): Float32Array {
  for (let off = 0; off < data.length; off += dims) {
    let ss = 0;
    for (let j = 0; j < dims; j++) ss += data[off + j]! * data[off + j]!;
    if (ss === 0) continue;
    const inv = 1 / Math.sqrt(ss);
    for (let j = 0; j < dims; j++) data[off + j]! *= inv;
  }
  return data;
}

/** Throws the standard AbortError when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const e = new Error('cancelled');
    e.name = 'AbortError';
    throw e;
  }
}
