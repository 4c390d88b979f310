import type { TaxonomyNodeView } from '../../src/renderer/features/taxonomy/tree-model';

/** A taxonomy node as the tree view gets it, labelled `n<id>`, with no documents or issues. */
export const treeNode = (
  id: number,
  parentId: number | null,
  depth: number,
  clusterIds: number[] = [],
): TaxonomyNodeView => ({
  id,
  parentId,
  depth,
  label: `n${id}`,
  definition: null,
  flags: {},
  clusterIds,
  documents: 0,
  issues: [],
});
