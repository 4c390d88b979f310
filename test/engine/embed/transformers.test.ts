import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTransformersEmbedder,
  DEFAULT_TRANSFORMERS_MODEL,
  listCachedModels,
  parseModelSpec,
} from '../../../src/engine/embed';
import type { Embedder } from '../../../src/engine/embed';
import { writeTinyBert } from '../../support/tiny-bert';

let dir: string;
let cacheDir: string;
let model: Embedder;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taxonomist-bert-'));
  cacheDir = join(dir, 'cache');
  // The fixture sits in the model cache where a download of the default model would land, so it
  // loads exactly as that model does, with downloads off.
  writeTinyBert(join(cacheDir, DEFAULT_TRANSFORMERS_MODEL));
  model = await createTransformersEmbedder({ cacheDir, allowRemote: false, device: 'cpu' });
}, 60_000);
afterAll(async () => {
  await model?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const words = (n: number): string =>
  Array.from({ length: n }, (_, i) => ['the', 'model', 'data', 'attention'][i % 4]).join(' ');

describe('transformers embedder', () => {
  it('loads a cached model offline and describes it', () => {
    expect(model).toMatchObject({
      model: DEFAULT_TRANSFORMERS_MODEL,
      revision: 'main',
      dtype: 'fp32',
      dims: 32,
      maxTokens: 512,
      normalized: true,
    });
    expect(listCachedModels(cacheDir).map((m) => m.id)).toEqual([DEFAULT_TRANSFORMERS_MODEL]);
    expect(parseModelSpec(undefined, { cacheDir })).toEqual({
      backend: 'transformers',
      model: DEFAULT_TRANSFORMERS_MODEL,
    });
    expect(parseModelSpec(undefined, { cacheDir: join(dir, 'empty') })).toEqual({ backend: 'use-lite' });
  });

  it('returns n x d unit vectors that do not depend on the batch size', async () => {
    const texts = Array.from(
      { length: 70 },
      (_, i) => `${words((i % 13) + 1)} translation ${i} speech ${'x'.repeat(i % 5)}`,
    );
    const one = await model.embed(texts, { batchSize: 1 });
    const many = await model.embed(texts, { batchSize: 64 });
    expect(many).toHaveLength(70 * 32);
    for (let i = 0; i < 70; i++) expect(Math.hypot(...many.subarray(i * 32, i * 32 + 32))).toBeCloseTo(1, 5);
    let worst = 0;
    for (let i = 0; i < many.length; i++) worst = Math.max(worst, Math.abs(many[i]! - one[i]!));
    expect(worst).toBeLessThan(1e-5);
  });

  it('truncates a 20,000-token text to the model limit', async () => {
    const v = await model.embed([words(20_000), words(510)]);
    // [CLS] + 510 words + [SEP] = 512 tokens: the long text is cut to exactly that.
    for (let j = 0; j < 32; j++) expect(Math.abs(v[j]! - v[32 + j]!)).toBeLessThan(1e-5);
  });

  it('truncates to --max-tokens when asked, through a model folder', async () => {
    const short = await createTransformersEmbedder({
      modelDir: join(cacheDir, DEFAULT_TRANSFORMERS_MODEL),
      maxTokens: 16,
    });
    try {
      expect(short.maxTokens).toBe(16);
      const v = await short.embed([words(20_000), words(14), words(13)]);
      for (let j = 0; j < 32; j++) expect(Math.abs(v[j]! - v[32 + j]!)).toBeLessThan(1e-5);
      expect(Math.abs(v[0]! - v[64]!)).toBeGreaterThan(1e-6);
    } finally {
      await short.dispose();
    }
  });

  it('fails fast, naming the offline model, when a model is neither cached nor downloadable', async () => {
    await expect(
      createTransformersEmbedder({ model: 'org/not-here', cacheDir, allowRemote: false }),
    ).rejects.toThrow(/not in the model cache.*--model use-lite/);
  });

  it('downloads a model into the cache with progress on first use, then runs from the cache', async () => {
    const source = writeTinyBert(join(dir, 'hub', 'org', 'tiny'), { seed: 7 });
    const served: string[] = [];
    // A stand-in for the Hub on 127.0.0.1: /<model>/resolve/<revision>/<file>.
    const hub = createServer((req, res) => {
      const m = /^\/org\/tiny\/resolve\/main\/(.+)$/.exec(req.url ?? '');
      const file = m && join(source, decodeURIComponent(m[1]!));
      if (!file || !existsSync(file)) {
        res.statusCode = 404;
        return res.end('not found');
      }
      served.push(m[1]!);
      const body = readFileSync(file);
      res.setHeader('content-length', body.length);
      res.end(body);
    });
    await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
    const remoteHost = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
    const fresh = join(dir, 'fresh-cache');
    const downloads = new Set<string>();
    try {
      const first = await createTransformersEmbedder({
        model: 'org/tiny',
        cacheDir: fresh,
        remoteHost,
        onDownload: (file) => downloads.add(file),
      });
      const v1 = await first.embed(['attention is all you need']);
      await first.dispose();
      expect(served).toEqual(expect.arrayContaining(['config.json', 'tokenizer.json', 'onnx/model.onnx']));
      expect(downloads.has('onnx/model.onnx')).toBe(true);
      expect(listCachedModels(fresh).map((m) => m.id)).toEqual(['org/tiny']);

      served.length = 0;
      const second = await createTransformersEmbedder({
        model: 'org/tiny',
        cacheDir: fresh,
        allowRemote: false,
      });
      const v2 = await second.embed(['attention is all you need']);
      await second.dispose();
      expect(served).toEqual([]);
      expect(Array.from(v2)).toEqual(Array.from(v1));
    } finally {
      hub.close();
    }
  });

  it('names the offline model when the Hub cannot be reached', async () => {
    // A port nothing listens on: the connection is refused at once.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      createTransformersEmbedder({
        model: 'org/elsewhere',
        cacheDir: join(dir, 'other-cache'),
        remoteHost: `http://127.0.0.1:${port}`,
      }),
    ).rejects.toThrow(/not reachable.*--model use-lite/);
  });
});
