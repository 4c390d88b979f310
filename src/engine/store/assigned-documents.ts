import type { Database } from 'better-sqlite3';

// Reading a cluster run's assignments by how each document got its topic: "core" documents HDBSCAN
// clustered itself (was_noise = 0), "assigned" ones it called noise and a later step (or a curator)
// placed in a topic (was_noise = 1).

export type MemberCounts = { core: number; assigned: number };

/** Per cluster of the run (noise left out), its core and assigned documents as they stand now. */
export function memberCounts(db: Database, runId: number, clusterId?: number): Map<number, MemberCounts> {
  const rows = db
    .prepare(
      `SELECT cluster_id, sum(was_noise = 0), sum(was_noise = 1) FROM assignments
       WHERE run_id = ? AND cluster_id >= 0 ${clusterId === undefined ? '' : 'AND cluster_id = ?'}
       GROUP BY cluster_id`,
    )
    .raw()
    .all(...(clusterId === undefined ? [runId] : [runId, clusterId])) as [number, number, number][];
  return new Map(rows.map(([c, core, assigned]) => [c, { core, assigned }]));
}

export type AssignedDocument = { id: number; title: string; year: number | null; strength: number | null };

/**
 * The assigned documents of one topic, weakest first (lowest strength; unknown strengths after the
 * known ones, ties by document id), one page of them, and how many there are in all.
 */
export function listAssignedDocuments(
  db: Database,
  o: { runId: number; clusterId: number; offset: number; limit: number },
): { total: number; documents: AssignedDocument[] } {
  const total = db
    .prepare('SELECT count(*) FROM assignments WHERE run_id = ? AND cluster_id = ? AND was_noise = 1')
    .pluck()
    .get(o.runId, o.clusterId) as number;
  const documents = db
    .prepare(
      `SELECT d.id AS id, d.title AS title, d.year AS year, a.strength AS strength
       FROM assignments a JOIN documents d ON d.id = a.document_id
       WHERE a.run_id = ? AND a.cluster_id = ? AND a.was_noise = 1
       ORDER BY a.strength IS NULL, a.strength, a.document_id
       LIMIT ? OFFSET ?`,
    )
    .all(o.runId, o.clusterId, o.limit, o.offset) as AssignedDocument[];
  return { total, documents };
}
