import { AppError } from '../../shared/errors';
import type { Embedder } from './embedder';
import { createHttpEmbedder } from './http';
import type { HttpEmbedderOptions } from './http';
import { modelCacheDir } from './model-cache';
import { createTransformersEmbedder, DEFAULT_TRANSFORMERS_MODEL, isCached } from './transformers';
import type { TransformersEmbedderOptions } from './transformers';
import { createUseLiteEmbedder, USE_LITE_MODEL } from './use-lite';

export type EmbedderSpec =
  | { backend: 'use-lite' }
  | { backend: 'http'; url: string; model?: string }
  | { backend: 'transformers'; model: string };

/**
 * `use-lite` | `http:<url>[#<api model>]` | a Hugging Face model id. Without one, the default
 * transformers model when it is in the cache (or a model folder is given), else USE-Lite, which
 * ships with the app.
 */
export function parseModelSpec(
  spec: string | undefined,
  context: { cacheDir?: string; modelDir?: string } = {},
): EmbedderSpec {
  if (spec === undefined) {
    if (context.modelDir) return { backend: 'transformers', model: '' };
    return isCached(DEFAULT_TRANSFORMERS_MODEL, context.cacheDir ?? modelCacheDir())
      ? { backend: 'transformers', model: DEFAULT_TRANSFORMERS_MODEL }
      : { backend: USE_LITE_MODEL };
  }
  if (spec === USE_LITE_MODEL) return { backend: 'use-lite' };
  if (spec.startsWith('http:') || spec.startsWith('https:')) {
    const rest = spec.startsWith('http:http') ? spec.slice('http:'.length) : spec;
    const hash = rest.indexOf('#');
    const url = hash >= 0 ? rest.slice(0, hash) : rest;
    if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url))
      throw new AppError('USAGE', `--model http:<url> needs a URL, got "${spec}"`);
    return hash >= 0 ? { backend: 'http', url, model: rest.slice(hash + 1) } : { backend: 'http', url };
  }
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(spec))
    throw new AppError(
      'USAGE',
      `--model expects use-lite, http:<url> or a Hugging Face model id, got "${spec}"`,
    );
  return { backend: 'transformers', model: spec };
}

export type CreateEmbedderOptions = {
  http?: Omit<HttpEmbedderOptions, 'url' | 'model'>;
  transformers?: Omit<TransformersEmbedderOptions, 'model'>;
};

export async function createEmbedder(
  spec: EmbedderSpec,
  options: CreateEmbedderOptions = {},
): Promise<Embedder> {
  switch (spec.backend) {
    case 'use-lite':
      return createUseLiteEmbedder();
    case 'http':
      return createHttpEmbedder({
        ...options.http,
        url: spec.url,
        ...(spec.model ? { model: spec.model } : {}),
      });
    case 'transformers':
      return createTransformersEmbedder({
        ...options.transformers,
        ...(spec.model ? { model: spec.model } : {}),
      });
  }
}

/**
 * The embedder that made a stored set, when it can run here without a download or a key: USE-Lite, or a
 * transformers model in the model cache. Null otherwise (a remote endpoint, a model no longer cached),
 * with the reason, so callers can go on without it.
 */
export async function embedderForSet(
  set: { model: string; dtype: string },
  options: { cacheDir?: string } = {},
): Promise<{ embedder: Embedder; reason: null } | { embedder: null; reason: string }> {
  if (set.model === USE_LITE_MODEL) return { embedder: await createUseLiteEmbedder(), reason: null };
  const cacheDir = options.cacheDir ?? modelCacheDir();
  if (!/^[\w.-]+\/[\w.-]+$/.test(set.model) || !isCached(set.model, cacheDir))
    return { embedder: null, reason: `${set.model} is not a model in the local cache` };
  try {
    const dtype = (['fp32', 'fp16', 'q8'] as const).find((d) => d === set.dtype);
    const embedder = await createTransformersEmbedder({
      model: set.model,
      allowRemote: false,
      ...(dtype ? { dtype } : {}),
    });
    return { embedder, reason: null };
  } catch (e) {
    return { embedder: null, reason: e instanceof Error ? e.message : String(e) };
  }
}
