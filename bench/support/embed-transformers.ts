// The transformers case of bench/embed.mjs, in its own process so its peak RSS is its own: writes a
// random-weight BERT model, embeds the first papers with the backend (tokenise, run, pool, store),
// and times a bare onnxruntime-node InferenceSession on the same token batches.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-node';
import { AutoTokenizer } from '@huggingface/transformers';
import { importCorpus } from '../../src/engine/corpus';
import { renderText } from '../../src/engine/corpus/text-template';
import { createTransformersEmbedder, embedDocuments } from '../../src/engine/embed';
import { listDocuments, ProjectStore } from '../../src/engine/store';
import { writeTinyBert } from '../../test/support/tiny-bert';

export type TransformersCase = {
  name: 'tiny' | 'base';
  corpus: string;
  docs: number;
  batchSize: number;
  maxTokens: number;
};

type Encoded = Record<string, { data: BigInt64Array; dims: number[] }>;

export async function runTransformersCase(c: TransformersCase): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), `taxonomist-bench-${c.name}-`));
  try {
    // A word vocabulary from the corpus keeps token counts close to a real model's.
    const lines = gunzipSync(readFileSync(c.corpus)).toString('utf8').split('\n', 5000);
    const counts = new Map<string, number>();
    for (const l of lines) {
      if (!l) continue;
      const r = JSON.parse(l) as { title?: string; abstract?: string };
      for (const w of `${r.title} ${r.abstract}`.toLowerCase().match(/[a-z]+/g) ?? [])
        counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const words = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20000)
      .map(([w]) => w);
    const size =
      c.name === 'base' ? { layers: 12, hidden: 768, heads: 12, intermediate: 3072, words } : { words };
    let t = performance.now();
    const modelDir = writeTinyBert(join(dir, 'model'), size);
    const writeS = (performance.now() - t) / 1000;

    const store = ProjectStore.open(join(dir, 'bench.taxonomist'), { create: true });
    await importCorpus(store, c.corpus, { limit: c.docs });
    const texts = listDocuments(store.db, { limit: c.docs }).map((d) => renderText('{title}:{abstract}', d));

    // Bare onnxruntime-node on the same token batches, tokenised beforehand.
    const tokenizer = (await AutoTokenizer.from_pretrained(modelDir)) as unknown as (
      t: string[],
      o: object,
    ) => Encoded;
    const batches: Record<string, ort.Tensor>[] = [];
    let tokens = 0;
    for (let i = 0; i < texts.length; i += c.batchSize) {
      const enc = tokenizer(texts.slice(i, i + c.batchSize), {
        padding: true,
        truncation: true,
        max_length: c.maxTokens,
      });
      const feed: Record<string, ort.Tensor> = {};
      for (const k of ['input_ids', 'attention_mask', 'token_type_ids'])
        feed[k] = new ort.Tensor('int64', enc[k]!.data, enc[k]!.dims);
      for (const v of enc.attention_mask!.data) tokens += Number(v);
      batches.push(feed);
    }
    const session = await ort.InferenceSession.create(join(modelDir, 'onnx', 'model.onnx'));
    await session.run(batches[0]!);
    t = performance.now();
    for (const b of batches) await session.run(b);
    const bareS = (performance.now() - t) / 1000;
    await session.release();

    const embedder = await createTransformersEmbedder({
      modelDir,
      model: `bench/${c.name}`,
      device: 'cpu',
      maxTokens: c.maxTokens,
    });
    await embedder.embed(texts.slice(0, c.batchSize));
    const summary = await embedDocuments(store, embedder, { batchSize: c.batchSize, limit: c.docs });
    await embedder.dispose();
    store.close();
    return {
      bench: 'embed',
      case: `transformers-${c.name}`,
      model: 'layers' in size ? `${size.layers} layers, ${size.hidden} hidden` : '2 layers, 32 hidden',
      docs: summary.embedded,
      tokens,
      batchSize: c.batchSize,
      maxTokens: c.maxTokens,
      backendS: +summary.seconds.toFixed(2),
      docsPerS: +(summary.docsPerSecond ?? 0).toFixed(1),
      bareOrtS: +bareS.toFixed(2),
      bareDocsPerS: +(texts.length / bareS).toFixed(1),
      overheadPct: +((100 * (summary.seconds - bareS)) / bareS).toFixed(1),
      peakRssMb: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
      modelWriteS: +writeS.toFixed(1),
      cpus: cpus().length,
      load: loadavg().map((l) => +l.toFixed(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
