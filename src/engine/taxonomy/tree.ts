/**
 * Operations on the taxonomy tree. Its shape (nodes, children, hand-placed documents) lives in
 * src/shared/taxonomy-tree.ts, where the store can read and write it too.
 */

import type { Tree, TreeNode } from '../../shared/taxonomy-tree';
import { childrenOf, emptyTree, ROOT, walk } from '../../shared/taxonomy-tree';

export type { NodeFlags, Tree, TreeNode } from '../../shared/taxonomy-tree';
export { childrenOf, emptyTree, ROOT, walk } from '../../shared/taxonomy-tree';

export function cloneNode(n: TreeNode): TreeNode {
  return { ...n, flags: { ...n.flags }, clusterIds: [...n.clusterIds] };
}

export function cloneTree(tree: Tree): Tree {
  return {
    nodes: new Map([...tree.nodes].map(([id, n]) => [id, cloneNode(n)])),
    children: new Map([...tree.children].map(([id, c]) => [id, [...c]])),
    documents: new Map(tree.documents),
  };
}

/** True when `id` is `ancestor` or lies below it. */
export function isWithin(tree: Tree, id: number, ancestor: number): boolean {
  for (let cur: number | undefined = id; cur !== undefined;) {
    if (cur === ancestor) return true;
    if (cur === ROOT) return false;
    cur = tree.nodes.get(cur)?.parentId;
  }
  return false;
}

/** Labels from the root down to `id`. */
export function pathOf(tree: Tree, id: number): string[] {
  const out: string[] = [];
  for (let cur = tree.nodes.get(id); cur; cur = tree.nodes.get(cur.parentId)) out.unshift(cur.label);
  return out;
}

export function nextNodeId(tree: Tree, floor = 0): number {
  let max = floor;
  for (const id of tree.nodes.keys()) if (id > max) max = id;
  return max + 1;
}

/** Which node each cluster is placed in (the first, in walk order, if placed twice). */
export function clusterPlacement(tree: Tree): Map<number, number> {
  const out = new Map<number, number>();
  for (const { id } of walk(tree)) {
    for (const c of tree.nodes.get(id)!.clusterIds) if (!out.has(c)) out.set(c, id);
  }
  return out;
}

/**
 * The node of every placed document: its hand-made override, else the node of its cluster.
 * `assignments` maps document id -> cluster id (-1 = noise, never placed by cluster).
 */
export function documentPlacement(tree: Tree, assignments: ReadonlyMap<number, number>): Map<number, number> {
  const byCluster = clusterPlacement(tree);
  const out = new Map<number, number>();
  for (const [doc, cluster] of assignments) {
    const node = cluster >= 0 ? byCluster.get(cluster) : undefined;
    if (node !== undefined) out.set(doc, node);
  }
  for (const [doc, node] of tree.documents) if (tree.nodes.has(node)) out.set(doc, node);
  return out;
}

/** A canonical, order-preserving plain form: equal trees give equal values (tests, snapshots). */
export function treeSnapshot(tree: Tree): unknown {
  const sortedEntries = <V>(m: Map<number, V>) => [...m].sort((a, b) => a[0] - b[0]);
  return {
    nodes: sortedEntries(tree.nodes).map(([, n]) => ({
      ...n,
      flags: Object.fromEntries(
        Object.entries(n.flags)
          .filter(([, v]) => v)
          .sort(),
      ),
    })),
    children: sortedEntries(tree.children).filter(([, c]) => c.length > 0),
    documents: sortedEntries(tree.documents),
  };
}

/**
 * A new tree and an `add` that appends a node under a parent with ids from `firstId` up, for the
 * generators (offline, LLM, import) that build a tree from nothing.
 */
export function treeBuilder(firstId: number): {
  tree: Tree;
  add: (parentId: number, label: string, extra?: Partial<TreeNode>) => number;
} {
  const tree = emptyTree();
  let nextId = firstId;
  const add = (parentId: number, label: string, extra: Partial<TreeNode> = {}): number => {
    const id = nextId++;
    tree.nodes.set(id, {
      id,
      parentId,
      label,
      definition: null,
      flags: {},
      clusterIds: [],
      topicId: null,
      ...extra,
    });
    tree.children.set(parentId, [...childrenOf(tree, parentId), id]);
    return id;
  };
  return { tree, add };
}
