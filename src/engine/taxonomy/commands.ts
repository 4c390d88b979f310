import { z } from 'zod';
import { nodeFlagsSchema, taxonomyEditArgs } from '../../shared/commands';
import { AppError } from '../../shared/errors';
import type { CommandCall } from '../../shared/taxonomy-tree';
import type { NodeFlags, Tree, TreeNode } from './tree';
import { childrenOf, cloneNode, isWithin, ROOT } from './tree';

export type { CommandCall };

/**
 * An edit the curator can make and undo. `invert` runs on the tree *before* `perform` and returns the
 * call that brings it back, so undo replays inverses and redo replays the command; both are stored.
 */
export type EditCommand<A> = {
  name: string;
  args: z.ZodType<A>;
  perform: (tree: Tree, args: A) => void;
  invert: (tree: Tree, args: A) => CommandCall;
};

const nodeId = z.number().int().positive();
const flagsSchema: z.ZodType<NodeFlags> = nodeFlagsSchema;
const treeNodeSchema: z.ZodType<TreeNode> = z.object({
  id: nodeId,
  parentId: z.number().int().nonnegative(),
  label: z.string(),
  definition: z.string().nullable(),
  flags: flagsSchema,
  clusterIds: z.array(z.number().int()),
  topicId: z.number().int().nullable(),
});

const invalid = (message: string): AppError => new AppError('INVALID_INPUT', message);

function nodeOf(tree: Tree, id: number): TreeNode {
  const n = tree.nodes.get(id);
  if (!n) throw invalid(`no node ${id} in this taxonomy`);
  return n;
}

function parentOk(tree: Tree, id: number): void {
  if (id !== ROOT) nodeOf(tree, id);
}

function setChildren(tree: Tree, parent: number, ids: number[]): void {
  if (ids.length === 0) tree.children.delete(parent);
  else tree.children.set(parent, ids);
}

function detach(tree: Tree, id: number): number {
  const n = nodeOf(tree, id);
  const list = [...childrenOf(tree, n.parentId)];
  const at = list.indexOf(id);
  list.splice(at, 1);
  setChildren(tree, n.parentId, list);
  return at;
}

function attach(tree: Tree, id: number, parent: number, index: number): void {
  const list = [...childrenOf(tree, parent)];
  list.splice(Math.max(0, Math.min(index, list.length)), 0, id);
  tree.children.set(parent, list);
  nodeOf(tree, id).parentId = parent;
}

const docsIn = (tree: Tree, ids: ReadonlySet<number>): number[] =>
  [...tree.documents].filter(([, node]) => ids.has(node)).map(([doc]) => doc);

/** The exact prior state of some nodes, child lists and document overrides (null = absent). */
export type Patch = {
  nodes: [number, TreeNode | null][];
  children: [number, number[] | null][];
  documents: [number, number | null][];
};

const patchSchema: z.ZodType<Patch> = z.object({
  nodes: z.array(z.tuple([z.number().int(), treeNodeSchema.nullable()])),
  children: z.array(z.tuple([z.number().int(), z.array(z.number().int()).nullable()])),
  documents: z.array(z.tuple([z.number().int(), z.number().int().nullable()])),
});

/** Records the current values of the given keys: applying it later restores exactly them. */
export function capture(
  tree: Tree,
  keys: { nodes?: Iterable<number>; children?: Iterable<number>; documents?: Iterable<number> },
): CommandCall {
  const patch: Patch = {
    nodes: [...new Set(keys.nodes ?? [])].map((id) => {
      const n = tree.nodes.get(id);
      return [id, n ? cloneNode(n) : null];
    }),
    children: [...new Set(keys.children ?? [])].map((id) => {
      const c = tree.children.get(id);
      return [id, c ? [...c] : null];
    }),
    documents: [...new Set(keys.documents ?? [])].map((d) => [d, tree.documents.get(d) ?? null]),
  };
  return { name: 'restore', args: patch };
}

const restore: EditCommand<Patch> = {
  name: 'restore',
  args: patchSchema,
  perform(tree, p) {
    for (const [id, n] of p.nodes) {
      if (n) tree.nodes.set(id, cloneNode(n));
      else tree.nodes.delete(id);
    }
    for (const [id, c] of p.children) setChildren(tree, id, c ? [...c] : []);
    for (const [d, node] of p.documents) {
      if (node === null) tree.documents.delete(d);
      else tree.documents.set(d, node);
    }
  },
  invert: (tree, p) =>
    capture(tree, {
      nodes: p.nodes.map(([id]) => id),
      children: p.children.map(([id]) => id),
      documents: p.documents.map(([d]) => d),
    }),
};

