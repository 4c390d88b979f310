import { describe, expect, it } from 'vitest';
import {
  countVectors,
  ensureEmbeddingSet,
  findEmbeddingSet,
  listEmbeddingSets,
  loadVectors,
  putVectors,
  storedTextHashes,
} from '../../../src/engine/store';
import { projectWithDocuments } from '../../support/vectors';

const withDocs = projectWithDocuments;

const key = { model: 'use-lite', revision: '1', dtype: 'fp32', textTemplate: '{title}:{abstract}' };

describe('embedding sets', () => {
  it('keeps one set per model, revision, dtype, precision and template', () => {
    const store = withDocs(0);
    const a = ensureEmbeddingSet(store.db, { ...key, precision: 'float32', dims: 4, normalized: true });
    expect(ensureEmbeddingSet(store.db, { ...key, precision: 'float32', dims: 4, normalized: true }).id).toBe(
      a.id,
    );
    const b = ensureEmbeddingSet(store.db, {
      ...key,
      textTemplate: '{title}',
      precision: 'float32',
      dims: 4,
      normalized: true,
    });
    expect(b.id).not.toBe(a.id);
    const q = ensureEmbeddingSet(store.db, {
      ...key,
      precision: 'int8',
      dims: 4,
      normalized: true,
      sourceSetId: a.id,
      calibration: new Float32Array([-1, -1, -1, -1, 1, 1, 1, 1]),
      calibrationInfo: { method: 'first', size: 2 },
    });
    expect(findEmbeddingSet(store.db, { ...key, precision: 'int8', sourceSetId: a.id })?.calibration).toEqual(
      new Float32Array([-1, -1, -1, -1, 1, 1, 1, 1]),
    );
    expect(listEmbeddingSets(store.db).map((s) => s.id)).toEqual([a.id, b.id, q.id]);
    store.close();
  });

  it('stores and loads float32, int8 and packed binary rows in document order', () => {
    const store = withDocs(3);
    const f = ensureEmbeddingSet(store.db, { ...key, precision: 'float32', dims: 2, normalized: true });
    putVectors(
      store.db,
      f.id,
      [3, 1],
      [Buffer.from('h3'), Buffer.from('h1')],
      new Float32Array([3, 3.5, 1, 1.5]),
    );
    putVectors(store.db, f.id, [2], null, new Float32Array([2, 2.5]));
    expect(countVectors(store.db, f.id)).toBe(3);
    const loaded = loadVectors(store.db, f);
    expect([...loaded.documentIds]).toEqual([1, 2, 3]);
    expect(loaded.data).toEqual(new Float32Array([1, 1.5, 2, 2.5, 3, 3.5]));
    expect(storedTextHashes(store.db, f.id).get(3)?.toString()).toBe('h3');

    const q = ensureEmbeddingSet(store.db, {
      ...key,
      precision: 'int8',
      dims: 2,
      normalized: true,
      sourceSetId: f.id,
    });
    putVectors(store.db, q.id, [1, 2], null, new Int8Array([-128, 127, 0, 5]));
    expect(loadVectors(store.db, q).data).toEqual(new Int8Array([-128, 127, 0, 5]));

    const bits = ensureEmbeddingSet(store.db, {
      ...key,
      precision: 'ubinary',
      dims: 10,
      normalized: true,
      sourceSetId: f.id,
    });
    putVectors(store.db, bits.id, [1], null, new Uint8Array([0b10000001, 0b11000000]));
    expect(loadVectors(store.db, bits)).toMatchObject({
      rowLength: 2,
      data: new Uint8Array([0b10000001, 0b11000000]),
    });
    store.close();
  });
});
