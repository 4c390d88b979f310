import type { Database } from 'better-sqlite3';

export type TopicSource = 'llm' | 'keywords' | 'human';

export type Topic = {
  id: number;
  /** The cluster run the topic labels. */
  runId: number;
  clusterId: number;
  label: string;
  description: string | null;
  source: TopicSource;
  /** A locked topic (every human edit locks) is never overwritten by re-labelling. */
  locked: boolean;
  keyphrases: { term: string; score: number }[];
  provenance: Record<string, unknown> | null;
  updatedAt: string;
};

export type TopicEdit = {
  id: number;
  topicId: number;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  source: string;
  at: string;
};

type RawTopic = {
  id: number;
  run_id: number;
  cluster_id: number;
  label: string;
  description: string | null;
  source: TopicSource;
  locked: number;
  keyphrases: string | null;
  provenance: string | null;
  updated_at: string;
};

const fromRaw = (r: RawTopic): Topic => ({
  id: r.id,
  runId: r.run_id,
  clusterId: r.cluster_id,
  label: r.label,
  description: r.description,
  source: r.source,
  locked: r.locked === 1,
  keyphrases: r.keyphrases ? (JSON.parse(r.keyphrases) as Topic['keyphrases']) : [],
  provenance: r.provenance ? (JSON.parse(r.provenance) as Record<string, unknown>) : null,
  updatedAt: r.updated_at,
});

/** The newest finished cluster run, if any. */
export function latestClusterRunId(db: Database): number | undefined {
  const r = db
    .prepare("SELECT id FROM runs WHERE kind = 'cluster' AND status = 'done' ORDER BY id DESC LIMIT 1")
    .get() as { id: number } | undefined;
  return r?.id;
}

export function getTopics(db: Database, runId: number): Topic[] {
  return (
    db.prepare('SELECT * FROM topics WHERE run_id = ? ORDER BY cluster_id').all(runId) as RawTopic[]
  ).map(fromRaw);
}

export function getTopic(db: Database, runId: number, clusterId: number): Topic | undefined {
  const r = db.prepare('SELECT * FROM topics WHERE run_id = ? AND cluster_id = ?').get(runId, clusterId) as
    RawTopic | undefined;
  return r && fromRaw(r);
}

/**
 * Writes a generated (llm or keywords) label, unless the cluster's topic is locked (every human edit locks):
 * then it is kept and `false` is returned. A replaced label leaves a history row.
 */
export function saveGeneratedTopic(
  db: Database,
  v: {
    runId: number;
    clusterId: number;
    label: string;
    description: string | null;
    source: 'llm' | 'keywords';
    keyphrases: Topic['keyphrases'];
    provenance: Record<string, unknown>;
  },
): boolean {
  return db.transaction(() => {
    const old = getTopic(db, v.runId, v.clusterId);
    if (old?.locked) return false;
    const now = new Date().toISOString();
    db.prepare(
      `INSERT INTO topics (run_id, cluster_id, label, description, source, locked, keyphrases, provenance, updated_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)
       ON CONFLICT (run_id, cluster_id) DO UPDATE SET label = excluded.label, description = excluded.description,
         source = excluded.source, keyphrases = excluded.keyphrases, provenance = excluded.provenance,
         updated_at = excluded.updated_at`,
    ).run(
      v.runId,
      v.clusterId,
      v.label,
      v.description,
      v.source,
      JSON.stringify(v.keyphrases),
      JSON.stringify(v.provenance),
      now,
    );
    if (old && old.label !== v.label) addEdit(db, old.id, 'label', old.label, v.label, v.source, now);
    return true;
  })();
}

