// What the cluster map highlights, shared by the panels that select things on it: one topic (the
// topics panel, the legend) or the clusters of a taxonomy node and its subtree.

export type MapHighlight =
  | { source: 'topic'; clusterId: number }
  | { source: 'taxonomy'; nodeId: number; label: string; clusterIds: readonly number[] };

/** The topic to show as selected in the topics panel: only a topic selection has one. */
export const selectedTopicOf = (h: MapHighlight | null): number | null =>
  h?.source === 'topic' ? h.clusterId : null;

/** The clusters a taxonomy selection covers; null for no selection or a single topic. */
export const highlightedClustersOf = (h: MapHighlight | null): readonly number[] | null =>
  h?.source === 'taxonomy' ? h.clusterIds : null;

export function selectNode(node: { id: number; label: string; clusterIds: readonly number[] }): MapHighlight {
  return { source: 'taxonomy', nodeId: node.id, label: node.label, clusterIds: [...node.clusterIds] };
}
