import type { Database } from 'better-sqlite3';
import { blob, typed } from './blobs';

/** Coordinates of a reduce run: `coords` is float32 n x dims, row i belongs to `documentIds[i]`. */
export type Projection = { runId: number; dims: number; documentIds: Int32Array; coords: Float32Array };

export function saveProjection(db: Database, p: Projection): void {
  if (p.coords.length !== p.documentIds.length * p.dims) {
    throw new Error(`projection has ${p.coords.length} values for ${p.documentIds.length} x ${p.dims}`);
  }
  db.prepare(
    'INSERT OR REPLACE INTO projections (run_id, dims, count, document_ids, coords) VALUES (?, ?, ?, ?, ?)',
  ).run(p.runId, p.dims, p.documentIds.length, blob(p.documentIds), blob(p.coords));
}

export function loadProjection(db: Database, runId: number): Projection | undefined {
  const r = db.prepare('SELECT dims, document_ids, coords FROM projections WHERE run_id = ?').get(runId) as
    { dims: number; document_ids: Buffer; coords: Buffer } | undefined;
  if (!r) return undefined;
  return {
    runId,
    dims: r.dims,
    documentIds: typed(r.document_ids, Int32Array),
    coords: typed(r.coords, Float32Array),
  };
}
