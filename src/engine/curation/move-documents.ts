import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { DocumentAssignment, ProjectStore } from '../store';
import {
  clusterExists,
  firstUndoneEdit,
  getDocumentAssignments,
  getRun,
  lastDoneEdit,
  markEditUndone,
  recordEdit,
  recountClusterSizes,
  setDocumentClusters,
} from '../store';

/** Hand-made reassignments of a cluster run share one undo history, apart from any taxonomy's. */
export const assignmentScope = (runId: number): string => `topics:${runId}`;

/**
 * Document id -> cluster id, as stored in the history (plain JSON), with the strength to write when a
 * third element is there (older entries have none and leave the strength alone).
 */
const entriesSchema = z.array(
  z.union([
    z.tuple([z.number().int(), z.number().int()]),
    z.tuple([z.number().int(), z.number().int(), z.number().nullable()]),
  ]),
);
type Entry = z.infer<typeof entriesSchema>[number];
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

/** Writes the entries and recounts the sizes of every cluster they touch; returns those sizes. */
function assign(
  store: ProjectStore,
  runId: number,
  entries: readonly Entry[],
  before: Map<number, DocumentAssignment>,
) {
  const touched = new Set<number>();
  for (const [doc, cluster] of entries) {
    touched.add(cluster);
    touched.add(before.get(doc)!.cluster);
  }
  setDocumentClusters(store.db, runId, entries);
  // Noise may have no row in `clusters`; its count is still reported for the map's legend.
  return recountClusterSizes(
    store.db,
    runId,
    [...touched].sort((a, b) => a - b),
  );
}

function currentClusters(
  store: ProjectStore,
  runId: number,
  documentIds: readonly number[],
): Map<number, DocumentAssignment> {
  const out = getDocumentAssignments(store.db, runId, documentIds);
  const missing = documentIds.filter((d) => !out.has(d));
  if (missing.length)
    throw new AppError(
      'NOT_FOUND',
      `run ${runId} has no document ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}`,
    );
  return out;
}

/** The cluster id that stands for "no topic": documents moved there are unplaced, like noise. */
export const UNPLACED = -1;

/**
 * Reassigns documents of a cluster run to one of its clusters by hand (the map's lasso, the review
 * of assigned documents), or to UNPLACED, updating the clusters' sizes. Whether HDBSCAN called a
 * document noise is kept; its strength becomes unknown, since the curator, not a measure, placed it.
 * The change and its inverse land in the edit history, so it can be undone after a restart.
 * Taxonomies of the run follow, since they place documents by cluster.
 */
export function moveDocumentsToCluster(
  store: ProjectStore,
  o: { runId: number; documentIds: readonly number[]; clusterId: number },
): MoveDocumentsResult {
  const run = getRun(store.db, o.runId);
  if (!run || run.kind !== 'cluster') throw new AppError('NOT_FOUND', `run ${o.runId} is not a cluster run`);
  if (o.documentIds.length === 0) throw new AppError('INVALID_INPUT', 'no documents to move');
  if (o.clusterId !== UNPLACED && (o.clusterId < 0 || !clusterExists(store.db, o.runId, o.clusterId)))
    throw new AppError('NOT_FOUND', `run ${o.runId} has no topic ${o.clusterId}`);
  return store.transaction(() => {
    const before = currentClusters(store, o.runId, [...new Set(o.documentIds)]);
    const changing = [...before].filter(([, b]) => b.cluster !== o.clusterId);
    const command: Entry[] = changing.map(([d]) => [d, o.clusterId, null]);
    const sizes = assign(store, o.runId, command, before);
    if (changing.length > 0)
      recordEdit(
        store.db,
        assignmentScope(o.runId),
        { name: 'assign', args: { entries: command } },
        { name: 'assign', args: { entries: changing.map(([d, b]) => [d, b.cluster, b.strength]) } },
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
