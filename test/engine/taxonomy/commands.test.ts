import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/engine/algorithms/random';
import type { CommandCall } from '../../../src/engine/taxonomy/commands';
import { performCommand } from '../../../src/engine/taxonomy/commands';
import { EditHistory } from '../../../src/engine/taxonomy/history';
import { sampleTree } from '../../support/taxonomy';
import type { Tree } from '../../../src/engine/taxonomy/tree';
import {
  childrenOf,
  cloneTree,
  isWithin,
  nextNodeId,
  ROOT,
  treeSnapshot,
  walk,
} from '../../../src/engine/taxonomy/tree';

/** A random valid edit of `tree`, or null when the draw does not fit the tree. */
function randomCall(tree: Tree, random: () => number): CommandCall | null {
  const ids = [...tree.nodes.keys()];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const kind = Math.floor(random() * 9);
  if (ids.length === 0 && kind !== 2) return null;
  switch (kind) {
    case 0:
      return { name: 'rename', args: { nodeId: pick(ids), label: `L${Math.floor(random() * 1000)}` } };
    case 1:
      return {
        name: 'define',
        args: { nodeId: pick(ids), definition: random() < 0.2 ? null : `D${random()}` },
      };
    case 2: {
      const parentId = random() < 0.2 || ids.length === 0 ? ROOT : pick(ids);
      return {
        name: 'add',
        args: {
          id: nextNodeId(tree),
          parentId,
          index: Math.floor(random() * (childrenOf(tree, parentId).length + 1)),
          label: `New ${random().toFixed(3)}`,
        },
      };
    }
    case 3:
      return { name: 'delete', args: { nodeId: pick(ids) } };
    case 4: {
      const nodeId = pick(ids);
      const parentId = random() < 0.2 ? ROOT : pick(ids);
      if (isWithin(tree, parentId, nodeId)) return null;
      return {
        name: 'move',
        args: { nodeId, parentId, index: Math.floor(random() * (childrenOf(tree, parentId).length + 1)) },
      };
    }
    case 5: {
      const targetId = pick(ids);
      const sourceIds = [pick(ids), pick(ids)].filter((s) => !isWithin(tree, targetId, s));
      return sourceIds.length ? { name: 'merge', args: { targetId, sourceIds } } : null;
    }
    case 6:
      return {
        name: 'move-documents',
        args: {
          documentIds: [1 + Math.floor(random() * 50), 1 + Math.floor(random() * 50)],
          nodeId: pick(ids),
        },
      };
    case 7:
      return {
        name: 'place-clusters',
        args: { clusterIds: [Math.floor(random() * 12)], nodeId: pick(ids) },
      };
    default: {
      const id = nextNodeId(tree);
      return {
        name: 'split',
        args: {
          nodeId: pick(ids),
          parts: [
            { id, label: 'Part A', documentIds: [1 + Math.floor(random() * 50)] },
            { id: id + 1, label: 'Part B', documentIds: [51 + Math.floor(random() * 50)] },
          ],
        },
      };
    }
  }
}

function checkConsistent(tree: Tree): void {
  const seen = walk(tree).map((w) => w.id);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBe(tree.nodes.size);
  for (const [parent, kids] of tree.children)
    for (const k of kids) expect(tree.nodes.get(k)!.parentId).toBe(parent);
}

describe('taxonomy edit commands', () => {
  it('rename, define, add, delete (children move up), move, merge and split each undo exactly', () => {
    const tree = sampleTree();
    const before = treeSnapshot(tree);
    const calls: CommandCall[] = [
      { name: 'rename', args: { nodeId: 1, label: 'Language Models' } },
      { name: 'define', args: { nodeId: 3, definition: 'A topic.' } },
      { name: 'add', args: { id: 100, parentId: 1, index: 0, label: 'Fresh' } },
      { name: 'delete', args: { nodeId: 2 } },
      { name: 'move', args: { nodeId: 8, parentId: ROOT, index: 0 } },
      { name: 'merge', args: { targetId: 3, sourceIds: [4] } },
      { name: 'move-documents', args: { documentIds: [5, 6], nodeId: 10 } },
      { name: 'split', args: { nodeId: 3, parts: [{ id: 101, label: 'Half', documentIds: [7] }] } },
    ];
    const h = new EditHistory(tree);
    for (const c of calls) h.apply(c);
    expect(childrenOf(tree, ROOT)[0]).toBe(8);
    expect(childrenOf(tree, 1)).toEqual([100, 3, 5]); // node 2's children took its place
    expect(tree.nodes.get(3)!.clusterIds).toEqual([0, 1]);
    expect(tree.nodes.has(4)).toBe(false);
    expect(tree.documents.get(7)).toBe(101);
    checkConsistent(tree);
    for (let i = 0; i < calls.length; i++) expect(h.undo()).toBe(true);
    expect(h.undo()).toBe(false);
    expect(treeSnapshot(tree)).toEqual(before);
  });

  it('refuses invalid edits without changing the tree', () => {
    const tree = sampleTree();
    const before = treeSnapshot(tree);
    expect(() => performCommand(tree, { name: 'move', args: { nodeId: 1, parentId: 2, index: 0 } })).toThrow(
      /under itself/,
    );
    expect(() => performCommand(tree, { name: 'rename', args: { nodeId: 999, label: 'x' } })).toThrow(
      /no node/,
    );
    expect(() => performCommand(tree, { name: 'merge', args: { targetId: 3, sourceIds: [1] } })).toThrow();
    expect(() => performCommand(tree, { name: 'nope', args: {} })).toThrow(/unknown/);
    expect(() => performCommand(tree, { name: 'rename', args: { nodeId: 1, label: '  ' } })).toThrow(
      /bad arguments/,
    );
    expect(treeSnapshot(tree)).toEqual(before);
  });

  it('200 random edits then 200 undos restore the tree; redo replays to the same final tree', () => {
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      const tree = sampleTree();
      const initial = treeSnapshot(tree);
      const h = new EditHistory(tree);
      let applied = 0;
      while (applied < 200) {
        const call = randomCall(tree, random);
        if (!call) continue;
        h.apply(call);
        applied++;
      }
      checkConsistent(tree);
      const final = treeSnapshot(cloneTree(tree));
      for (let i = 0; i < 200; i++) expect(h.undo()).toBe(true);
      expect(treeSnapshot(tree)).toEqual(initial);
      for (let i = 0; i < 200; i++) expect(h.redo()).toBe(true);
      expect(treeSnapshot(tree)).toEqual(final);
    }
  });
});
