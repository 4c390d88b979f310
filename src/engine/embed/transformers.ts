import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import type { Embedder, EmbedOptions } from './embedder';
import { l2NormalizeRows, throwIfAborted } from './embedder';
import { isModelFolder, modelCacheDir } from './model-cache';
import { DEFAULTS, EMBED_DEVICES, EMBED_DTYPES } from '../../shared/params';

export const DEFAULT_TRANSFORMERS_MODEL = 'jinaai/jina-embeddings-v2-base-en';
export const DEVICES = EMBED_DEVICES;
export type Device = (typeof DEVICES)[number];
export const DTYPES = EMBED_DTYPES;
export type Dtype = (typeof DTYPES)[number];

export type TransformersEmbedderOptions = {
  /** Hugging Face model id (default jina-embeddings-v2-base-en). */
  model?: string;
  /** A local model folder (config.json, tokenizer.json, onnx/model*.onnx); no download. */
  modelDir?: string;
  revision?: string;
  device?: Device;
  dtype?: Dtype;
  /** Longer texts are truncated to this many tokens (default: the model's limit). */
  maxTokens?: number;
  /** Download folder (default modelCacheDir()). */
  cacheDir?: string;
  /** Allow downloads from the Hub; false makes a missing model an immediate error. */
  allowRemote?: boolean;
  /** ONNX Runtime intra-op threads of the session (default: ONNX Runtime's own choice). */
  threads?: number;
  /** Hub address to download from (default $HF_ENDPOINT, else huggingface.co): a mirror or proxy. */
  remoteHost?: string;
  /** Download progress, in bytes over all files. */
  onDownload?: (file: string, loaded: number, total: number) => void;
  log?: (message: string) => void;
};

/**
 * Whether onnxruntime-node's CUDA provider library is installed: it is a separate download, and
 * trying it when absent only prints native errors.
 */
export function cudaProviderInstalled(): boolean {
  try {
    const pkg = createRequire(import.meta.url).resolve('onnxruntime-node/package.json');
    const bin = join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
    return existsSync(join(bin, 'libonnxruntime_providers_cuda.so'));
  } catch {
    return false;
  }
}

/** Accelerators worth trying per platform, fastest first; `auto` falls back to CPU. */
const autoDevices = (): Device[] =>
  process.platform === 'win32'
    ? ['dml', 'cpu']
    : process.platform === 'darwin'
      ? ['coreml', 'cpu']
      : process.platform === 'linux' && process.arch === 'x64' && cudaProviderInstalled()
        ? ['cuda', 'cpu']
        : ['cpu'];

type HfTensor = {
  data: ArrayLike<number> | ArrayLike<bigint>;
  dims: number[];
  type: string;
  to?(type: string): HfTensor;
};
type HfTokenizer = ((
  texts: string[],
  options: { padding: boolean; truncation: boolean; max_length?: number },
) => Record<string, HfTensor>) & { model_max_length?: number };
type HfModel = ((inputs: Record<string, HfTensor>) => Promise<Record<string, HfTensor>>) & {
  dispose(): Promise<unknown>;
};

/**
 * Mean of the token vectors under the attention mask: hidden [b, s, h] row-major, mask [b, s] of 0/1
 * -> [b, h]. Mean pooling as in Sentence-BERT (Reimers & Gurevych 2019), which jina-v2 uses.
 */
export function meanPool(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  b: number,
  s: number,
  h: number,
): Float32Array {
  const out = new Float32Array(b * h);
  for (let i = 0; i < b; i++) {
    let count = 0;
    for (let t = 0; t < s; t++) {
      if (!Number(mask[i * s + t])) continue;
      count++;
      const off = (i * s + t) * h;
      for (let j = 0; j < h; j++) out[i * h + j]! += hidden[off + j]!;
    }
    if (count) for (let j = 0; j < h; j++) out[i * h + j]! /= count;
  }
  return out;
}

/**
 * The special tokens the tokenizer appends after a text (`[SEP]` for BERT): the tail of the
 * encoding of an empty text that is not part of its head.
 */