function addEdit(
  db: Database,
  topicId: number,
  field: string,
  oldValue: string | null,
  newValue: string | null,
  source: string,
  at: string,
): void {
  db.prepare(
    'INSERT INTO topic_edits (topic_id, field, old_value, new_value, source, at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(topicId, field, oldValue, newValue, source, at);
}

/** A curator's edit of a topic's label or description: source becomes human, the topic locks, history kept. */
export function editTopic(
  db: Database,
  runId: number,
  clusterId: number,
  edit: { label?: string; description?: string | null },
): Topic | undefined {
  return db.transaction(() => {
    const old = getTopic(db, runId, clusterId);
    if (!old) return undefined;
    const now = new Date().toISOString();
    const label = edit.label ?? old.label;
    const description = edit.description !== undefined ? edit.description : old.description;
    if (label !== old.label) addEdit(db, old.id, 'label', old.label, label, 'human', now);
    if (description !== old.description)
      addEdit(db, old.id, 'description', old.description, description, 'human', now);
    const provenance = {
      ...(old.provenance ?? {}),
      editedAt: now,
      generatedFrom: old.provenance?.generatedFrom ?? old.source,
    };
    db.prepare(
      `UPDATE topics SET label = ?, description = ?, source = 'human', locked = 1, provenance = ?, updated_at = ? WHERE id = ?`,
    ).run(label, description, JSON.stringify(provenance), now, old.id);
    return getTopic(db, runId, clusterId);
  })();
}

/** Locks or unlocks a topic; an unlocked topic is re-labelled by the next `label` run. */
export function setTopicLocked(db: Database, runId: number, clusterId: number, locked: boolean): boolean {
  return db.transaction(() => {
    const old = getTopic(db, runId, clusterId);
    if (!old) return false;
    const now = new Date().toISOString();
    if (old.locked !== locked)
      addEdit(db, old.id, 'locked', old.locked ? '1' : '0', locked ? '1' : '0', 'human', now);
    // Unlocking hands even a human label back to re-labelling: the next run may replace it.
    db.prepare('UPDATE topics SET locked = ?, updated_at = ? WHERE id = ?').run(locked ? 1 : 0, now, old.id);
    return true;
  })();
}

/** What a curator's edit of a topic changes: its naming, who named it, and its lock. */
export type TopicState = Pick<Topic, 'label' | 'description' | 'source' | 'locked' | 'provenance'>;

export const topicState = (t: Topic): TopicState => ({
  label: t.label,
  description: t.description,
  source: t.source,
  locked: t.locked,
  provenance: t.provenance,
});

/**
 * Puts a topic's naming, source and lock back as they were (undoing or redoing a curator's edit);
 * the edit log keeps the change. Returns the topic, or undefined when there is none.
 */
export function restoreTopic(
  db: Database,
  runId: number,
  clusterId: number,
  state: TopicState,
): Topic | undefined {
  return db.transaction(() => {
    const old = getTopic(db, runId, clusterId);
    if (!old) return undefined;
    const now = new Date().toISOString();
    if (state.label !== old.label) addEdit(db, old.id, 'label', old.label, state.label, 'human', now);
    if (state.description !== old.description)
      addEdit(db, old.id, 'description', old.description, state.description, 'human', now);
    if (state.locked !== old.locked)
      addEdit(db, old.id, 'locked', old.locked ? '1' : '0', state.locked ? '1' : '0', 'human', now);
    db.prepare(
      'UPDATE topics SET label = ?, description = ?, source = ?, locked = ?, provenance = ?, updated_at = ? WHERE id = ?',
    ).run(
      state.label,
      state.description,
      state.source,
      state.locked ? 1 : 0,
      state.provenance ? JSON.stringify(state.provenance) : null,
      now,
      old.id,
    );
    return getTopic(db, runId, clusterId);
  })();
}

export function getTopicEdits(db: Database, topicId: number): TopicEdit[] {
  return db
    .prepare(
      `SELECT id, topic_id AS topicId, field, old_value AS oldValue, new_value AS newValue, source, at
       FROM topic_edits WHERE topic_id = ? ORDER BY id`,
    )
    .all(topicId) as TopicEdit[];
}

/** Title and abstract of every document a run assigned to a cluster (noise excluded), by document id. */
export function loadClusterDocuments(db: Database, runId: number): RunDocument[] {
  return loadRunDocuments(db, runId, { noise: false });
}

export type RunDocument = { documentId: number; clusterId: number; title: string; abstract: string };

/**
 * Title, abstract and cluster (-1 = noise) of every document a run assigned, by document id; with
 * `noise: false` only those in a cluster.
 */
export function loadRunDocuments(db: Database, runId: number, o: { noise?: boolean } = {}): RunDocument[] {
  return db
    .prepare(
      `SELECT a.document_id AS documentId, a.cluster_id AS clusterId, d.title, d.abstract
       FROM assignments a JOIN documents d ON d.id = a.document_id
       WHERE a.run_id = ?${o.noise === false ? ' AND a.cluster_id >= 0' : ''} ORDER BY a.document_id`,
    )
    .all(runId) as RunDocument[];
}
