/**
 * The taxonomy as an in-memory tree that edit commands change and the store saves. Node 0 is the
 * invisible root; main categories are its children. A document sits in the node holding its cluster,
 * unless it was moved by hand (`documents`: an override that wins over its cluster).
 */

export const ROOT = 0;

export type NodeFlags = {
  /** The model proposed the node but no cluster stands behind it. */
  noEvidence?: boolean;
  /** Holds clusters nothing else placed. */
  unplaced?: boolean;
  /** Attached from the corpus to an imported scheme. */
  new?: boolean;
  /** An imported node no document of this corpus falls in. */
  noDocuments?: boolean;
};

export type TreeNode = {
  id: number;
  parentId: number;
  label: string;
  definition: string | null;
  flags: NodeFlags;
  /** Cluster ids of the taxonomy's run, ascending. */
  clusterIds: number[];
  topicId: number | null;
};

export type Tree = {
  nodes: Map<number, TreeNode>;
  /** Ordered child ids per parent id (ROOT for the top level); absent = no children. */
  children: Map<number, number[]>;
  /** Documents moved by hand: document id -> node id. */
  documents: Map<number, number>;
};

export const emptyTree = (): Tree => ({ nodes: new Map(), children: new Map(), documents: new Map() });

export const childrenOf = (tree: Tree, id: number): readonly number[] => tree.children.get(id) ?? [];

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

/** Node ids depth-first, parents before children, siblings in order. */
export function walk(tree: Tree, from = ROOT): { id: number; depth: number }[] {
  const out: { id: number; depth: number }[] = [];
  const visit = (id: number, depth: number): void => {
    for (const c of childrenOf(tree, id)) {
      out.push({ id: c, depth });
      visit(c, depth + 1);
    }
  };
  visit(from, 1);
  return out;
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
