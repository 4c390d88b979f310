export type { Embedder, EmbedderInfo, EmbedOptions } from './embedder';
export { l2NormalizeRows } from './embedder';
export { embedDocuments } from './embed-documents';
export type { EmbedDocumentsOptions, EmbedDocumentsSummary, EmbedParams } from './embed-documents';
export { createUseLiteEmbedder, sharedUseLiteEmbedder, USE_LITE_MODEL, USE_LITE_DIMS } from './use-lite';
export { createHttpEmbedder, embeddingsUrl, parseRetryAfter } from './http';
export type { HttpEmbedderOptions } from './http';
export {
  createTransformersEmbedder,
  cudaProviderInstalled,
  DEFAULT_TRANSFORMERS_MODEL,
  DEVICES,
  DTYPES,
  isCached,
  meanPool,
} from './transformers';
export type { Device, Dtype, TransformersEmbedderOptions } from './transformers';
export { modelCacheDir, listCachedModels, isModelFolder } from './model-cache';
export type { CachedModel } from './model-cache';
export { createEmbedder, embedderForSet, parseModelSpec } from './create-embedder';
export type { EmbedderSpec, CreateEmbedderOptions } from './create-embedder';
export { embeddingSimilarity } from './similarity';
export { createEmbedderPool, defaultEmbedWorkers, openEmbedder, WORKER_MEMORY_BYTES } from './pool';
