import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where downloaded models live: $TAXONOMIST_MODEL_CACHE, else the user's cache folder
 * ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on Windows).
 */
export function modelCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TAXONOMIST_MODEL_CACHE) return env.TAXONOMIST_MODEL_CACHE;
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'Taxonomist', 'models');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'Taxonomist', 'models');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'taxonomist', 'models');
}

export type CachedModel = { id: string; path: string; bytes: number; onnxFiles: string[] };

const folderBytes = (dir: string): number => {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? folderBytes(p) : e.isFile() ? statSync(p).size : 0;
  }
  return total;
};

/** A model folder is usable offline when it has config.json, tokenizer.json and an onnx/ model. */
export function isModelFolder(dir: string): boolean {
  return (
    existsSync(join(dir, 'config.json')) &&
    existsSync(join(dir, 'tokenizer.json')) &&
    existsSync(join(dir, 'onnx')) &&
    readdirSync(join(dir, 'onnx')).some((f) => f.endsWith('.onnx'))
  );
}

/** Models in the cache, laid out as `<cache>/<org>/<name>/` (the layout transformers.js writes). */
export function listCachedModels(cacheDir = modelCacheDir()): CachedModel[] {
  if (!existsSync(cacheDir)) return [];
  const out: CachedModel[] = [];
  for (const org of readdirSync(cacheDir, { withFileTypes: true })) {
    if (!org.isDirectory()) continue;
    const orgDir = join(cacheDir, org.name);
    const candidates = isModelFolder(orgDir)
      ? [{ id: org.name, path: orgDir }]
      : readdirSync(orgDir, { withFileTypes: true })
          .filter((m) => m.isDirectory())
          .map((m) => ({ id: `${org.name}/${m.name}`, path: join(orgDir, m.name) }));
    for (const c of candidates) {
      if (!isModelFolder(c.path)) continue;
      out.push({
        ...c,
        bytes: folderBytes(c.path),
        onnxFiles: readdirSync(join(c.path, 'onnx')).filter((f) => f.endsWith('.onnx')),
      });
    }
  }
  return out.sort((a, b) => a.id.localeCompare(b.id));
}