function closingTokens(tokenizer: HfTokenizer): bigint[] {
  const ids = (t: string): bigint[] =>
    Array.from(
      tokenizer([t], { padding: false, truncation: false }).input_ids!.data as ArrayLike<number | bigint>,
    ).map((v) => BigInt(v));
  const empty = ids('');
  const one = ids('a');
  let head = 0;
  while (head < empty.length && empty[head] === one[head]) head++;
  return empty.slice(head);
}

/**
 * transformers.js truncates after adding special tokens, cutting the closing `[SEP]` that the
 * Python tokenizers keep; put it back on rows cut at the limit so vectors match the reference models.
 */
function keepClosingTokens(inputs: Record<string, HfTensor>, closing: bigint[]): void {
  const ids = inputs.input_ids;
  const mask = inputs.attention_mask;
  if (!closing.length || !ids || !mask || !(ids.data instanceof BigInt64Array)) return;
  const [b, s] = ids.dims as [number, number];
  for (let i = 0; i < b; i++) {
    if (!Number(mask.data[i * s + s - 1])) continue;
    const tail = i * s + s - closing.length;
    if (closing.every((c, k) => ids.data[tail + k] === c)) continue;
    (ids.data as BigInt64Array).set(closing, tail);
  }
}

const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/**
 * A Hugging Face feature-extraction model through transformers.js on onnxruntime-node: tokenise with
 * truncation, run the encoder, mean-pool the last hidden state over real tokens, L2-normalise. Models
 * come from `modelDir`, the model cache, or (when allowed) a download into the cache.
 */
