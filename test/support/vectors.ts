import { seededRandom } from '../../src/engine/algorithms/random';
import { ProjectStore } from '../../src/engine/store';
import { ensureEmbeddingSet, putVectors } from '../../src/engine/store';

/** n x d float32 rows around `clusters` random centres, L2-normalised, seeded. */
export function clusteredVectors(n: number, d: number, clusters: number, seed = 1): Float32Array {
  const random = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const centres = Float32Array.from({ length: clusters * d }, gauss);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = i % clusters;
    let norm = 0;
    for (let j = 0; j < d; j++) {
      const v = centres[c * d + j]! + 0.4 * gauss();
      out[i * d + j] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let j = 0; j < d; j++) out[i * d + j]! /= norm;
  }
  return out;
}

/** The key and shape of a float32 embedding set of `model` over the default text template. */
export const float32SetKey = (model: string, dims: number) => ({
  model,
  revision: '1',
  dtype: 'fp32' as const,
  precision: 'float32' as const,
  textTemplate: '{title}:{abstract}',
  dims,
  normalized: true,
});

/** Adds n documents and a float32 embedding set holding `vectors` (n x d) to a project. */
export function addDocumentsWithVectors(
  store: ProjectStore,
  vectors: Float32Array,
  d: number,
  options: { storeVectors?: boolean } = {},
): { setId: number; documentIds: number[] } {
  const n = vectors.length / d;
  const db = store.db;
  db.prepare(
    `INSERT INTO imports (source_path, format, compressed, mapping, text_template, rows_read, imported, duplicate_ids,
      duplicate_texts, rejected, rejections, started_at, finished_at) VALUES ('fixture', 'jsonl', 0, '{}', '{title}:{abstract}', ?, ?, 0, 0, 0, '[]', '', '')`,
  ).run(n, n);
  const importId = (db.prepare('SELECT max(id) AS id FROM imports').get() as { id: number }).id;
  const ins = db.prepare(
    `INSERT INTO documents (import_id, ext_id, title, abstract, content_hash, source_line) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const documentIds: number[] = [];
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const info = ins.run(
        importId,
        `fx-${importId}-${i}`,
        `Title ${i}`,
        `Abstract ${i}`,
        Buffer.from(`${importId}:${i}`),
        i + 1,
      );
      documentIds.push(Number(info.lastInsertRowid));
    }
  });
  const set = ensureEmbeddingSet(db, float32SetKey('fixture', d));
  if (options.storeVectors !== false)
    store.transaction(() => putVectors(db, set.id, documentIds, null, vectors));
  return { setId: set.id, documentIds };
}

/** An in-memory project with n documents (`d0`.., titled `Title i`, abstract `Abstract i`) and no vectors. */
export function projectWithDocuments(n: number): ProjectStore {
  const store = ProjectStore.open(':memory:', { create: true });
  store.db
    .exec(`INSERT INTO imports (source_path, format, compressed, mapping, text_template, rows_read, imported, duplicate_ids,
    duplicate_texts, rejected, rejections, started_at, finished_at) VALUES ('fixture', 'jsonl', 0, '{}', '{title}:{abstract}', 0, 0, 0, 0, 0, '[]', '', '')`);
  const ins = store.db.prepare(
    `INSERT INTO documents (import_id, ext_id, title, abstract, content_hash, source_line) VALUES (1, ?, ?, ?, ?, ?)`,
  );
  store.transaction(() => {
    for (let i = 0; i < n; i++)
      ins.run(`d${i}`, `Title ${i}`, `Abstract ${i}`, Buffer.from(`doc:${i}`), i + 1);
  });
  return store;
}
