import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUseLiteEmbedder } from '../../../src/engine/embed';
import type { Embedder } from '../../../src/engine/embed';

let model: Embedder;
beforeAll(async () => {
  model = await createUseLiteEmbedder();
}, 60_000);
afterAll(async () => {
  await model.dispose();
});

const cosine = (v: Float32Array, a: number, b: number, d: number): number => {
  let s = 0;
  for (let j = 0; j < d; j++) s += v[a * d + j]! * v[b * d + j]!;
  return s;
};

describe('USE-Lite embedder', () => {
  it('puts texts on the same topic closer together than texts on another topic', async () => {
    const texts = [
      'transformer attention for machine translation',
      'neural machine translation with attention',
      'hate speech detection on twitter',
      'offensive language classification in social media',
    ];
    const v = await model.embed(texts);
    expect(model.dims).toBe(512);
    expect(v).toHaveLength(4 * 512);
    for (let i = 0; i < 4; i++) expect(cosine(v, i, i, 512)).toBeCloseTo(1, 5);
    const mt = cosine(v, 0, 1, 512);
    for (const a of [0, 1]) for (const b of [2, 3]) expect(mt).toBeGreaterThan(cosine(v, a, b, 512));
    const hate = cosine(v, 2, 3, 512);
    for (const a of [2, 3]) for (const b of [0, 1]) expect(hate).toBeGreaterThan(cosine(v, a, b, 512));
  });

  it('gives the same vectors whatever the batch size, and a row for an empty text', async () => {
    const texts = ['graph neural networks', '', 'speech recognition with transformers', 'topic models'];
    const one = await model.embed(texts, { batchSize: 1 });
    const all = await model.embed(texts, { batchSize: 4 });
    expect(all).toHaveLength(4 * 512);
    for (let i = 0; i < all.length; i++) expect(Math.abs(all[i]! - one[i]!)).toBeLessThan(1e-5);
  });
});
