import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  calibrationRanges,
  calibrationRows,
  quantizeBinary,
  quantizeScalar,
} from '../../../src/engine/algorithms/quantize';
import { stageContext } from '../../../src/engine/context';
import {
  diagnoseEmbeddings,
  QUANTIZE_CHUNK_VALUES,
  quantizeEmbeddingSet,
} from '../../../src/engine/quantize';
import type { Progress } from '../../../src/shared/progress';
import {
  countVectors,
  getEmbeddingSet,
  listEmbeddingSets,
  loadVectors,
  ProjectStore,
  putVectors,
} from '../../../src/engine/store';
import { addDocumentsWithVectors, clusteredVectors } from '../../support/vectors';

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-quantize-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const d = 24;
/** Wide enough rows that a chunk holds a few thousand of them. */
const wide = 256;
const chunk = QUANTIZE_CHUNK_VALUES / wide;
/** Byte equality of two typed arrays (deep equality of a million elements takes seconds). */
const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const sameBytes = (a: ArrayBufferView, b: ArrayBufferView) =>
  a.constructor === b.constructor && bytes(a).equals(bytes(b));

describe('quantizeEmbeddingSet', () => {
  it('stores int8 codes computed from the first k rows, with the ranges kept on the set', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const vectors = clusteredVectors(300, d, 5);
    const { setId } = addDocumentsWithVectors(store, vectors, d);
    const s = await quantizeEmbeddingSet(store, { precision: 'int8', size: 100 });
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

  it('quantizes documents added later with the stored ranges, without touching earlier codes', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const first = clusteredVectors(200, d, 4, 3);
    const { setId } = addDocumentsWithVectors(store, first, d);
    const s1 = await quantizeEmbeddingSet(store, { precision: 'uint8', size: 50 });
    const set = listEmbeddingSets(store.db).find((x) => x.id === s1.setId)!;
    const before = loadVectors(store.db, set).data.slice();
    // 20 more documents in the same float32 set, one of them far outside the calibration range.
    const more = clusteredVectors(20, d, 4, 9);
    more[0] = 5;
    const extra = addDocumentsWithVectors(store, more, d, { storeVectors: false });
    expect(extra.setId).toBe(setId);
    store.transaction(() => putVectors(store.db, setId, extra.documentIds, null, more));
    const s2 = await quantizeEmbeddingSet(store, { precision: 'uint8', size: 50 });
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
    expect(await quantizeEmbeddingSet(store, { precision: 'uint8', size: 80 })).toMatchObject({
      quantized: 220,
      calibration: { reused: false, size: 80 },
    });
    store.close();
  });

  it('binary sets need no calibration; --drop-float32 deletes the float32 vectors and keeps the quantized set', async () => {
    const path = join(dir, 'drop.taxonomist');
    const store = ProjectStore.open(path, { create: true });
    const { setId } = addDocumentsWithVectors(store, clusteredVectors(100, d, 3), d);
    const b = await quantizeEmbeddingSet(store, { precision: 'binary' });
    expect(b).toMatchObject({ bytes: 100 * 3, documents: 100 });
    const i8 = await quantizeEmbeddingSet(store, { precision: 'int8', dropFloat32: true });
    expect(i8.droppedFloat32).toBe(true);
    expect(countVectors(store.db, setId)).toBe(0);
    expect(countVectors(store.db, i8.setId)).toBe(100);
    expect(countVectors(store.db, b.setId)).toBe(100);
    store.close();
  });

  it('bad input: a calibration set under 2 rows, NaN, a wrong-sized stored vector, no embeddings: clear error, nothing written', async () => {
    const path = join(dir, 'bad.taxonomist');
    const store = ProjectStore.open(path, { create: true });
    await expect(quantizeEmbeddingSet(store, { precision: 'int8' })).rejects.toThrow(
      /no float32 embeddings yet: run `taxonomist embed/,
    );
    const vectors = clusteredVectors(10, d, 2);
    const { setId, documentIds } = addDocumentsWithVectors(store, vectors, d);
    const sets = () => listEmbeddingSets(store.db).length;
    await expect(quantizeEmbeddingSet(store, { precision: 'int8', size: 1 })).rejects.toThrow(
      /at least 2 embeddings, got 1/,
    );
    expect(sets()).toBe(1);
    const withNaN = vectors.slice(0, d);
    withNaN[3] = NaN;
    putVectors(store.db, setId, [documentIds[0]!], null, withNaN);
    await expect(quantizeEmbeddingSet(store, { precision: 'uint8' })).rejects.toThrow(
      /row 0, dimension 3 is NaN/,
    );
    expect(sets()).toBe(1);
    putVectors(store.db, setId, [documentIds[0]!], null, new Float32Array(d + 1));
    await expect(quantizeEmbeddingSet(store, { precision: 'int8' })).rejects.toThrow(
      /has 100 bytes, expected 96/,
    );
    expect(sets()).toBe(1);
    store.close();
  });

  it('quantizes chunk by chunk with progress, the codes the same as in one pass, and names a bad row by its number', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const n = chunk + 904;
    const vectors = clusteredVectors(n, wide, 5, 11);
    addDocumentsWithVectors(store, vectors, wide);
    const seen: Progress[] = [];
    const s = await quantizeEmbeddingSet(
      store,
      { precision: 'int8', size: 100 },
      stageContext({ progress: (p) => seen.push(p) }),
    );
    const set = listEmbeddingSets(store.db).find((x) => x.id === s.setId)!;
    const ranges = { min: set.calibration!.subarray(0, wide), max: set.calibration!.subarray(wide) };
    expect(sameBytes(loadVectors(store.db, set).data, quantizeScalar(vectors, n, wide, ranges, 'int8'))).toBe(
      true,
    );
    expect(seen.every((p) => p.stage === 'quantize' && p.total === n)).toBe(true);
    expect(seen[0]!.done).toBe(0);
    expect(seen.at(-1)!.done).toBe(n);
    const b = await quantizeEmbeddingSet(store, { precision: 'ubinary' });
    const packed = loadVectors(store.db, getEmbeddingSet(store.db, b.setId)!).data;
    expect(sameBytes(packed, quantizeBinary(vectors, n, wide, 'ubinary'))).toBe(true);
    const late = store.db.prepare('SELECT max(id) FROM documents').pluck().get() as number;
    const bad = new Float32Array(wide).fill(0.5);
    bad[7] = NaN;
    putVectors(store.db, set.sourceSetId!, [late], null, bad);
    await expect(quantizeEmbeddingSet(store, { precision: 'binary' })).rejects.toThrow(
      new RegExp(`row ${n - 1}, dimension 7 is NaN`),
    );
    store.close();
  });

  it('stops between chunks when cancelled and writes nothing, not even the deletion of a re-calibrated set', async () => {
    const store = ProjectStore.open(':memory:', { create: true });
    const n = 3 * chunk;
    addDocumentsWithVectors(store, clusteredVectors(n, wide, 5, 13), wide);
    const kept = await quantizeEmbeddingSet(store, { precision: 'uint8', size: 50 });
    const codes = loadVectors(store.db, getEmbeddingSet(store.db, kept.setId)!).data.slice();
    const before = listEmbeddingSets(store.db);
    // The cancel arrives while the first chunk is being quantized (as one from a client would, between
    // two turns of the event loop); the second is not begun.
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(
      quantizeEmbeddingSet(
        store,
        // Another calibration: the stored uint8 set would be replaced.
        { precision: 'uint8', size: 80 },
        stageContext({
          signal: controller.signal,
          progress: (p) => {
            seen.push(p.done);
            if (p.done === 0) setImmediate(() => controller.abort());
          },
        }),
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Math.max(...seen)).toBeLessThanOrEqual(chunk);
    expect(listEmbeddingSets(store.db)).toEqual(before);
    expect(sameBytes(loadVectors(store.db, getEmbeddingSet(store.db, kept.setId)!).data, codes)).toBe(true);
    // A new set is not begun either.
    const fresh = new AbortController();
    await expect(
      quantizeEmbeddingSet(
        store,
        { precision: 'int8' },
        stageContext({ signal: fresh.signal, progress: () => setImmediate(() => fresh.abort()) }),
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(listEmbeddingSets(store.db)).toEqual(before);
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
