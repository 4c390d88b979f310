import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { embedDocuments, l2NormalizeRows } from '../../../src/engine/embed';
import type { Embedder, EmbedOptions } from '../../../src/engine/embed';
import { countVectors, findEmbeddingSet, loadVectors, setSetting } from '../../../src/engine/store';
import { projectWithDocuments } from '../../support/vectors';

const withDocs = projectWithDocuments;

/** A deterministic 8-d embedder whose vectors come from the sha256 of the text; counts its calls. */
function fakeEmbedder(options: { failOnCall?: number; onCall?: (call: number) => void } = {}) {
  const seen: string[] = [];
  let calls = 0;
  const embedder: Embedder & { seen: string[] } = {
    model: 'fake',
    revision: '1',
    dtype: 'fp32',
    dims: 8,
    maxTokens: null,
    normalized: true,
    concurrency: 1,
    defaultBatchSize: 4,
    seen,
    async embed(texts: readonly string[], _o?: EmbedOptions) {
      calls++;
      options.onCall?.(calls);
      if (calls === options.failOnCall) throw new Error('model crashed');
      seen.push(...texts);
      const out = new Float32Array(texts.length * 8);
      texts.forEach((t, i) => {
        const h = createHash('sha256').update(t).digest();
        for (let j = 0; j < 8; j++) out[i * 8 + j] = h[j]! - 128;
      });
      return l2NormalizeRows(out, 8);
    },
    async dispose() {},
  };
  return embedder;
}

describe('embedDocuments', () => {
  it('stores one normalised row per document under the project text template', async () => {
    const store = withDocs(10);
    const fake = fakeEmbedder();
    const summary = await embedDocuments(store, { embedder: fake, batchSize: 3 });
    expect(summary).toMatchObject({ documents: 10, skipped: 0, embedded: 10, stored: 10, dims: 8 });
    expect(fake.seen[0]).toBe('Title 0:Abstract 0');
    const set = findEmbeddingSet(store.db, {
      model: 'fake',
      revision: '1',
      dtype: 'fp32',
      precision: 'float32',
      textTemplate: '{title}:{abstract}',
    })!;
    const { data, documentIds } = loadVectors(store.db, set);
    expect(Array.from(documentIds)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (let i = 0; i < 10; i++) {
      const row = data.subarray(i * 8, i * 8 + 8) as Float32Array;
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
    }
  });

  it('embeds nothing already stored, and only what changed or is new on a rerun', async () => {
    const store = withDocs(12);
    await embedDocuments(store, { embedder: fakeEmbedder(), limit: 8 });
    store.db.prepare("UPDATE documents SET abstract = 'changed' WHERE id = 2").run();
    const again = fakeEmbedder();
    const s = await embedDocuments(store, { embedder: again });
    expect(s).toMatchObject({ documents: 12, skipped: 7, embedded: 5, stored: 12 });
    expect(again.seen).toEqual(['Title 1:changed', ...[8, 9, 10, 11].map((i) => `Title ${i}:Abstract ${i}`)]);
    const third = fakeEmbedder();
    expect(await embedDocuments(store, { embedder: third })).toMatchObject({
      skipped: 12,
      embedded: 0,
      stored: 12,
    });
    expect(third.seen).toEqual([]);
  });

  it('keeps a separate set per text template', async () => {
    const store = withDocs(5);
    await embedDocuments(store, { embedder: fakeEmbedder() });
    setSetting(store.db, 'textTemplate', '{title}');
    const s = await embedDocuments(store, { embedder: fakeEmbedder() });
    expect(s).toMatchObject({ textTemplate: '{title}', embedded: 5, stored: 5 });
    expect((store.db.prepare('SELECT count(*) AS n FROM embedding_sets').get() as { n: number }).n).toBe(2);
  });

  it('keeps the batches committed before a crash, and a rerun does only the rest', async () => {
    const store = withDocs(10);
    await expect(
      embedDocuments(store, { embedder: fakeEmbedder({ failOnCall: 3 }), batchSize: 3 }),
    ).rejects.toThrow('model crashed');
    expect(countVectors(store.db, 1)).toBe(6);
    const rerun = fakeEmbedder();
    expect(await embedDocuments(store, { embedder: rerun, batchSize: 3 })).toMatchObject({
      skipped: 6,
      embedded: 4,
      stored: 10,
    });
    expect(rerun.seen).toHaveLength(4);
  });

  it('stops between batches when cancelled and reports progress with a total', async () => {
    const store = withDocs(10);
    const abort = new AbortController();
    const events: { done: number; total: number | null }[] = [];
    const fake = fakeEmbedder({ onCall: (c) => c === 2 && abort.abort() });
    await expect(
      embedDocuments(
        store,
        { embedder: fake, batchSize: 2 },
        { signal: abort.signal, progress: (p) => events.push(p) },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    // The batch in flight when the cancel came still commits; nothing after it starts.
    expect(countVectors(store.db, 1)).toBe(4);
    expect(events[0]).toMatchObject({ stage: 'embed', done: 0, total: 10 });
  });

  it('refuses vectors whose length does not match the stored set, storing nothing', async () => {
    const store = withDocs(6);
    await embedDocuments(store, { embedder: fakeEmbedder(), limit: 3 });
    const wide = fakeEmbedder();
    wide.embed = async (texts) => new Float32Array(texts.length * 4);
    wide.dims = 4;
    await expect(embedDocuments(store, { embedder: wide })).rejects.toThrow(
      /4-dimensional vectors, but the stored set has 8/,
    );
    expect(countVectors(store.db, 1)).toBe(3);
  });
});

describe('texts of similar length together', () => {
  it('batches a padding embedder’s texts by length within fixed windows, and stores each vector by document', async () => {
    const store = withDocs(12);
    // Lengths that alternate long and short in document order.
    const setText = store.db.prepare('UPDATE documents SET abstract = ? WHERE id = ?');
    for (let id = 1; id <= 12; id++) setText.run(id % 2 ? 'x'.repeat(200 + id) : `short ${id}`, id);
    const batches: string[][] = [];
    const padded = { ...fakeEmbedder(), padded: true };
    const plainEmbed = padded.embed.bind(padded);
    padded.embed = async (texts: readonly string[], o?: EmbedOptions) => {
      batches.push([...texts]);
      return plainEmbed(texts, o);
    };
    await embedDocuments(store, { embedder: padded, batchSize: 3 });
    const lengths = batches.map((b) => b.map((t) => t.length));
    // Every batch holds texts of one kind: the short ones first, then the long ones.
    expect(
      lengths
        .slice(0, 2)
        .flat()
        .every((l) => l < 30),
    ).toBe(true);
    expect(
      lengths
        .slice(2)
        .flat()
        .every((l) => l > 200),
    ).toBe(true);
    // Each document's vector is the one of its own text.
    const plain = withDocs(12);
    for (let id = 1; id <= 12; id++)
      plain.db
        .prepare('UPDATE documents SET abstract = ? WHERE id = ?')
        .run(id % 2 ? 'x'.repeat(200 + id) : `short ${id}`, id);
    await embedDocuments(plain, { embedder: fakeEmbedder(), batchSize: 3 });
    const key = {
      model: 'fake',
      revision: '1',
      dtype: 'fp32',
      precision: 'float32' as const,
      textTemplate: '{title}:{abstract}',
    };
    const a = loadVectors(store.db, findEmbeddingSet(store.db, key)!);
    const b = loadVectors(plain.db, findEmbeddingSet(plain.db, key)!);
    expect(Array.from(a.documentIds)).toEqual(Array.from(b.documentIds));
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
  });
});
