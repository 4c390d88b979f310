import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { stageContext } from '../../../src/engine/context';
import {
  createEmbedderPool,
  defaultEmbedWorkers,
  embedDocuments,
  WORKER_MEMORY_BYTES,
} from '../../../src/engine/embed';
import { ProjectStore } from '../../../src/engine/store';
import { addTopicCorpus } from '../../support/topics';

const GB = 1024 ** 3;
const vectorsOf = (store: ProjectStore) =>
  store.db.prepare('SELECT document_id, vector FROM embeddings ORDER BY document_id').all() as {
    document_id: number;
    vector: Buffer;
  }[];

describe('the embedding pool', () => {
  it('stores byte-identical vectors with one worker and with two, counting progress over both', async () => {
    const stores = [1, 2].map(() => {
      const store = ProjectStore.open(':memory:', { create: true });
      addTopicCorpus(store, { perTopic: 8 });
      return store;
    });
    const progress: number[] = [];
    for (const [i, workers] of [1, 2].entries()) {
      const pool = await createEmbedderPool({ backend: 'use-lite' }, workers);
      try {
        expect(pool).toMatchObject({ model: 'use-lite', dims: 512, concurrency: workers });
        const s = await embedDocuments(
          stores[i]!,
          { embedder: pool, batchSize: 4 },
          stageContext({
            progress: (p) => {
              if (workers === 2 && p.stage === 'embed') progress.push(p.done);
            },
          }),
        );
        expect(s.embedded).toBe(40);
      } finally {
        await pool.dispose();
      }
    }
    const [one, two] = stores.map(vectorsOf);
    expect(one).toHaveLength(40);
    expect(two!.map((r) => r.document_id)).toEqual(one!.map((r) => r.document_id));
    for (let k = 0; k < 40; k++) expect(Buffer.compare(two![k]!.vector, one![k]!.vector)).toBe(0);
    expect(progress.at(-1)).toBe(40);
    for (const s of stores) s.close();
  }, 60_000);

  it('stops every worker within a second of a cancel', async () => {
    const pool = await createEmbedderPool({ backend: 'use-lite' }, 2);
    const texts = Array.from({ length: 4000 }, (_, i) => `A paper about topic ${i} and its many findings.`);
    const controller = new AbortController();
    const running = pool.embed(texts, { batchSize: 8, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - t0).toBeLessThan(1000);
    await pool.dispose();
  }, 60_000);

  it('fails the call with a clear error when a worker dies, and stores nothing of it', async () => {
    // A stand-in worker: loads like a model, then dies on its first batch.
    const dying = () =>
      new Worker(
        `const { parentPort } = require('node:worker_threads');
         parentPort.on('message', (m) => {
           if (m.type === 'init') parentPort.postMessage({ type: 'ready', info: { model: 'fake', revision: '1',
             dtype: 'fp32', dims: 4, maxTokens: null, normalized: true, concurrency: 1, defaultBatchSize: 4 } });
           else process.exit(3);
         });`,
        { eval: true },
      );
    const pool = await createEmbedderPool({ backend: 'use-lite' }, 2, {}, dying);
    const store = ProjectStore.open(':memory:', { create: true });
    addTopicCorpus(store, { perTopic: 4 });
    await expect(embedDocuments(store, { embedder: pool, batchSize: 4 })).rejects.toThrow(
      /embedding worker \d stopped unexpectedly \(exit code 3\); nothing of its batch was stored/,
    );
    expect(vectorsOf(store)).toHaveLength(0);
    await pool.dispose();
    store.close();
  });

  it('uses every core of a 2-core machine, leaves one free on larger ones, and stays within memory', () => {
    expect(defaultEmbedWorkers(1, 8 * GB)).toBe(1);
    expect(defaultEmbedWorkers(2, 8 * GB)).toBe(2);
    expect(defaultEmbedWorkers(8, 16 * GB)).toBe(7);
    expect(defaultEmbedWorkers(16, 3 * WORKER_MEMORY_BYTES)).toBe(1);
    expect(defaultEmbedWorkers(16, 0)).toBe(1);
  });
});
