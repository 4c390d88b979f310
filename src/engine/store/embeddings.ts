import type { Database } from 'better-sqlite3';
import { blob } from './blobs';

export type Precision = 'float32' | 'int8' | 'uint8' | 'binary' | 'ubinary';

export type EmbeddingSet = {
  id: number;
  model: string;
  revision: string;
  dtype: string;
  precision: Precision;
  /** Dimensions of the embedding (for packed binary sets, of the unpacked vector). */
  dims: number;
  textTemplate: string;
  normalized: boolean;
  sourceSetId: number | null;
  /** Per-dimension [min0..min(d-1), max0..max(d-1)] of the calibration set, for quantized sets. */
  calibration: Float32Array | null;
  calibrationInfo: Record<string, unknown> | null;
  createdAt: string;
};

type RawSet = {
  id: number;
  model: string;
  revision: string;
  dtype: string;
  precision: Precision;
  dims: number;
  text_template: string;
  normalized: number;
  source_set_id: number | null;
  calibration: Buffer | null;
  calibration_info: string | null;
  created_at: string;
};

const f32 = (b: Buffer): Float32Array => {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
};
const fromRaw = (r: RawSet): EmbeddingSet => ({
  id: r.id,
  model: r.model,
  revision: r.revision,
  dtype: r.dtype,
  precision: r.precision,
  dims: r.dims,
  textTemplate: r.text_template,
  normalized: r.normalized === 1,
  sourceSetId: r.source_set_id,
  calibration: r.calibration ? f32(r.calibration) : null,
  calibrationInfo: r.calibration_info ? (JSON.parse(r.calibration_info) as Record<string, unknown>) : null,
  createdAt: r.created_at,
});

export type EmbeddingSetKey = {
  model: string;
  revision: string;
  dtype: string;
  precision: Precision;
  textTemplate: string;
  sourceSetId?: number | null;
};

export function findEmbeddingSet(db: Database, key: EmbeddingSetKey): EmbeddingSet | undefined {
  const r = db
    .prepare(
      `SELECT * FROM embedding_sets WHERE model = ? AND revision = ? AND dtype = ? AND precision = ?
         AND text_template = ? AND source_set_id IS ?`,
    )
    .get(key.model, key.revision, key.dtype, key.precision, key.textTemplate, key.sourceSetId ?? null) as
    RawSet | undefined;
  return r && fromRaw(r);
}

