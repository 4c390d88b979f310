import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineService } from '../../../src/engine/service';
import { ProjectStore } from '../../../src/engine/store';

/** A model folder as transformers.js leaves it: config, tokenizer and ONNX weights of known sizes. */
function fakeModel(dir: string, onnx: Record<string, number>) {
  mkdirSync(join(dir, 'onnx'), { recursive: true });
  writeFileSync(join(dir, 'config.json'), '{}'); // 2 bytes
  writeFileSync(join(dir, 'tokenizer.json'), '{"a":1}'); // 7 bytes
  for (const [name, size] of Object.entries(onnx)) writeFileSync(join(dir, 'onnx', name), Buffer.alloc(size));
}

describe('settings:models in the engine', () => {
  const svc = new EngineService(ProjectStore.open(':memory:', { create: true }), () => {});
  let cache: string;
  let saved: string | undefined;

  beforeEach(() => {
    saved = process.env.TAXONOMIST_MODEL_CACHE;
    cache = mkdtempSync(join(tmpdir(), 'taxonomist-models-'));
    process.env.TAXONOMIST_MODEL_CACHE = cache;
  });

  afterEach(() => {
    if (saved === undefined) delete process.env.TAXONOMIST_MODEL_CACHE;
    else process.env.TAXONOMIST_MODEL_CACHE = saved;
    rmSync(cache, { recursive: true, force: true });
  });

  it('lists the models in $TAXONOMIST_MODEL_CACHE with their sizes, and the bundled offline model', async () => {
    fakeModel(join(cache, 'jinaai', 'jina-embeddings-v2-small-en'), {
      'model.onnx': 1000,
      'model_quantized.onnx': 250,
    });
    // Not a model: no tokenizer.
    mkdirSync(join(cache, 'broken', 'half', 'onnx'), { recursive: true });
    writeFileSync(join(cache, 'broken', 'half', 'config.json'), '{}');

    const result = await svc.handle('settings:models', {});
    expect(result).toEqual({
      ok: true,
      value: {
        cacheDir: cache,
        cacheDirSource: 'env',
        models: [
          {
            id: 'jinaai/jina-embeddings-v2-small-en',
            bytes: 2 + 7 + 1000 + 250,
            onnxFiles: expect.arrayContaining(['model.onnx', 'model_quantized.onnx']),
          },
        ],
        offline: ['use-lite'],
      },
    });
  });

  it('answers an empty list for an empty or missing cache', async () => {
    expect(await svc.handle('settings:models', {})).toMatchObject({ ok: true, value: { models: [] } });
    process.env.TAXONOMIST_MODEL_CACHE = join(cache, 'not-yet');
    expect(await svc.handle('settings:models', {})).toMatchObject({
      ok: true,
      value: { cacheDir: join(cache, 'not-yet'), cacheDirSource: 'env', models: [] },
    });
  });

  it('names the default folder when the variable is unset', async () => {
    delete process.env.TAXONOMIST_MODEL_CACHE;
    const result = await svc.handle('settings:models', {});
    expect(result).toMatchObject({ ok: true, value: { cacheDirSource: 'default', offline: ['use-lite'] } });
    expect(result.ok && (result.value as { cacheDir: string }).cacheDir).toMatch(/[Tt]axonomist[/\\]models$/);
  });

  it('refuses input it does not take', async () => {
    expect(await svc.handle('settings:models', { dir: '/etc' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
