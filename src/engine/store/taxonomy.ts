import type { Database } from 'better-sqlite3';
import type { NodeFlags, Tree, TreeNode } from '../../shared/taxonomy-tree';
import { emptyTree, ROOT, walk } from '../../shared/taxonomy-tree';

export type TaxonomySource = 'llm' | 'offline' | 'human' | 'imported';

export type Taxonomy = {
  id: number;
  runId: number | null;
  name: string;
  source: TaxonomySource;
  provenance: Record<string, unknown> | null;
  createdAt: string;
};

type RawTaxonomy = {
  id: number;
  run_id: number | null;
  name: string;
  source: TaxonomySource;
  provenance: string | null;
  created_at: string;
};

const taxonomyFromRaw = (r: RawTaxonomy): Taxonomy => ({
  id: r.id,
  runId: r.run_id,
  name: r.name,
  source: r.source,
  provenance: r.provenance == null ? null : (JSON.parse(r.provenance) as Record<string, unknown>),
  createdAt: r.created_at,
});

export function createTaxonomy(
  db: Database,
  v: { runId: number | null; name: string; source: TaxonomySource; provenance?: Record<string, unknown> },
): number {
  const info = db
    .prepare('INSERT INTO taxonomies (run_id, name, source, provenance, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(
      v.runId,
      v.name,
      v.source,
      v.provenance ? JSON.stringify(v.provenance) : null,
      new Date().toISOString(),
    );
  return Number(info.lastInsertRowid);
}

export function getTaxonomy(db: Database, id: number): Taxonomy | undefined {
  const r = db.prepare('SELECT * FROM taxonomies WHERE id = ?').get(id) as RawTaxonomy | undefined;
  return r && taxonomyFromRaw(r);
}

export function taxonomyExists(db: Database, id: number): boolean {
  return db.prepare('SELECT 1 FROM taxonomies WHERE id = ?').get(id) !== undefined;
}

/** Taxonomies, newest first. */
export function listTaxonomies(db: Database): Taxonomy[] {
  return (db.prepare('SELECT * FROM taxonomies ORDER BY id DESC').all() as RawTaxonomy[]).map(
    taxonomyFromRaw,
  );
}

/** The largest node id of any taxonomy: new nodes take ids above it, so ids never collide. */
export function maxTaxonomyNodeId(db: Database): number {
  return (db.prepare('SELECT coalesce(max(id), 0) AS m FROM taxonomy_nodes').get() as { m: number }).m;
}

export function loadTree(db: Database, taxonomyId: number): Tree {
  const tree = emptyTree();
  const rows = db
    .prepare(
      'SELECT id, parent_id, label, definition, flags, topic_id FROM taxonomy_nodes WHERE taxonomy_id = ? ORDER BY parent_id, position',
    )
    .all(taxonomyId) as {
    id: number;
    parent_id: number | null;
    label: string;
    definition: string | null;
    flags: string | null;
    topic_id: number | null;
  }[];
  for (const r of rows) {
    const parentId = r.parent_id ?? ROOT;
    const node: TreeNode = {
      id: r.id,
      parentId,
      label: r.label,
      definition: r.definition,
      flags: r.flags ? (JSON.parse(r.flags) as NodeFlags) : {},
      clusterIds: [],
      topicId: r.topic_id,
    };
    tree.nodes.set(r.id, node);
    const list = tree.children.get(parentId) ?? [];
    list.push(r.id);
    tree.children.set(parentId, list);
  }
  for (const r of db
    .prepare(
      `SELECT c.node_id, c.cluster_id FROM taxonomy_node_clusters c JOIN taxonomy_nodes n ON n.id = c.node_id
       WHERE n.taxonomy_id = ? ORDER BY c.node_id, c.cluster_id`,
    )
    .iterate(taxonomyId) as Iterable<{ node_id: number; cluster_id: number }>) {
    tree.nodes.get(r.node_id)?.clusterIds.push(r.cluster_id);
  }
  for (const r of db
    .prepare(
      'SELECT document_id, node_id FROM taxonomy_document_nodes WHERE taxonomy_id = ? ORDER BY document_id',
    )
    .iterate(taxonomyId) as Iterable<{ document_id: number; node_id: number }>) {
    tree.documents.set(r.document_id, r.node_id);
  }
  return tree;
}

/**
 * Writes the whole tree of a taxonomy, replacing what was stored (a tree is tens to hundreds of
 * nodes, so rewriting beats tracking changes). Call inside a transaction.
 */
