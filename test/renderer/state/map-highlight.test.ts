import { describe, expect, it } from 'vitest';
import {
  highlightedClustersOf,
  selectedTopicOf,
  selectNode,
} from '../../../src/renderer/state/map-highlight';

describe('the map highlight shared by the panels', () => {
  it('is a single topic from the topics panel', () => {
    const h = { source: 'topic', clusterId: 4 } as const;
    expect(selectedTopicOf(h)).toBe(4);
    expect(highlightedClustersOf(h)).toBeNull();
  });

  it('is a taxonomy node’s clusters, which clears the topic selection', () => {
    const clusterIds = [1, 3];
    const h = selectNode({ id: 7, label: 'Speech', clusterIds });
    expect(h).toEqual({ source: 'taxonomy', nodeId: 7, label: 'Speech', clusterIds: [1, 3] });
    clusterIds.push(9);
    expect(highlightedClustersOf(h)).toEqual([1, 3]);
    expect(selectedTopicOf(h)).toBeNull();
  });

  it('is nothing when nothing is selected', () => {
    expect(selectedTopicOf(null)).toBeNull();
    expect(highlightedClustersOf(null)).toBeNull();
  });
});
