import { AppError } from '../../shared/errors';
import { hdbscan } from '../algorithms/hdbscan';
import type { ProjectStore } from '../store';
import { getRun, getTaxonomy, loadProjection, loadRunAssignments } from '../store';
import type { CommandCall } from './commands';
import type { TaxonomyEditor } from './editor';
import { documentPlacement } from './tree';

export type SplitOptions = {
  /** Smallest child topic (default: half the run's min cluster size, at least 5). */
  minClusterSize?: number;
};

/**
 * Plans splitting a topic: re-clusters the documents it holds with HDBSCAN (leaf selection) at a
 * smaller min cluster size, on the run's reduced coordinates, and returns the `split` edit (one child
 * topic per new cluster; noise stays in the topic). Throws INVALID_INPUT when no split is found.
 */
export function planSplit(
  store: ProjectStore,
  editor: TaxonomyEditor,
  nodeId: number,
  options: SplitOptions = {},
): CommandCall {
  const tree = editor.tree;
  const node = tree.nodes.get(nodeId);
  if (!node) throw new AppError('INVALID_INPUT', `no node ${nodeId} in this taxonomy`);
  const runId = getTaxonomy(store.db, editor.taxonomyId)!.runId;
  const run = runId === null ? undefined : getRun(store.db, runId);
  const projection = run?.inputRunId == null ? undefined : loadProjection(store.db, run.inputRunId);
  if (!run || !projection)
    throw new AppError(
      'INVALID_INPUT',
      'splitting needs the reduced coordinates the taxonomy was clustered from',
    );
  const placement = documentPlacement(tree, loadRunAssignments(store.db, run.id));
  const row = new Map<number, number>();
  projection.documentIds.forEach((d, i) => row.set(d, i));
  const docs = [...placement]
    .filter(([d, n]) => n === nodeId && row.has(d))
    .map(([d]) => d)
    .sort((a, b) => a - b);
  const runMin = Number(run.params.minClusterSize ?? run.params.min_cluster_size ?? 10);
  const minClusterSize = options.minClusterSize ?? Math.max(5, Math.floor(runMin / 2));
  if (!Number.isInteger(minClusterSize) || minClusterSize < 2)
    throw new AppError('INVALID_INPUT', `min cluster size must be an integer >= 2, got ${minClusterSize}`);
  if (docs.length < 2 * minClusterSize)
    throw new AppError(
      'INVALID_INPUT',
      `"${node.label}" holds ${docs.length} documents, too few for two topics of at least ${minClusterSize}`,
    );
  const dims = projection.dims;
  const points = new Float32Array(docs.length * dims);
  docs.forEach((d, i) =>
    points.set(projection.coords.subarray(row.get(d)! * dims, (row.get(d)! + 1) * dims), i * dims),
  );
  const result = hdbscan(points, docs.length, dims, { minClusterSize, method: 'leaf' });
  if (result.clusterCount < 2)
    throw new AppError(
      'INVALID_INPUT',
      `"${node.label}" does not split at min cluster size ${minClusterSize}; try a smaller one`,
    );
  const parts = Array.from({ length: result.clusterCount }, (_, c) => ({
    id: editor.newNodeId(c),
    label: `${node.label} (${c + 1})`,
    documentIds: docs.filter((_, i) => result.labels[i] === c),
  }));
  return { name: 'split', args: { nodeId, parts } };
}
