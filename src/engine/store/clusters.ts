import type { Database } from 'better-sqlite3';
import { blob, typed } from './blobs';

/** One cluster of a cluster run; `exemplars` are document ids. */
export type ClusterRow = { clusterId: number; size: number; persistence: number | null; exemplars: number[] };

/**
 * Per-document outcome of a cluster run, in one order: `clusterIds` (-1 = noise) after any noise
 * assignment, `wasNoise` 1 where HDBSCAN itself called the document noise.
 */
export type Assignments = {
  documentIds: Int32Array;
  clusterIds: Int32Array;
  probabilities: Float64Array | null;
  outlierScores: Float64Array | null;
  wasNoise: Uint8Array;
  /**
   * How strongly each document belongs to its cluster, 0..1 (NaN for noise): HDBSCAN's probability for
   * the documents it clustered, the assignment's confidence for noise documents given a cluster after it.
   */
  strengths?: Float64Array | null;
};

/**
 * HDBSCAN condensed tree as typed arrays (see algorithms/hdbscan): a child below `pointCount` is the
 * point at that row of the input projection; larger ids are clusters, `pointCount` being the root.
 */
export type StoredCondensedTree = {
  parents: Int32Array;
  children: Int32Array;
  lambdas: Float64Array;
  sizes: Int32Array;
};