/** The set for `key`, created (empty) when missing. */
export function ensureEmbeddingSet(
  db: Database,
  key: EmbeddingSetKey & {
    dims: number;
    normalized: boolean;
    calibration?: Float32Array | null;
    calibrationInfo?: Record<string, unknown> | null;
  },
): EmbeddingSet {
  const found = findEmbeddingSet(db, key);
  if (found) return found;
  const info = db
    .prepare(
      `INSERT INTO embedding_sets (model, revision, dtype, precision, dims, text_template, normalized, source_set_id,
         calibration, calibration_info, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      key.model,
      key.revision,
      key.dtype,
      key.precision,
      key.dims,
      key.textTemplate,
      key.normalized ? 1 : 0,
      key.sourceSetId ?? null,
      key.calibration ? blob(key.calibration) : null,
      key.calibrationInfo ? JSON.stringify(key.calibrationInfo) : null,
      new Date().toISOString(),
    );
  return getEmbeddingSet(db, Number(info.lastInsertRowid))!;
}

export function getEmbeddingSet(db: Database, id: number): EmbeddingSet | undefined {
  const r = db.prepare('SELECT * FROM embedding_sets WHERE id = ?').get(id) as RawSet | undefined;
  return r && fromRaw(r);
}

export function listEmbeddingSets(db: Database): (EmbeddingSet & { count: number })[] {
  const rows = db
    .prepare(
      `SELECT s.*, (SELECT count(*) FROM embeddings e WHERE e.set_id = s.id) AS count FROM embedding_sets s ORDER BY s.id`,
    )
    .all() as (RawSet & { count: number })[];
  return rows.map((r) => ({ ...fromRaw(r), count: r.count }));
}

export function deleteEmbeddingSet(db: Database, id: number): void {
  db.prepare('DELETE FROM embedding_sets WHERE id = ?').run(id);
}

/**
 * Stores rows of one set: `vectors` holds `documentIds.length` rows of equal byte size (float32,
 * int8, uint8 or packed bits). Call inside a transaction for batches.
 */
export function putVectors(
  db: Database,
  setId: number,
  documentIds: ArrayLike<number>,
  textHashes: readonly Buffer[] | null,
  vectors: Float32Array | Int8Array | Uint8Array,
): void {
  const n = documentIds.length;
  if (n === 0) return;
  const rowBytes = vectors.byteLength / n;
  if (!Number.isInteger(rowBytes)) throw new Error(`${vectors.byteLength} bytes do not split into ${n} rows`);
  const stmt = db.prepare(
    'INSERT OR REPLACE INTO embeddings (set_id, document_id, text_hash, vector) VALUES (?, ?, ?, ?)',
  );
  const bytes = Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  const empty = Buffer.alloc(0);
  for (let i = 0; i < n; i++) {
    stmt.run(
      setId,
      documentIds[i],
      textHashes ? textHashes[i]! : empty,
      bytes.subarray(i * rowBytes, (i + 1) * rowBytes),
    );
  }
}

/** `putVectors` in a transaction of its own: one commit per batch. */
export function putVectorBatch(...args: Parameters<typeof putVectors>): void {
  const [db] = args;
  db.transaction(() => putVectors(...args))();
}

/** Drops every stored row of a set, keeping the set itself. */
export function deleteVectors(db: Database, setId: number): void {
  db.prepare('DELETE FROM embeddings WHERE set_id = ?').run(setId);
}

export function countVectors(db: Database, setId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM embeddings WHERE set_id = ?').get(setId) as { n: number }).n;
}

/** `document id -> text hash` of every stored row of a set, to find what still needs embedding. */
export function storedTextHashes(db: Database, setId: number): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (const r of db
    .prepare('SELECT document_id, text_hash FROM embeddings WHERE set_id = ?')
    .iterate(setId) as Iterable<{
    document_id: number;
    text_hash: Buffer;
  }>) {
    out.set(r.document_id, r.text_hash);
  }
  return out;
}

/**
 * All rows of a set in document-id order, as one flat array of `rowBytes` per row: a Float32Array
 * for float32 sets, Int8Array for int8, Uint8Array for uint8 and packed binary sets.
 */
export function loadVectors(
  db: Database,
  set: EmbeddingSet,
): { documentIds: Int32Array; data: Float32Array | Int8Array | Uint8Array; rowLength: number } {
  const n = countVectors(db, set.id);
  const rowLength =
    set.precision === 'binary' || set.precision === 'ubinary' ? Math.ceil(set.dims / 8) : set.dims;
  const documentIds = new Int32Array(n);
  const data =
    set.precision === 'float32'
      ? new Float32Array(n * rowLength)
      : set.precision === 'int8' || set.precision === 'binary'
        ? new Int8Array(n * rowLength)
        : new Uint8Array(n * rowLength);
  const bytes = new Uint8Array(data.buffer);
  const rowBytes = rowLength * data.BYTES_PER_ELEMENT;
  let i = 0;
  for (const r of db
    .prepare('SELECT document_id, vector FROM embeddings WHERE set_id = ? ORDER BY document_id')
    .iterate(set.id) as Iterable<{ document_id: number; vector: Buffer }>) {
    if (r.vector.byteLength !== rowBytes) {
      throw new Error(
        `embedding of document ${r.document_id} has ${r.vector.byteLength} bytes, expected ${rowBytes}`,
      );
    }
    documentIds[i] = r.document_id;
    bytes.set(r.vector, i * rowBytes);
    i++;
  }
  return { documentIds, data, rowLength };
}
