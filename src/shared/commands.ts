import { z } from 'zod';

// Every edit a curator can make, as data: the engine applies one, records how to revert it in the
// project's one history, and undo and redo walk that history whichever panel made the edit.

const id = z.number().int().positive();
const nodeId = id;
/** A node's parent: 0 is the top level. */
const parentId = z.number().int().nonnegative();

export const nodeFlagsSchema = z.object({
  noEvidence: z.boolean().optional(),
  unplaced: z.boolean().optional(),
  new: z.boolean().optional(),
  noDocuments: z.boolean().optional(),
});

export const taxonomyEditArgs = {
  rename: z.object({ nodeId, label: z.string().trim().min(1) }),
  define: z.object({ nodeId, definition: z.string().nullable() }),
  add: z.object({
    id: nodeId,
    parentId,
    index: z.number().int().nonnegative().optional(),
    label: z.string().trim().min(1),
    definition: z.string().nullable().optional(),
    flags: nodeFlagsSchema.optional(),
  }),
  /** Deletes a node; its children move up into its place, its clusters become unplaced. */
  delete: z.object({ nodeId }),
  /** Reparents and/or reorders: `index` is the place among the new parent's children. */
  move: z.object({ nodeId, parentId, index: z.number().int().nonnegative() }),
  /** Merges topics into `targetId`: their clusters, moved documents and children join it. */
  merge: z.object({ targetId: nodeId, sourceIds: z.array(nodeId).min(1) }),
  /** Moves documents into a topic of the tree by hand, whatever cluster they came from. */
  'move-documents': z.object({ documentIds: z.array(z.number().int()).min(1), nodeId }),
  /** Puts clusters into a node, taking them out of wherever they were. */
  'place-clusters': z.object({ clusterIds: z.array(z.number().int().nonnegative()).min(1), nodeId }),
  /**
   * Splits a topic into child topics, each holding the documents given (computed beforehand, e.g. by
   * re-clustering, so redo needs no recomputation); documents in no part stay with the topic.
   */
  split: z.object({
    nodeId,
    parts: z
      .array(
        z.object({
          id: nodeId,
          label: z.string().trim().min(1),
          definition: z.string().nullable().optional(),
          documentIds: z.array(z.number().int()),
        }),
      )
      .min(1),
  }),
  /** Replaces a node's flags (e.g. clears "proposed, no evidence" once the curator accepts it). */
  flag: z.object({ nodeId, flags: nodeFlagsSchema }),
} as const;

export type TaxonomyEditName = keyof typeof taxonomyEditArgs;

const editOf = <N extends TaxonomyEditName>(name: N) =>
  z.object({ name: z.literal(name), args: taxonomyEditArgs[name] }).strict();

/** One edit of a taxonomy tree, with its arguments typed by name. */
export const taxonomyEditSchema = z.discriminatedUnion('name', [
  editOf('rename'),
  editOf('define'),
  editOf('add'),
  editOf('delete'),
  editOf('move'),
  editOf('merge'),
  editOf('move-documents'),
  editOf('place-clusters'),
  editOf('split'),
  editOf('flag'),
]);
export type TaxonomyEdit = z.infer<typeof taxonomyEditSchema>;

/** The cluster id that stands for "no topic": documents moved there are unplaced, like noise. */
export const UNPLACED_CLUSTER = -1;

/**
 * Every curator edit. The review of a topic's assigned documents keeps some where they are and moves
 * the others (to another topic or back to unplaced): its edits are `move-documents`.
 */
export const commandSchema = z.discriminatedUnion('kind', [
  /** An edit of a taxonomy (default: the newest). */
  z
    .object({ kind: z.literal('taxonomy-edit'), taxonomyId: id.optional(), edit: taxonomyEditSchema })
    .strict(),
  /** Re-clusters a taxonomy node's documents into child topics (planned once, so redo repeats it exactly). */
  z
    .object({
      kind: z.literal('taxonomy-split'),
      taxonomyId: id.optional(),
      nodeId: id,
      minClusterSize: z.number().int().min(2).optional(),
    })
    .strict(),
  /** A topic's new label (and description): its source becomes human and it locks. */
  z
    .object({
      kind: z.literal('topic-rename'),
      runId: id,
      clusterId: z.number().int(),
      label: z.string().trim().min(1).max(200),
      description: z.string().max(2000).nullable().optional(),
    })
    .strict(),
  /** Locks or unlocks a topic's label against relabelling. */
  z
    .object({ kind: z.literal('topic-lock'), runId: id, clusterId: z.number().int(), locked: z.boolean() })
    .strict(),
  /** Reassigns documents of a cluster run to one of its topics, or to UNPLACED_CLUSTER (-1). */
  z
    .object({
      kind: z.literal('move-documents'),
      runId: id,
      documentIds: z.array(z.number().int().positive()).min(1).max(1_000_000),
      clusterId: z.number().int().min(-1),
    })
    .strict(),
]);
export type Command = z.infer<typeof commandSchema>;
export type CommandKind = Command['kind'];

