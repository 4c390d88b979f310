// The transformers case of bench/embed.mjs, in its own process so its peak RSS is its own: writes a
// random-weight BERT model and embeds the first papers with the backend (tokenise, run, pool, store)
// four ways: batches in document order on one session with ONNX Runtime's default threads (the previous
// path); texts of similar length together on that session; the same with one intra-op thread per core;
// and the same on one worker per core, one thread each. Bare onnxruntime-node runs the same
// length-sorted token batches with the same three thread layouts, for the backend's overhead.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as ort from 'onnxruntime-node';
import { AutoTokenizer } from '@huggingface/transformers';
import { importCorpus } from '../../src/engine/corpus';
import { renderText } from '../../src/engine/corpus/text-template';
import type { Embedder } from '../../src/engine/embed';
import { createTransformersEmbedder, embedDocuments, openEmbedder } from '../../src/engine/embed';
import { LENGTH_WINDOW } from '../../src/engine/embed/embed-documents';
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
    const t = performance.now();
    const modelDir = writeTinyBert(join(dir, 'model'), size);
    const writeS = (performance.now() - t) / 1000;

    // One project per run, so that each embeds every text (a project skips what it has stored).
    const projects: ProjectStore[] = [];
    const project = async (name: string) => {
      const store = ProjectStore.open(join(dir, `${name}.taxonomist`), { create: true });
      await importCorpus(store, { path: c.corpus, limit: c.docs });
      projects.push(store);
      return store;
    };
    const first = await project('old');
    const texts = listDocuments(first.db, { limit: c.docs }).map((d) => renderText('{title}:{abstract}', d));

    // Bare onnxruntime-node runs on the token batches the backend now forms (texts of similar length
    // together, windows of LENGTH_WINDOW), tokenised beforehand.
    const tokenizer = (await AutoTokenizer.from_pretrained(modelDir)) as unknown as (
      t: string[],
      o: object,
    ) => Encoded;
    const order = texts.map((text, i) => ({ text, i }));
    for (let w = 0; w < order.length; w += LENGTH_WINDOW) {
      const window = order
        .slice(w, w + LENGTH_WINDOW)
        .sort((a, b) => a.text.length - b.text.length || a.i - b.i);
      order.splice(w, window.length, ...window);
    }
    const sorted = order.map((o) => o.text);
    const encode = (list: string[]) => {
      const batches: Record<string, ort.Tensor>[] = [];
      let tokens = 0;
      let padded = 0;
      for (let i = 0; i < list.length; i += c.batchSize) {
        const enc = tokenizer(list.slice(i, i + c.batchSize), {
          padding: true,
          truncation: true,
          max_length: c.maxTokens,
        });
        const feed: Record<string, ort.Tensor> = {};
        for (const k of ['input_ids', 'attention_mask', 'token_type_ids'])
          feed[k] = new ort.Tensor('int64', enc[k]!.data, enc[k]!.dims);
        for (const v of enc.attention_mask!.data) tokens += Number(v);
        padded += enc.attention_mask!.data.length;
        batches.push(feed);
      }
      return { batches, tokens, padded };
    };
    const { padded: paddedInOrder } = encode(texts);
    const { batches, tokens, padded } = encode(sorted);
    const cores = availableParallelism();
    const modelFile = join(modelDir, 'onnx', 'model.onnx');
    // Bare ONNX Runtime, one session: with its default threads, and with one intra-op thread per core.
    const bareSession = async (options: ort.InferenceSession.SessionOptions) => {
      const session = await ort.InferenceSession.create(modelFile, options);
      await session.run(batches[0]!);
      const t0 = performance.now();
      for (const b of batches) await session.run(b);
      const s = (performance.now() - t0) / 1000;
      await session.release();
      return s;
    };
    const bareDefaultS = await bareSession({});
    const bareThreadsS = await bareSession({ intraOpNumThreads: cores, interOpNumThreads: 1 });
    // Bare ONNX Runtime on one worker thread per core, each session on one thread, each batch to
    // whichever worker is free (what the pool does, without tokenising, pooling or storing).
    const bareWorkersS = await bareWorkers(modelFile, batches, cores);

    const options = { modelDir, model: `bench/${c.name}`, device: 'cpu' as const, maxTokens: c.maxTokens };
    const timed = async (store: ProjectStore, embedder: Embedder, bucketByLength: boolean) => {
      await embedder.embed(texts.slice(0, c.batchSize), { batchSize: c.batchSize });
      const s = await embedDocuments(store, {
        embedder,
        batchSize: c.batchSize,
        limit: c.docs,
        bucketByLength,
      });
      await embedder.dispose();
      return s.seconds;
    };
    // The previous path: batches in document order, one session with ONNX Runtime's default threads.
    const oldS = await timed(first, await createTransformersEmbedder(options), false);
    // Similar lengths together, one session with its default threads.
    const byLengthS = await timed(await project('one'), await createTransformersEmbedder(options), true);
    // Similar lengths together, one session with one intra-op thread per core.
    const threadsS = await timed(
      await project('threads'),
      await createTransformersEmbedder({ ...options, threads: cores }),
      true,
    );
    // Similar lengths together, one worker per core, each session on one thread.
    const poolS = await timed(
      await project('pool'),
      await openEmbedder({ backend: 'transformers', model: '' }, { transformers: options }, cores),
      true,
    );
    for (const p of projects) p.close();
    const overhead = (s: number, bare: number) => +((100 * (s - bare)) / bare).toFixed(1);
    return {
      bench: 'embed',
      case: `transformers-${c.name}`,
      model: 'layers' in size ? `${size.layers} layers, ${size.hidden} hidden` : '2 layers, 32 hidden',
      docs: texts.length,
      tokens,
      paddedTokensDocumentOrder: paddedInOrder,
      paddedTokensByLength: padded,
      batchSize: c.batchSize,
      maxTokens: c.maxTokens,
      cores,
      documentOrderDefaultThreadsS: +oldS.toFixed(2),
      byLengthDefaultThreadsS: +byLengthS.toFixed(2),
      byLengthThreadsS: +threadsS.toFixed(2),
      byLengthWorkersS: +poolS.toFixed(2),
      speedupByLength: +(oldS / byLengthS).toFixed(2),
      speedupThreads: +(oldS / threadsS).toFixed(2),
      speedupWorkers: +(oldS / poolS).toFixed(2),
      bareDefaultThreadsS: +bareDefaultS.toFixed(2),
      bareThreadsS: +bareThreadsS.toFixed(2),
      bareWorkersS: +bareWorkersS.toFixed(2),
      overheadDefaultThreadsPct: overhead(byLengthS, bareDefaultS),
      overheadThreadsPct: overhead(threadsS, bareThreadsS),
      overheadWorkersPct: overhead(poolS, bareWorkersS),
      fastest: [
        ['one session, default threads', byLengthS],
        [`one session, ${cores} threads`, threadsS],
        [`${cores} workers, 1 thread each`, poolS],
      ].sort((a, b) => (a[1] as number) - (b[1] as number))[0]![0],
      peakRssMb: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
      modelWriteS: +writeS.toFixed(1),
      cpus: cpus().length,
      load: loadavg().map((l) => +l.toFixed(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `batches` on `count` worker threads, each with its own one-thread session; seconds after warm-up. */
async function bareWorkers(
  modelFile: string,
  batches: Record<string, ort.Tensor>[],
  count: number,
): Promise<number> {
  const source = `
    const { parentPort } = require('node:worker_threads');
    const ort = require('onnxruntime-node');
    let session;
    parentPort.on('message', async (m) => {
      if (m.model) {
        session = await ort.InferenceSession.create(m.model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
      } else {
        const feed = {};
        for (const [k, v] of Object.entries(m.feed)) feed[k] = new ort.Tensor('int64', v.data, v.dims);
        await session.run(feed);
      }
      parentPort.postMessage('done');
    });`;
  const plain = batches.map((b) =>
    Object.fromEntries(Object.entries(b).map(([k, v]) => [k, { data: v.data, dims: v.dims }])),
  );
  const workers = Array.from({ length: count }, () => new Worker(source, { eval: true }));
  const call = (w: Worker, m: object) =>
    new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
      w.postMessage(m);
    });
  try {
    await Promise.all(workers.map((w) => call(w, { model: modelFile })));
    await Promise.all(workers.map((w) => call(w, { feed: plain[0] })));
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      workers.map(async (w) => {
        while (next < plain.length) await call(w, { feed: plain[next++] });
      }),
    );
    return (performance.now() - t0) / 1000;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