export function saveTree(db: Database, taxonomyId: number, tree: Tree): void {
  const tax = getTaxonomy(db, taxonomyId);
  if (!tax) throw new Error(`no taxonomy ${taxonomyId}`);
  db.prepare('DELETE FROM taxonomy_document_nodes WHERE taxonomy_id = ?').run(taxonomyId);
  db.prepare('DELETE FROM taxonomy_nodes WHERE taxonomy_id = ?').run(taxonomyId);
  const insNode = db.prepare(
    `INSERT INTO taxonomy_nodes (id, taxonomy_id, parent_id, position, label, definition, flags, topic_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCluster = db.prepare(
    'INSERT INTO taxonomy_node_clusters (node_id, run_id, cluster_id) VALUES (?, ?, ?)',
  );
  for (const { id } of walk(tree)) {
    const n = tree.nodes.get(id)!;
    const siblings = tree.children.get(n.parentId)!;
    const flags = Object.fromEntries(Object.entries(n.flags).filter(([, v]) => v));
    insNode.run(
      id,
      taxonomyId,
      n.parentId === ROOT ? null : n.parentId,
      siblings.indexOf(id),
      n.label,
      n.definition,
      Object.keys(flags).length ? JSON.stringify(flags) : null,
      n.topicId,
    );
    if (n.clusterIds.length && tax.runId === null)
      throw new Error(`taxonomy ${taxonomyId} has no cluster run to place clusters from`);
    for (const c of n.clusterIds) insCluster.run(id, tax.runId, c);
  }
  const insDoc = db.prepare(
    'INSERT INTO taxonomy_document_nodes (taxonomy_id, document_id, node_id) VALUES (?, ?, ?)',
  );
  for (const [doc, node] of tree.documents) if (tree.nodes.has(node)) insDoc.run(taxonomyId, doc, node);
}

/**
 * Carries a topic's new label and description to the taxonomy leaves that show that topic, in every
 * taxonomy (a topic id belongs to one cluster run, so only that run's taxonomies hold it). A leaf shows
 * the topic while its text is the topic's: the tree builders copy the label and description, so those
 * follow the rename. A leaf whose text differs was named on purpose (by the model that wrote the tree
 * or by a curator's rename in the tree) and keeps its own name; the tree's own history is not touched.
 * Returns how many leaves changed.
 */
export function relabelTopicLeaves(
  db: Database,
  topicId: number,
  before: { label: string; description: string | null },
  after: { label: string; description: string | null },
): number {
  let changed = 0;
  if (before.label !== after.label)
    changed += db
      .prepare('UPDATE taxonomy_nodes SET label = ? WHERE topic_id = ? AND label = ?')
      .run(after.label, topicId, before.label).changes;
  if (before.description !== after.description)
    changed += db
      .prepare('UPDATE taxonomy_nodes SET definition = ? WHERE topic_id = ? AND definition IS ?')
      .run(after.description, topicId, before.description).changes;
  return changed;
}

/** Document id -> cluster id (-1 = noise) of a cluster run. */
export function loadRunAssignments(db: Database, runId: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const r of db
    .prepare('SELECT document_id, cluster_id FROM assignments WHERE run_id = ? ORDER BY document_id')
    .iterate(runId) as Iterable<{ document_id: number; cluster_id: number }>) {
    out.set(r.document_id, r.cluster_id);
  }
  return out;
}

/** Cluster ids of a run with their sizes, ascending by id (noise excluded). */
export function loadRunClusters(db: Database, runId: number): { clusterId: number; size: number }[] {
  return (
    db
      .prepare(
        'SELECT cluster_id, size FROM clusters WHERE run_id = ? AND cluster_id >= 0 ORDER BY cluster_id',
      )
      .all(runId) as { cluster_id: number; size: number }[]
  ).map((r) => ({ clusterId: r.cluster_id, size: r.size }));
}

export type TopicLabel = {
  id: number;
  clusterId: number;
  label: string;
  description: string | null;
  keyphrases: { term: string; score: number }[];
};

/** Topic labels and keyphrases of a run's clusters, as the labelling step stored them. */
export function loadRunTopicLabels(db: Database, runId: number): Map<number, TopicLabel> {
  const out = new Map<number, TopicLabel>();
  for (const r of db
    .prepare('SELECT id, cluster_id, label, description, keyphrases FROM topics WHERE run_id = ?')
    .iterate(runId) as Iterable<{
    id: number;
    cluster_id: number;
    label: string;
    description: string | null;
    keyphrases: string | null;
  }>) {
    let keyphrases: { term: string; score: number }[] = [];
    try {
      const parsed: unknown = r.keyphrases ? JSON.parse(r.keyphrases) : [];
      if (Array.isArray(parsed)) {
        keyphrases = parsed.flatMap((k: unknown) =>
          typeof k === 'string'
            ? [{ term: k, score: 1 }]
            : k && typeof k === 'object' && typeof (k as { term?: unknown }).term === 'string'
              ? [
                  {
                    term: (k as { term: string }).term,
                    score: Number((k as { score?: unknown }).score ?? 1) || 0,
                  },
                ]
              : [],
        );
      }
    } catch {
      // Unreadable keyphrases leave the label usable on its own.
    }
    out.set(r.cluster_id, {
      id: r.id,
      clusterId: r.cluster_id,
      label: r.label,
      description: r.description,
      keyphrases,
    });
  }
  return out;
}

/**
 * Calls `fn` with every stored vector of a set (raw little-endian bytes), in document-id order,
 * without holding the whole set in memory.
 */
export function forEachEmbedding(
  db: Database,
  setId: number,
  fn: (documentId: number, vector: Buffer) => void,
): void {
  for (const r of db
    .prepare('SELECT document_id, vector FROM embeddings WHERE set_id = ? ORDER BY document_id')
    .iterate(setId) as Iterable<{ document_id: number; vector: Buffer }>) {
    fn(r.document_id, r.vector);
  }
}