const renameArgs = taxonomyEditArgs.rename;
const rename: EditCommand<z.infer<typeof renameArgs>> = {
  name: 'rename',
  args: renameArgs,
  perform: (tree, a) => void (nodeOf(tree, a.nodeId).label = a.label),
  invert: (tree, a) => ({ name: 'rename', args: { nodeId: a.nodeId, label: nodeOf(tree, a.nodeId).label } }),
};

const defineArgs = taxonomyEditArgs.define;
const define: EditCommand<z.infer<typeof defineArgs>> = {
  name: 'define',
  args: defineArgs,
  perform: (tree, a) => void (nodeOf(tree, a.nodeId).definition = a.definition),
  invert: (tree, a) => ({
    name: 'define',
    args: { nodeId: a.nodeId, definition: nodeOf(tree, a.nodeId).definition },
  }),
};

const addArgs = taxonomyEditArgs.add;
const add: EditCommand<z.infer<typeof addArgs>> = {
  name: 'add',
  args: addArgs,
  perform(tree, a) {
    if (tree.nodes.has(a.id)) throw invalid(`node ${a.id} exists already`);
    parentOk(tree, a.parentId);
    tree.nodes.set(a.id, {
      id: a.id,
      parentId: a.parentId,
      label: a.label,
      definition: a.definition ?? null,
      flags: { ...a.flags },
      clusterIds: [],
      topicId: null,
    });
    attach(tree, a.id, a.parentId, a.index ?? childrenOf(tree, a.parentId).length);
  },
  invert: (tree, a) => capture(tree, { nodes: [a.id], children: [a.parentId] }),
};

const deleteArgs = taxonomyEditArgs.delete;
/** Deletes a node; its children move up into its place, its clusters become unplaced. */
const remove: EditCommand<z.infer<typeof deleteArgs>> = {
  name: 'delete',
  args: deleteArgs,
  perform(tree, a) {
    const n = nodeOf(tree, a.nodeId);
    const kids = [...childrenOf(tree, a.nodeId)];
    const at = detach(tree, a.nodeId);
    kids.forEach((k, i) => attach(tree, k, n.parentId, at + i));
    tree.children.delete(a.nodeId);
    for (const d of docsIn(tree, new Set([a.nodeId]))) tree.documents.delete(d);
    tree.nodes.delete(a.nodeId);
  },
  invert(tree, a) {
    const n = nodeOf(tree, a.nodeId);
    const kids = childrenOf(tree, a.nodeId);
    return capture(tree, {
      nodes: [a.nodeId, ...kids],
      children: [n.parentId, a.nodeId],
      documents: docsIn(tree, new Set([a.nodeId])),
    });
  },
};

const moveArgs = taxonomyEditArgs.move;
/** Reparents and/or reorders: `index` is the place among the new parent's children. */
const move: EditCommand<z.infer<typeof moveArgs>> = {
  name: 'move',
  args: moveArgs,
  perform(tree, a) {
    nodeOf(tree, a.nodeId);
    parentOk(tree, a.parentId);
    if (isWithin(tree, a.parentId, a.nodeId)) throw invalid(`node ${a.nodeId} cannot move under itself`);
    detach(tree, a.nodeId);
    attach(tree, a.nodeId, a.parentId, a.index);
  },
  invert(tree, a) {
    const n = nodeOf(tree, a.nodeId);
    return {
      name: 'move',
      args: { nodeId: a.nodeId, parentId: n.parentId, index: childrenOf(tree, n.parentId).indexOf(a.nodeId) },
    };
  },
};

const mergeArgs = taxonomyEditArgs.merge;
/** Merges topics into `targetId`: their clusters, moved documents and children join it. */
const merge: EditCommand<z.infer<typeof mergeArgs>> = {
  name: 'merge',
  args: mergeArgs,
  perform(tree, a) {
    const target = nodeOf(tree, a.targetId);
    for (const s of a.sourceIds) {
      nodeOf(tree, s);
      if (s === a.targetId || isWithin(tree, a.targetId, s))
        throw invalid(`node ${s} contains node ${a.targetId} and cannot merge into it`);
    }
    for (const s of new Set(a.sourceIds)) {
      const src = nodeOf(tree, s);
      target.clusterIds = [...new Set([...target.clusterIds, ...src.clusterIds])].sort((x, y) => x - y);
      const kids = [...childrenOf(tree, s)];
      detach(tree, s);
      for (const k of kids) attach(tree, k, a.targetId, childrenOf(tree, a.targetId).length);
      tree.children.delete(s);
      for (const d of docsIn(tree, new Set([s]))) tree.documents.set(d, a.targetId);
      tree.nodes.delete(s);
    }
  },
  invert(tree, a) {
    const sources = new Set(a.sourceIds.filter((s) => tree.nodes.has(s)));
    const kids = [...sources].flatMap((s) => childrenOf(tree, s));
    return capture(tree, {
      nodes: [a.targetId, ...sources, ...kids],
      children: [a.targetId, ...sources, ...[...sources].map((s) => nodeOf(tree, s).parentId)],
      documents: docsIn(tree, sources),
    });
  },
};

