import { createHash } from 'node:crypto';
import {
  beginImport,
  createRun,
  documentInserter,
  ensureEmbeddingSet,
  finishRun,
  ProjectStore,
  putVectors,
  saveProjection,
} from '../../src/engine/store';
import { float32SetKey } from './vectors';

/**
 * A project with `n` documents and a finished reduce run holding the given projection; with `vectors`
 * (n x d float32), the reduce run is made from an embedding set holding them.
 */
export function projectWithProjection(
  path: string,
  coords: Float32Array,
  dims: number,
  vectors?: Float32Array,
): number {
  const n = coords.length / dims;
  const store = ProjectStore.open(path, { create: true });
  try {
    const db = store.db;
    const importId = beginImport(db, {
      sourcePath: 'synthetic.jsonl',
      format: 'jsonl',
      compressed: false,
      mapping: {},
      textTemplate: '{title}:{abstract}',
      startedAt: new Date().toISOString(),
    });
    const insert = documentInserter(db, importId);
    db.transaction(() => {
      for (let i = 0; i < n; i++)
        insert({
          extId: `d${i}`,
          title: `Paper ${i}`,
          abstract: `About ${i}`,
          year: null,
          authors: null,
          categories: null,
          venue: null,
          url: null,
          extra: null,
          sourceLine: i + 1,
          contentHash: createHash('sha256').update(`d${i}`).digest(),
        });
    })();
    const ids = (db.prepare('SELECT id FROM documents ORDER BY id').all() as { id: number }[]).map(
      (r) => r.id,
    );
    let embeddingSetId: number | null = null;
    if (vectors) {
      const d = vectors.length / n;
      const set = ensureEmbeddingSet(db, float32SetKey('fixture', d));
      // Row i of the vectors is row i of the projection (documents in reverse, as below).
      putVectors(db, set.id, [...ids].reverse(), null, vectors);
      embeddingSetId = set.id;
    }
    const runId = createRun(db, { kind: 'reduce', params: { components: dims }, embeddingSetId });
    // Rows in reverse document order: the clustering must follow the projection's own order.
    saveProjection(db, { runId, dims, documentIds: Int32Array.from(ids.reverse()), coords });
    finishRun(db, runId, { status: 'done' });
    return runId;
  } finally {
    store.close();
  }
}

/** Three blobs in 5-d, 80 points each, and 20 far-off points, seeded. */
export function blobs5d(): Float32Array {
  let s = 17;
  const r = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const out = new Float32Array(260 * 5);
  for (let i = 0; i < 260; i++)
    for (let d = 0; d < 5; d++)
      out[i * 5 + d] = i < 240 ? (d === 0 ? Math.floor(i / 80) * 8 : 0) + 0.5 * gauss() : 30 + 20 * r();
  return out;
}
