import type { RequestOutput } from '../../shared/contract';
import { listCachedModels, modelCacheDir, USE_LITE_MODEL } from '../embed';

/**
 * What the settings view shows about embedding models: the cache folder and where it came from, the
 * models downloaded into it, and the bundled model that works with no download.
 */
export function modelSettings(env: NodeJS.ProcessEnv = process.env): RequestOutput<'settings:models'> {
  const cacheDir = modelCacheDir(env);
  return {
    cacheDir,
    cacheDirSource: env.TAXONOMIST_MODEL_CACHE ? 'env' : 'default',
    models: listCachedModels(cacheDir).map(({ id, bytes, onnxFiles }) => ({ id, bytes, onnxFiles })),
    offline: [USE_LITE_MODEL],
  };
}
