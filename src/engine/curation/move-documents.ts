import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { DocumentAssignment, ProjectStore } from '../store';
import {
  clusterExists,
  getDocumentAssignments,
  getRun,
  recountClusterSizes,
  setDocumentClusters,
} from '../store';

/** Hand-made reassignments of a cluster run share a scope of the history: topics:undo-move reaches only them. */
export const assignmentScope = (runId: number): string => `topics:${runId}`;

/**
 * Document id -> cluster id, as stored in the history (plain JSON), with the strength to write when a
 * third element is there (older entries have none and leave the strength alone).
 */
export const assignEntriesSchema = z.array(
  z.union([
    z.tuple([z.number().int(), z.number().int()]),
    z.tuple([z.number().int(), z.number().int(), z.number().nullable()]),
  ]),
);
export type AssignEntry = z.infer<typeof assignEntriesSchema>[number];

/** Writes the entries and recounts the sizes of every cluster they touch; returns those sizes. */
function assign(
  store: ProjectStore,
  runId: number,
  entries: readonly AssignEntry[],
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

/** A move as it was made: what the documents are now, and what puts them back. */
export type DocumentMove = {
  runId: number;
  /** Documents whose cluster changed (those already in the target are not counted). */
  moved: number;
  /** Clusters whose size changed, with their new sizes. */
  sizes: { clusterId: number; size: number }[];
  /** Replays the move. */
  entries: AssignEntry[];
  /** Reverts it: each document's cluster and strength before. */
  inverse: AssignEntry[];
};

/**
 * Reassigns documents of a cluster run to one of its clusters by hand (the map's lasso, the review
 * of assigned documents), or to UNPLACED, updating the clusters' sizes. Whether HDBSCAN called a
 * document noise is kept; its strength becomes unknown, since the curator, not a measure, placed it.
 * Taxonomies of the run follow, since they place documents by cluster. Call inside a transaction;
 * the project's history records the entries and their inverse.
 */
export function moveDocumentsToCluster(
  store: ProjectStore,
  o: { runId: number; documentIds: readonly number[]; clusterId: number },
): DocumentMove {
  const run = getRun(store.db, o.runId);
  if (!run || run.kind !== 'cluster') throw new AppError('NOT_FOUND', `run ${o.runId} is not a cluster run`);
  if (o.documentIds.length === 0) throw new AppError('INVALID_INPUT', 'no documents to move');
  if (o.clusterId !== UNPLACED && (o.clusterId < 0 || !clusterExists(store.db, o.runId, o.clusterId)))
    throw new AppError('NOT_FOUND', `run ${o.runId} has no topic ${o.clusterId}`);
  const before = currentClusters(store, o.runId, [...new Set(o.documentIds)]);
  const changing = [...before].filter(([, b]) => b.cluster !== o.clusterId);
  const entries: AssignEntry[] = changing.map(([d]) => [d, o.clusterId, null]);
  const sizes = assign(store, o.runId, entries, before);
  return {
    runId: o.runId,
    moved: changing.length,
    sizes,
    entries,
    inverse: changing.map(([d, b]) => [d, b.cluster, b.strength]),
  };
}

/** Writes recorded assignments back (an undo or redo of a move); returns how many and the new sizes. */
export function assignDocuments(
  store: ProjectStore,
  runId: number,
  entries: readonly AssignEntry[],
): { moved: number; sizes: { clusterId: number; size: number }[] } {
  const before = currentClusters(
    store,
    runId,
    entries.map(([d]) => d),
  );
  return { moved: entries.length, sizes: assign(store, runId, entries, before) };
}
