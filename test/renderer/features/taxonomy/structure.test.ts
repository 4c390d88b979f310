import { describe, expect, it } from 'vitest';
import {
  mergeCommand,
  mergeCompanions,
  mergeTargets,
  nodePath,
  parseMinClusterSize,
  subtreeClusterIds,
} from '../../../../src/renderer/features/taxonomy/tree-model';
import { treeNode } from '../../../support/tree-nodes';

const node = treeNode;

// 1 [0]        4 []
// ├─ 2 [3, 1]  └─ 5 [2]
// └─ 3 []
//    └─ 6 [4, 1]
const nodes = [
  node(1, null, 0, [0]),
  node(2, 1, 1, [3, 1]),
  node(3, 1, 1, []),
  node(6, 3, 2, [4, 1]),
  node(4, null, 0, []),
  node(5, 4, 1, [2]),
];

describe('the map highlight of a taxonomy node', () => {
  it('covers the clusters of the node and its whole subtree, once each, ascending', () => {
    expect(subtreeClusterIds(nodes, 1)).toEqual([0, 1, 3, 4]);
    expect(subtreeClusterIds(nodes, 3)).toEqual([1, 4]);
    expect(subtreeClusterIds(nodes, 4)).toEqual([2]);
    expect(subtreeClusterIds(nodes, 5)).toEqual([2]);
    expect(subtreeClusterIds(nodes, 99)).toEqual([]);
  });
});

describe('merging nodes', () => {
  it('offers every node outside the source’s own subtree, labelled by path', () => {
    expect(mergeTargets(nodes, 3).map((n) => n.id)).toEqual([1, 2, 4, 5]);
    expect(mergeTargets(nodes, 6).map((n) => n.id)).toEqual([1, 2, 3, 4, 5]);
    expect(nodePath(nodes, 6)).toBe('n1 › n3 › n6');
    expect(nodePath(nodes, 4)).toBe('n4');
  });

  it('lets the source’s siblings join it, never the target or a node holding the target', () => {
    expect(mergeCompanions(nodes, 2, '').map((n) => n.id)).toEqual([3]);
    expect(mergeCompanions(nodes, 2, 5).map((n) => n.id)).toEqual([3]);
    // Node 3 holds the target 6, and a target cannot merge into itself.
    expect(mergeCompanions(nodes, 2, 6)).toEqual([]);
    expect(mergeCompanions(nodes, 2, 3)).toEqual([]);
    expect(mergeCompanions(nodes, 1, '').map((n) => n.id)).toEqual([4]);
    expect(mergeCompanions(nodes, 99, '')).toEqual([]);
  });

  it('builds the engine’s merge command, or null for one it would refuse', () => {
    expect(mergeCommand(nodes, 5, [2])).toEqual({ name: 'merge', args: { targetId: 5, sourceIds: [2] } });
    // A node may merge into its own ancestor, not into its descendant.
    expect(mergeCommand(nodes, 1, [6])).toEqual({ name: 'merge', args: { targetId: 1, sourceIds: [6] } });
    expect(mergeCommand(nodes, 6, [1])).toBeNull();
    expect(mergeCommand(nodes, 2, [2])).toBeNull();
    expect(mergeCommand(nodes, 2, [77])).toBeNull();
    expect(mergeCommand(nodes, 77, [2])).toBeNull();
    expect(mergeCommand(nodes, 5, [2, 2, 5, 6])).toEqual({
      name: 'merge',
      args: { targetId: 5, sourceIds: [2, 6] },
    });
  });
});

describe('the split form', () => {
  it('reads the minimum topic size: empty for the default, else a whole number of at least 2', () => {
    expect(parseMinClusterSize('')).toEqual({ ok: true, value: undefined });
    expect(parseMinClusterSize(' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseMinClusterSize('1')).toMatchObject({ ok: false });
    expect(parseMinClusterSize('2.5')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/whole number/),
    });
    expect(parseMinClusterSize('many')).toMatchObject({ ok: false });
  });
});
