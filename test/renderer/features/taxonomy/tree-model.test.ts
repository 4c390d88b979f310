import { describe, expect, it } from 'vitest';
import {
  childIds,
  coverageText,
  dropPositionAt,
  exportFileName,
  isTextEntry,
  isWithin,
  moveForDrop,
  nextNodeId,
  visibleRows,
} from '../../../../src/renderer/features/taxonomy/tree-model';
import { treeNode } from '../../../support/tree-nodes';

const node = treeNode;

// 1          4
// ├─ 2       └─ 5
// └─ 3
//    └─ 6
const nodes = [
  node(1, null, 0),
  node(2, 1, 1),
  node(3, 1, 1),
  node(6, 3, 2),
  node(4, null, 0),
  node(5, 4, 1),
];

describe('tree structure', () => {
  it('lists children in display order, top level under the root', () => {
    expect(childIds(nodes, 0)).toEqual([1, 4]);
    expect(childIds(nodes, 1)).toEqual([2, 3]);
    expect(childIds(nodes, 6)).toEqual([]);
  });

  it('knows which nodes lie below which', () => {
    expect(isWithin(nodes, 6, 1)).toBe(true);
    expect(isWithin(nodes, 1, 1)).toBe(true);
    expect(isWithin(nodes, 5, 1)).toBe(false);
  });

  it('hides the subtrees of collapsed nodes', () => {
    const rows = visibleRows(nodes, new Set([1]));
    expect(rows.map((r) => r.node.id)).toEqual([1, 4, 5]);
    expect(rows.map((r) => r.hasChildren)).toEqual([true, true, false]);
    expect(visibleRows(nodes, new Set([3])).map((r) => r.node.id)).toEqual([1, 2, 3, 4, 5]);
  });

  it('names new nodes past the largest id', () => {
    expect(nextNodeId(nodes)).toBe(7);
    expect(nextNodeId([])).toBe(1);
  });
});

describe('drag and drop', () => {
  it('splits a row into before, inside and after', () => {
    expect(dropPositionAt(2, 40)).toBe('before');
    expect(dropPositionAt(20, 40)).toBe('inside');
    expect(dropPositionAt(38, 40)).toBe('after');
  });

  it('reparents into a node as its last child', () => {
    expect(moveForDrop(nodes, 5, 3, 'inside')).toEqual({ nodeId: 5, parentId: 3, index: 1 });
  });

  it('reorders among siblings, counting with the moved node taken out', () => {
    expect(moveForDrop(nodes, 2, 3, 'after')).toEqual({ nodeId: 2, parentId: 1, index: 1 });
    expect(moveForDrop(nodes, 3, 2, 'before')).toEqual({ nodeId: 3, parentId: 1, index: 0 });
    expect(moveForDrop(nodes, 4, 1, 'before')).toEqual({ nodeId: 4, parentId: 0, index: 0 });
  });

  it('moves a nested node up to the top level', () => {
    expect(moveForDrop(nodes, 6, 4, 'after')).toEqual({ nodeId: 6, parentId: 0, index: 2 });
  });

  it('refuses drops into the own subtree and drops that change nothing', () => {
    expect(moveForDrop(nodes, 1, 6, 'inside')).toBeNull();
    expect(moveForDrop(nodes, 1, 1, 'after')).toBeNull();
    expect(moveForDrop(nodes, 2, 3, 'before')).toBeNull();
    expect(moveForDrop(nodes, 6, 3, 'inside')).toBeNull();
  });
});

describe('text entry', () => {
  it('tells text fields, whose keys the tree leaves alone', () => {
    expect(isTextEntry('INPUT')).toBe(true);
    expect(isTextEntry('textarea')).toBe(true);
    expect(isTextEntry('DIV', true)).toBe(true);
    expect(isTextEntry('DIV')).toBe(false);
    expect(isTextEntry(undefined)).toBe(false);
  });
});

describe('labels for the header and exports', () => {
  it('summarises coverage against the whole project', () => {
    expect(
      coverageText({
        coverage: { placed: 1675, total: 1675, share: 1, corpus: 4159 },
        unplacedClusterIds: [],
      }),
    ).toBe('Covers 1,675 of 4,159 documents (40%); 2,484 not in any topic');
    expect(
      coverageText({
        coverage: { placed: 1200, total: 1500, share: 0.8, corpus: 1500 },
        unplacedClusterIds: [4],
      }),
    ).toBe('Covers 1,200 of 1,500 documents (80%); 1 unplaced cluster');
    expect(coverageText({ coverage: { placed: 3, total: 3, share: 1 }, unplacedClusterIds: [] })).toBe(
      'Covers 3 of 3 documents (100%)',
    );
  });

  it('names export files after the taxonomy', () => {
    expect(exportFileName('CS.CL Topics (offline)', 'outline')).toBe('cs-cl-topics-offline.md');
    expect(exportFileName('***', 'json')).toBe('taxonomy.json');
    expect(exportFileName('t', 'csv')).toBe('t.csv');
  });
});