export async function createTransformersEmbedder(
  options: TransformersEmbedderOptions = {},
): Promise<Embedder & { device: Device }> {
  const log = options.log ?? (() => {});
  const tf = await import('@huggingface/transformers');
  const cacheDir = options.cacheDir ?? modelCacheDir();
  const revision = options.revision ?? 'main';
  const dtype = options.dtype ?? DEFAULTS.dtype;
  let id: string;
  let modelName: string;
  if (options.modelDir) {
    const dir = resolve(options.modelDir);
    if (!isModelFolder(dir))
      throw new AppError(
        'INVALID_INPUT',
        `${dir} is not a model folder (needs config.json, tokenizer.json, onnx/*.onnx)`,
      );
    // A path that is not a Hub id is read as-is; remote loading stays off.
    id = dir;
    modelName =
      options.model ?? (readJson(resolve(dir, 'config.json'))._name_or_path as string | undefined) ?? dir;
    tf.env.allowRemoteModels = false;
  } else {
    id = options.model ?? DEFAULT_TRANSFORMERS_MODEL;
    modelName = id;
    const cached = isModelFolder(resolve(cacheDir, id));
    tf.env.allowRemoteModels = !cached && (options.allowRemote ?? true);
    if (!cached && !tf.env.allowRemoteModels) {
      throw new AppError(
        'INVALID_INPUT',
        `model ${id} is not in the model cache (${cacheDir}) and downloads are off. ` +
          'Use --model use-lite (built in, works offline), --model-dir <folder>, or go online once to download it.',
      );
    }
  }
  tf.env.allowLocalModels = true;
  const remoteHost = options.remoteHost ?? process.env.HF_ENDPOINT;
  if (remoteHost) tf.env.remoteHost = remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`;
  tf.env.localModelPath = cacheDir;
  tf.env.cacheDir = cacheDir;
  tf.env.useFSCache = true;

  const hub = {
    revision,
    cache_dir: cacheDir,
    local_files_only: !tf.env.allowRemoteModels,
    progress_callback: (p: { status: string; file?: string; loaded?: number; total?: number }) => {
      if (p.status === 'progress' && p.file) options.onDownload?.(p.file, p.loaded ?? 0, p.total ?? 0);
    },
  };
  const explain = (e: unknown): never => {
    const msg = (e as Error).message;
    if (/fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo/i.test(msg))
      throw new AppError(
        'INVALID_INPUT',
        `cannot download ${id}: ${tf.env.remoteHost} is not reachable (${msg}). ` +
          'Use --model use-lite (built in, works offline) or --model-dir <folder>.',
        { cause: e },
      );
    throw new AppError('INVALID_INPUT', `cannot load ${id}: ${msg}`, { cause: e });
  };

  let tokenizer: HfTokenizer;
  try {
    tokenizer = (await tf.AutoTokenizer.from_pretrained(id, hub)) as unknown as HfTokenizer;
  } catch (e) {
    explain(e);
  }
  const config = (await tf.AutoConfig.from_pretrained(id, hub).catch(explain)) as unknown as Record<
    string,
    unknown
  >;
  const closing = closingTokens(tokenizer!);
  const modelLimit =
    (config.max_position_embeddings as number | undefined) ?? tokenizer!.model_max_length ?? 512;
  const maxTokens = Math.min(options.maxTokens ?? modelLimit, modelLimit);
  const hidden = (config.hidden_size as number | undefined) ?? null;

  const tried: string[] = [];
  let model: HfModel | undefined;
  let device: Device = 'cpu';
  const candidates: Device[] =
    !options.device || options.device === 'auto'
      ? autoDevices()
      : options.device === 'cpu'
        ? ['cpu']
        : [options.device, 'cpu'];
  for (const [k, d] of candidates.entries()) {
    try {
      model = (await tf.AutoModel.from_pretrained(id, {
        ...hub,
        device: d,
        dtype,
        ...(options.threads
          ? { session_options: { intraOpNumThreads: options.threads, interOpNumThreads: 1 } }
          : {}),
      })) as unknown as HfModel;
      device = d;
      break;
    } catch (e) {
      if (d === 'cpu') explain(e);
      tried.push(`${d}: ${(e as Error).message.split('\n')[0]}`);
      log(
        `warning: device ${d} is not available (${(e as Error).message.split('\n')[0]}); ` +
          `falling back to ${candidates[k + 1] ?? 'nothing'}`,
      );
    }
  }
  if (!model) throw new AppError('INTERNAL', `no device could load ${id}: ${tried.join('; ')}`);
  log(`${modelName} on ${device} (${dtype}), max ${maxTokens} tokens`);

  const embedder: Embedder & { device: Device } = {
    model: modelName,
    revision: options.modelDir ? 'local' : revision,
    dtype,
    dims: hidden,
    maxTokens,
    normalized: true,
    concurrency: 1,
    defaultBatchSize: 64,
    padded: true,
    device,
    async embed(texts: readonly string[], opts: EmbedOptions = {}): Promise<Float32Array> {
      const batch = Math.max(1, opts.batchSize ?? 64);
      let out: Float32Array | null = null;
      for (let i = 0; i < texts.length; i += batch) {
        throwIfAborted(opts.signal);
        const part = texts.slice(i, i + batch);
        const inputs = tokenizer([...part], { padding: true, truncation: true, max_length: maxTokens });
        keepClosingTokens(inputs, closing);
        const result = await model!(inputs);
        let last = result.last_hidden_state ?? Object.values(result)[0]!;
        // fp16 models may answer in float16; pooling sums in float32.
        if (last.type !== 'float32' && last.to) last = last.to('float32');
        const [b, s, h] = last.dims as [number, number, number];
        const data =
          last.data instanceof Float32Array ? last.data : Float32Array.from(last.data as ArrayLike<number>);
        const pooled = meanPool(data, inputs.attention_mask!.data, b, s, h);
        embedder.dims = h;
        out ??= new Float32Array(texts.length * h);
        out.set(pooled, i * h);
        opts.onProgress?.(i + part.length);
      }
      const dims = embedder.dims ?? 0;
      return l2NormalizeRows(out ?? new Float32Array(0), dims);
    },
    async dispose() {
      await model!.dispose();
    },
  };
  return embedder;
}

/** Whether `id` is in the model cache, so it can run offline. */
export const isCached = (id: string, cacheDir = modelCacheDir()): boolean =>
  existsSync(resolve(cacheDir, id)) && isModelFolder(resolve(cacheDir, id));
