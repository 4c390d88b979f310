import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibrationRanges, calibrationRows, quantizeScalar } from '../../../src/engine/algorithms/quantize';
import { diagnoseEmbeddings, quantizeEmbeddingSet } from '../../../src/engine/quantize';
import {
  countVectors,
  listEmbeddingSets,
  loadVectors,
  ProjectStore,
  putVectors,
} from '../../../src/engine/store';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-quantize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const d = 24;

describe('quantizeEmbeddingSet', () => {
  it('stores int8 codes computed from the first k rows, with the ranges kept on the set', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const vectors = clusteredVectors(300, d, 5);
    const { setId } = addDocumentsWithVectors(store, vectors, d);
    const s = quantizeEmbeddingSet(store, { precision: 'int8', size: 100 });
    expect(s).toMatchObject({
      sourceSetId: setId,
      documents: 300,
      quantized: 300,
      bytes: 300 * d,
      calibration: { method: 'first', size: 100, reused: false },
    });
    const set = listEmbeddingSets(store.db).find((x) => x.id === s.setId)!;
    const ranges = calibrationRanges(vectors, 300, d, calibrationRows(300, 100, 'first', Math.random));
    expect(set.calibration).toEqual(Float32Array.from([...ranges.min, ...ranges.max]));
    expect(loadVectors(store.db, set).data).toEqual(quantizeScalar(vectors, 300, d, ranges, 'int8'));
    store.close();
  });

  it('quantizes documents added later with the stored ranges, without touching earlier codes', () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const first = clusteredVectors(200, d, 4, 3);
    const { setId } = addDocumentsWithVectors(store, first, d);
    const s1 = quantizeEmbeddingSet(store, { precision: 'uint8', size: 50 });
    const set = listEmbeddingSets(store.db).find((x) => x.id === s1.setId)!;
    const before = loadVectors(store.db, set).data.slice();
    // 20 more documents in the same float32 set, one of them far outside the calibration range.
    const more = clusteredVectors(20, d, 4, 9);
    more[0] = 5;
    const extra = addDocumentsWithVectors(store, more, d, { storeVectors: false });
    expect(extra.setId).toBe(setId);
    store.transaction(() => putVectors(store.db, setId, extra.documentIds, null, more));
    const s2 = quantizeEmbeddingSet(store, { precision: 'uint8', size: 50 });
    expect(s2).toMatchObject({
      setId: s1.setId,
      quantized: 20,
      documents: 220,
      calibration: { reused: true },
    });
    const after = loadVectors(store.db, set);
    expect(after.data.subarray(0, 200 * d)).toEqual(before);
    const ranges = { min: set.calibration!.subarray(0, d), max: set.calibration!.subarray(d) };
    expect(after.data.subarray(200 * d)).toEqual(quantizeScalar(more, 20, d, ranges, 'uint8'));
    expect(after.data[200 * d]).toBe(255);
    // Other calibration settings re-calibrate the whole set.
    expect(quantizeEmbeddingSet(store, { precision: 'uint8', size: 80 })).toMatchObject({
      quantized: 220,
      calibration: { reused: false, size: 80 },
    });
    store.close();
  });

  it('binary sets need no calibration; --drop-float32 deletes the float32 vectors and keeps the quantized set', () => {
    const path = join(dir, 'drop.taxonomist');
    const store = ProjectStore.open(path, { create: true });
    const { setId } = addDocumentsWithVectors(store, clusteredVectors(100, d, 3), d);
    const b = quantizeEmbeddingSet(store, { precision: 'binary' });
    expect(b).toMatchObject({ bytes: 100 * 3, documents: 100 });
    const i8 = quantizeEmbeddingSet(store, { precision: 'int8', dropFloat32: true });
    expect(i8.droppedFloat32).toBe(true);
    expect(countVectors(store.db, setId)).toBe(0);
    expect(countVectors(store.db, i8.setId)).toBe(100);
    expect(countVectors(store.db, b.setId)).toBe(100);
    store.close();
  });

  it('bad input: a calibration set under 2 rows, NaN, a wrong-sized stored vector, no embeddings: clear error, nothing written', () => {
    const path = join(dir, 'bad.taxonomist');
    const store = ProjectStore.open(path, { create: true });
    expect(() => quantizeEmbeddingSet(store, { precision: 'int8' })).toThrow(
      /no float32 embeddings yet: run `taxonomist embed/,
    );
    const vectors = clusteredVectors(10, d, 2);
    const { setId, documentIds } = addDocumentsWithVectors(store, vectors, d);
    const sets = () => listEmbeddingSets(store.db).length;
    expect(() => quantizeEmbeddingSet(store, { precision: 'int8', size: 1 })).toThrow(
      /at least 2 embeddings, got 1/,
    );
    expect(sets()).toBe(1);
    const withNaN = vectors.slice(0, d);
    withNaN[3] = NaN;
    putVectors(store.db, setId, [documentIds[0]!], null, withNaN);
    expect(() => quantizeEmbeddingSet(store, { precision: 'uint8' })).toThrow(/row 0, dimension 3 is NaN/);
    expect(sets()).toBe(1);
    putVectors(store.db, setId, [documentIds[0]!], null, new Float32Array(d + 1));
    expect(() => quantizeEmbeddingSet(store, { precision: 'int8' })).toThrow(/has 100 bytes, expected 96/);
    expect(sets()).toBe(1);
    store.close();
  });
});

describe('diagnoseEmbeddings', () => {
  it('reports histogram, coverage, memory, recall and a title similarity matrix', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const n = 400;
    addDocumentsWithVectors(store, clusteredVectors(n, d, 6, 5), d);
    const r = await diagnoseEmbeddings(store, { size: 100, queries: 50, titles: 5 });
    expect(r.histogram.counts).toHaveLength(250);
    expect(r.histogram.counts.reduce((a, b) => a + b, 0)).toBe(n * d);
    expect(r.calibrationCoverage).toBeGreaterThan(90);
    expect(r.calibrationCoverage).toBeLessThan(100);
    expect(r.precisions.float32).toMatchObject({
      bytes: n * d * 4,
      compression: 0,
      recallAt10: 1,
      reconstructionError: 0,
    });
    expect(r.precisions.int8).toMatchObject({ bytes: n * d, compression: 75 });
    expect(r.precisions.binary).toMatchObject({ bytes: n * 3, compression: 96.875 });
    expect(r.precisions.int8.recallAt10).toBeGreaterThan(0.5);
    expect(r.precisions.binary.recallAt10).toBeLessThanOrEqual(r.precisions.int8.recallAt10);
    expect(r.precisions.int8.reconstructionError).toBeGreaterThan(0);
    expect(r.projected.map((p) => p.embeddings)).toEqual([2_500_000, 60_900_000, 100_000_000]);
    expect(r.projected[0]!.bytes.float32).toBe(2_500_000 * d * 4);
    expect(r.titleSimilarity.titles).toHaveLength(5);
    expect(r.titleSimilarity.matrix[2]![2]).toBeCloseTo(1, 4);
    // Same seed, same report.
    expect((await diagnoseEmbeddings(store, { size: 100, queries: 50, titles: 5 })).precisions).toEqual(
      r.precisions,
    );
    store.close();
  });
});