const moveDocumentsArgs = taxonomyEditArgs['move-documents'];
/** Moves documents into a topic by hand, whatever cluster they came from. */
const moveDocuments: EditCommand<z.infer<typeof moveDocumentsArgs>> = {
  name: 'move-documents',
  args: moveDocumentsArgs,
  perform(tree, a) {
    nodeOf(tree, a.nodeId);
    for (const d of a.documentIds) tree.documents.set(d, a.nodeId);
  },
  invert: (tree, a) => capture(tree, { documents: a.documentIds }),
};

const placeClustersArgs = taxonomyEditArgs['place-clusters'];
/** Puts clusters into a node, taking them out of wherever they were. */
const placeClusters: EditCommand<z.infer<typeof placeClustersArgs>> = {
  name: 'place-clusters',
  args: placeClustersArgs,
  perform(tree, a) {
    const target = nodeOf(tree, a.nodeId);
    const moving = new Set(a.clusterIds);
    for (const n of tree.nodes.values()) n.clusterIds = n.clusterIds.filter((c) => !moving.has(c));
    target.clusterIds = [...new Set([...target.clusterIds, ...moving])].sort((x, y) => x - y);
  },
  invert(tree, a) {
    const moving = new Set(a.clusterIds);
    const holders = [...tree.nodes.values()].filter((n) => n.clusterIds.some((c) => moving.has(c)));
    return capture(tree, { nodes: [a.nodeId, ...holders.map((n) => n.id)] });
  },
};

const splitArgs = taxonomyEditArgs.split;
/**
 * Splits a topic into child topics, each holding the documents given (computed beforehand, e.g. by
 * re-clustering, so redo needs no recomputation); documents in no part stay with the topic.
 */
const split: EditCommand<z.infer<typeof splitArgs>> = {
  name: 'split',
  args: splitArgs,
  perform(tree, a) {
    nodeOf(tree, a.nodeId);
    for (const p of a.parts) if (tree.nodes.has(p.id)) throw invalid(`node ${p.id} exists already`);
    for (const p of a.parts) {
      tree.nodes.set(p.id, {
        id: p.id,
        parentId: a.nodeId,
        label: p.label,
        definition: p.definition ?? null,
        flags: {},
        clusterIds: [],
        topicId: null,
      });
      attach(tree, p.id, a.nodeId, childrenOf(tree, a.nodeId).length);
      for (const d of p.documentIds) tree.documents.set(d, p.id);
    }
  },
  invert: (tree, a) =>
    capture(tree, {
      nodes: a.parts.map((p) => p.id),
      children: [a.nodeId],
      documents: a.parts.flatMap((p) => p.documentIds),
    }),
};

const flagArgs = taxonomyEditArgs.flag;
/** Replaces a node's flags (e.g. clears "proposed, no evidence" once the curator accepts it). */
const flag: EditCommand<z.infer<typeof flagArgs>> = {
  name: 'flag',
  args: flagArgs,
  perform: (tree, a) => void (nodeOf(tree, a.nodeId).flags = { ...a.flags }),
  invert: (tree, a) => ({
    name: 'flag',
    args: { nodeId: a.nodeId, flags: { ...nodeOf(tree, a.nodeId).flags } },
  }),
};

/** Every registered edit, by name. */
export const commands: Readonly<Record<string, EditCommand<never>>> = Object.fromEntries(
  [restore, rename, define, add, remove, move, merge, moveDocuments, placeClusters, split, flag].map((c) => [
    c.name,
    c as unknown as EditCommand<never>,
  ]),
);

/**
 * Validates and performs `call` on `tree`, returning its inverse. A call that fails validation leaves
 * the tree as it was (each command checks before it changes anything).
 */
export function performCommand(tree: Tree, call: CommandCall): { call: CommandCall; inverse: CommandCall } {
  const cmd = commands[call.name] as EditCommand<unknown> | undefined;
  if (!cmd) throw invalid(`unknown taxonomy edit "${call.name}"`);
  const parsed = cmd.args.safeParse(call.args);
  if (!parsed.success)
    throw invalid(
      `bad arguments for "${call.name}": ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  const inverse = cmd.invert(tree, parsed.data);
  cmd.perform(tree, parsed.data);
  return { call: { name: call.name, args: parsed.data }, inverse };
}
