import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { ProjectStore } from '../store';
import { firstUndoneEdit, getRun, lastDoneEdit, markEditUndone, recordEdit } from '../store';

/** Hand-made reassignments of a cluster run share one undo history, apart from any taxonomy's. */
export const assignmentScope = (runId: number): string => `topics:${runId}`;

/** Document id -> cluster id pairs, as stored in the history (plain JSON). */
const entriesSchema = z.array(z.tuple([z.number().int(), z.number().int()]));
const assignCall = z.object({ name: z.literal('assign'), args: z.object({ entries: entriesSchema }) });

export type MoveDocumentsResult = {
  runId: number;
  /** Documents whose cluster changed (those already in the target are not counted). */
  moved: number;
  /** Clusters whose size changed, with their new sizes. */
  sizes: { clusterId: number; size: number }[];
  canUndo: boolean;
  canRedo: boolean;
};

function clusterExists(store: ProjectStore, runId: number, clusterId: number): boolean {
  return !!store.db
    .prepare('SELECT 1 FROM clusters WHERE run_id = ? AND cluster_id = ?')
    .get(runId, clusterId);
}

/** Writes the entries and recounts the sizes of every cluster they touch; returns those sizes. */
function assign(
  store: ProjectStore,
  runId: number,
  entries: readonly (readonly [number, number])[],
  before: Map<number, number>,
) {
  const db = store.db;
  const set = db.prepare('UPDATE assignments SET cluster_id = ? WHERE run_id = ? AND document_id = ?');
  const touched = new Set<number>();
  for (const [doc, cluster] of entries) {
    set.run(cluster, runId, doc);
    touched.add(cluster);
    touched.add(before.get(doc)!);
  }
  const count = db.prepare('SELECT count(*) FROM assignments WHERE run_id = ? AND cluster_id = ?').pluck();
  const resize = db.prepare('UPDATE clusters SET size = ? WHERE run_id = ? AND cluster_id = ?');
  const sizes: { clusterId: number; size: number }[] = [];
  for (const c of [...touched].sort((a, b) => a - b)) {
    const size = count.get(runId, c) as number;
    // Noise may have no row in `clusters`; its count is still reported for the map's legend.
    resize.run(size, runId, c);
    sizes.push({ clusterId: c, size });
  }
  return sizes;
}

function currentClusters(
  store: ProjectStore,
  runId: number,
  documentIds: readonly number[],
): Map<number, number> {
  const get = store.db
    .prepare('SELECT cluster_id FROM assignments WHERE run_id = ? AND document_id = ?')
    .pluck();
  const out = new Map<number, number>();
  const missing: number[] = [];
  for (const d of documentIds) {
    const c = get.get(runId, d) as number | undefined;
    if (c === undefined) missing.push(d);
    else out.set(d, c);
  }
  if (missing.length)
    throw new AppError(
      'NOT_FOUND',
      `run ${runId} has no document ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}`,
    );
  return out;
}

/**
 * Reassigns documents of a cluster run to one of its clusters by hand (the map's lasso), updating the
 * clusters' sizes. The change and its inverse land in the edit history, so it can be undone after a
 * restart. Taxonomies of the run follow, since they place documents by cluster.
 */
export function moveDocumentsToCluster(
  store: ProjectStore,
  o: { runId: number; documentIds: readonly number[]; clusterId: number },
): MoveDocumentsResult {
  const run = getRun(store.db, o.runId);
  if (!run || run.kind !== 'cluster') throw new AppError('NOT_FOUND', `run ${o.runId} is not a cluster run`);
  if (o.documentIds.length === 0) throw new AppError('INVALID_INPUT', 'no documents to move');
  if (!clusterExists(store, o.runId, o.clusterId) || o.clusterId < 0)
    throw new AppError('NOT_FOUND', `run ${o.runId} has no topic ${o.clusterId}`);
  return store.transaction(() => {
    const before = currentClusters(store, o.runId, [...new Set(o.documentIds)]);
    const changing = [...before].filter(([, c]) => c !== o.clusterId);
    const sizes = assign(
      store,
      o.runId,
      changing.map(([d]) => [d, o.clusterId] as const),
      before,
    );
    if (changing.length > 0)
      recordEdit(
        store.db,
        assignmentScope(o.runId),
        { name: 'assign', args: { entries: changing.map(([d]) => [d, o.clusterId]) } },
        { name: 'assign', args: { entries: changing } },
      );
    return { runId: o.runId, moved: changing.length, sizes, ...history(store, o.runId) };
  });
}

export function canUndoMove(store: ProjectStore, runId: number): boolean {
  return lastDoneEdit(store.db, assignmentScope(runId)) !== undefined;
}

const history = (store: ProjectStore, runId: number) => ({
  canUndo: canUndoMove(store, runId),
  canRedo: firstUndoneEdit(store.db, assignmentScope(runId)) !== undefined,
});

/** Puts back the documents of the newest move not yet undone; `moved` 0 when there is none. */
export function undoMoveDocuments(store: ProjectStore, runId: number): MoveDocumentsResult {
  return store.transaction(() => {
    const entry = lastDoneEdit(store.db, assignmentScope(runId));
    if (!entry) return { runId, moved: 0, sizes: [], ...history(store, runId) };
    const inverse = assignCall.parse(entry.inverse);
    const entries = inverse.args.entries;
    const before = currentClusters(
      store,
      runId,
      entries.map(([d]) => d),
    );
    const sizes = assign(store, runId, entries, before);
    markEditUndone(store.db, entry.id, true);
    return { runId, moved: entries.length, sizes, ...history(store, runId) };
  });
}

/** Moves again the documents of the oldest undone move; `moved` 0 when there is none. */
export function redoMoveDocuments(store: ProjectStore, runId: number): MoveDocumentsResult {
  return store.transaction(() => {
    const entry = firstUndoneEdit(store.db, assignmentScope(runId));
    if (!entry) return { runId, moved: 0, sizes: [], ...history(store, runId) };
    const entries = assignCall.parse(entry.command).args.entries;
    const before = currentClusters(
      store,
      runId,
      entries.map(([d]) => d),
    );
    const sizes = assign(store, runId, entries, before);
    markEditUndone(store.db, entry.id, false);
    return { runId, moved: entries.length, sizes, ...history(store, runId) };
  });
}
