/**
 * The taxonomy as an in-memory tree: the shape edit commands change and the store saves. Node 0 is
 * the invisible root; main categories are its children. A document sits in the node holding its
 * cluster, unless it was moved by hand (`documents`: an override that wins over its cluster).
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

/** One recorded edit: a registered command's name and its arguments (plain JSON). */
export type CommandCall = { name: string; args: unknown };