/** One edit in the history as the buttons and the Edit menu name it. */
export const historyEntrySchema = z.object({
  id: z.number(),
  kind: z.string(),
  /** 'rename “Speech” to “Speech recognition”' */
  label: z.string(),
  at: z.string(),
});
export type HistoryEntryView = z.infer<typeof historyEntrySchema>;

/** What undo and redo would do next; null when there is nothing. */
export const historyStateSchema = z.object({
  undo: historyEntrySchema.nullable(),
  redo: historyEntrySchema.nullable(),
});
export type HistoryState = z.infer<typeof historyStateSchema>;

/** Typographic quotes around a name in an edit's label, shortened so a title stays readable. */
export function quoted(name: string, max = 60): string {
  const t = name.length > max ? `${name.slice(0, max - 1)}…` : name;
  return `“${t}”`;
}

const count = (n: number, one: string, many: string): string =>
  n === 1 ? one : `${n.toLocaleString('en-US')} ${many}`;

/**
 * The names an edit's label needs, as they were before the edit: a taxonomy node's label, a topic's
 * label (undefined when unknown).
 */
export type NameLookup = {
  node(id: number): string | undefined;
  topic(clusterId: number): string | undefined;
};

function editLabel(edit: TaxonomyEdit, names: NameLookup): string {
  const node = (id: number) => quoted(names.node(id) ?? `node ${id}`);
  switch (edit.name) {
    case 'rename':
      return `rename ${node(edit.args.nodeId)} to ${quoted(edit.args.label)}`;
    case 'define':
      return `edit the definition of ${node(edit.args.nodeId)}`;
    case 'add':
      return `add ${quoted(edit.args.label)}`;
    case 'delete':
      return `delete ${node(edit.args.nodeId)}`;
    case 'move':
      return `move ${node(edit.args.nodeId)}`;
    case 'merge': {
      const [first, ...more] = edit.args.sourceIds;
      return `merge ${node(first!)}${more.length ? ` and ${more.length} more` : ''}`;
    }
    case 'move-documents':
      return `move ${count(edit.args.documentIds.length, 'a document', 'documents')} to ${node(edit.args.nodeId)}`;
    case 'place-clusters':
      return `place ${count(edit.args.clusterIds.length, 'a cluster', 'clusters')} in ${node(edit.args.nodeId)}`;
    case 'split':
      return `split ${node(edit.args.nodeId)}`;
    case 'flag':
      return `change the flags of ${node(edit.args.nodeId)}`;
  }
}

/**
 * An edit named in a sentence for the Undo button and the Edit menu: 'rename “Speech” to “Talk”'.
 * `moved` is how many documents a move changed, when known (some may be in the target already).
 */
export function commandLabel(command: Command, names: NameLookup, moved?: number): string {
  const topic = (clusterId: number) => quoted(names.topic(clusterId) ?? `topic ${clusterId}`);
  switch (command.kind) {
    case 'taxonomy-edit':
      return editLabel(command.edit, names);
    case 'taxonomy-split':
      return `split ${quoted(names.node(command.nodeId) ?? `node ${command.nodeId}`)}`;
    case 'topic-rename':
      return `rename ${topic(command.clusterId)} to ${quoted(command.label)}`;
    case 'topic-lock':
      return `${command.locked ? 'lock' : 'unlock'} ${topic(command.clusterId)}`;
    case 'move-documents': {
      const docs = count(moved ?? command.documentIds.length, 'a document', 'documents');
      return command.clusterId === UNPLACED_CLUSTER
        ? `set ${docs} unplaced`
        : `move ${docs} to ${topic(command.clusterId)}`;
    }
  }
}