/** Writes a cluster run's clusters, assignments and condensed tree in one transaction. */
export function saveClustering(
  db: Database,
  runId: number,
  v: { clusters: ClusterRow[]; assignments: Assignments; condensedTree?: StoredCondensedTree },
): void {
  const insCluster = db.prepare(
    'INSERT INTO clusters (run_id, cluster_id, size, persistence, exemplars) VALUES (?, ?, ?, ?, ?)',
  );
  const insAssign = db.prepare(
    `INSERT INTO assignments (run_id, document_id, cluster_id, probability, outlier_score, was_noise, strength)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const a = v.assignments;
  db.transaction(() => {
    for (const c of v.clusters)
      insCluster.run(runId, c.clusterId, c.size, c.persistence, JSON.stringify(c.exemplars));
    for (let i = 0; i < a.documentIds.length; i++)
      insAssign.run(
        runId,
        a.documentIds[i]!,
        a.clusterIds[i]!,
        a.probabilities ? a.probabilities[i]! : null,
        a.outlierScores ? a.outlierScores[i]! : null,
        a.wasNoise[i]!,
        a.strengths && Number.isFinite(a.strengths[i]!) ? a.strengths[i]! : null,
      );
    if (v.condensedTree) {
      const t = v.condensedTree;
      db.prepare(
        'INSERT OR REPLACE INTO condensed_trees (run_id, parents, children, lambdas, sizes) VALUES (?, ?, ?, ?, ?)',
      ).run(runId, blob(t.parents), blob(t.children), blob(t.lambdas), blob(t.sizes));
    }
  })();
}

export function listClusters(db: Database, runId: number): ClusterRow[] {
  const rows = db
    .prepare(
      'SELECT cluster_id, size, persistence, exemplars FROM clusters WHERE run_id = ? ORDER BY cluster_id',
    )
    .all(runId) as {
    cluster_id: number;
    size: number;
    persistence: number | null;
    exemplars: string | null;
  }[];
  return rows.map((r) => ({
    clusterId: r.cluster_id,
    size: r.size,
    persistence: r.persistence,
    exemplars: r.exemplars ? (JSON.parse(r.exemplars) as number[]) : [],
  }));
}

/** Assignments of a cluster run ordered by document id. */
export function loadAssignments(db: Database, runId: number): Assignments {
  const rows = db
    .prepare(
      `SELECT document_id, cluster_id, probability, outlier_score, was_noise, strength FROM assignments
       WHERE run_id = ? ORDER BY document_id`,
    )
    .raw()
    .all(runId) as [number, number, number | null, number | null, number, number | null][];
  const n = rows.length;
  const out: Assignments = {
    documentIds: new Int32Array(n),
    clusterIds: new Int32Array(n),
    probabilities: new Float64Array(n),
    outlierScores: new Float64Array(n),
    wasNoise: new Uint8Array(n),
    strengths: new Float64Array(n),
  };
  rows.forEach(([doc, c, p, o, w, s], i) => {
    out.documentIds[i] = doc;
    out.clusterIds[i] = c;
    out.probabilities![i] = p ?? NaN;
    out.outlierScores![i] = o ?? NaN;
    out.wasNoise[i] = w;
    // Runs made before strengths were kept: HDBSCAN's probability is the strength of its members.
    out.strengths![i] = s ?? (c >= 0 && w === 0 ? (p ?? NaN) : NaN);
  });
  return out;
}

export function loadCondensedTree(db: Database, runId: number): StoredCondensedTree | undefined {
  const r = db
    .prepare('SELECT parents, children, lambdas, sizes FROM condensed_trees WHERE run_id = ?')
    .get(runId) as { parents: Buffer; children: Buffer; lambdas: Buffer; sizes: Buffer } | undefined;
  if (!r) return undefined;
  return {
    parents: typed(r.parents, Int32Array),
    children: typed(r.children, Int32Array),
    lambdas: typed(r.lambdas, Float64Array),
    sizes: typed(r.sizes, Int32Array),
  };
}

export function clusterExists(db: Database, runId: number, clusterId: number): boolean {
  return !!db.prepare('SELECT 1 FROM clusters WHERE run_id = ? AND cluster_id = ?').get(runId, clusterId);
}

/** A document's cluster in a run (-1 = none) and how strongly it belongs there (null = unknown). */
export type DocumentAssignment = { cluster: number; strength: number | null };

/** The assignments of those of `documentIds` the run has (absent ids are left out of the map). */
export function getDocumentAssignments(
  db: Database,
  runId: number,
  documentIds: Iterable<number>,
): Map<number, DocumentAssignment> {
  const get = db.prepare(
    'SELECT cluster_id AS cluster, strength FROM assignments WHERE run_id = ? AND document_id = ?',
  );
  const out = new Map<number, DocumentAssignment>();
  for (const d of documentIds) {
    const row = get.get(runId, d) as DocumentAssignment | undefined;
    if (row !== undefined) out.set(d, row);
  }
  return out;
}

/**
 * Puts documents in clusters of a run: `[document, cluster]`, or `[document, cluster, strength]` to
 * write the strength too (without it the stored strength stays).
 */
export function setDocumentClusters(
  db: Database,
  runId: number,
  entries: readonly (readonly [number, number] | readonly [number, number, number | null])[],
): void {
  const set = db.prepare('UPDATE assignments SET cluster_id = ? WHERE run_id = ? AND document_id = ?');
  const setStrength = db.prepare('UPDATE assignments SET strength = ? WHERE run_id = ? AND document_id = ?');
  for (const entry of entries) {
    const [doc, cluster] = entry;
    set.run(cluster, runId, doc);
    if (entry.length === 3) setStrength.run(entry[2], runId, doc);
  }
}

/**
 * Counts the documents assigned to each of `clusterIds` and stores it as the cluster's size (a
 * cluster without a row, such as noise, is counted all the same); returns the sizes in that order.
 */
export function recountClusterSizes(
  db: Database,
  runId: number,
  clusterIds: readonly number[],
): { clusterId: number; size: number }[] {
  const count = db.prepare('SELECT count(*) FROM assignments WHERE run_id = ? AND cluster_id = ?').pluck();
  const resize = db.prepare('UPDATE clusters SET size = ? WHERE run_id = ? AND cluster_id = ?');
  return clusterIds.map((c) => {
    const size = count.get(runId, c) as number;
    resize.run(size, runId, c);
    return { clusterId: c, size };
  });
}
