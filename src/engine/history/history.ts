import { z } from 'zod';
import type {
  Command,
  HistoryEntryView,
  HistoryState,
  NameLookup,
  TaxonomyEdit,
} from '../../shared/commands';
import { commandLabel, taxonomyEditSchema } from '../../shared/commands';
import { AppError } from '../../shared/errors';
import { assignDocuments, assignEntriesSchema, assignmentScope, moveDocumentsToCluster } from '../curation';
import type { ProjectStore, Topic, TopicState } from '../store';
import {
  dropHistoryEntry,
  editTopic,
  firstUndone,
  getTopic,
  lastDone,
  markUndone,
  recordHistory,
  relabelTopicLeaves,
  restoreTopic,
  setTopicLocked,
  topicState,
} from '../store';
import type { HistoryRow } from '../store';
import type { CommandCall } from '../taxonomy';
import { historyScope, planSplit, resolveTaxonomy, TaxonomyEditor } from '../taxonomy';

/** A topic's edits (rename, lock) share a scope of the history per cluster run. */
export const labelScope = (runId: number): string => `labels:${runId}`;

/**
 * What the history stores to make or revert an edit. Each kind runs on its own executor: the
 * taxonomy's registered commands, the assignment writer of document moves, a topic's naming.
 */
const stepSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('taxonomy'),
    taxonomyId: z.number().int(),
    call: z.object({ name: z.string(), args: z.unknown() }),
  }),
  z.object({ kind: z.literal('assign'), runId: z.number().int(), entries: assignEntriesSchema }),
  z.object({
    kind: z.literal('topic'),
    runId: z.number().int(),
    clusterId: z.number().int(),
    state: z.object({
      label: z.string(),
      description: z.string().nullable(),
      source: z.enum(['llm', 'keywords', 'human']),
      locked: z.boolean(),
      provenance: z.record(z.string(), z.unknown()).nullable(),
    }),
  }),
]);
type Step = z.infer<typeof stepSchema>;

/** What a step changed, for the answer to the request that ran it. */
export type StepOutcome =
  | { kind: 'taxonomy'; taxonomyId: number }
  | { kind: 'assign'; runId: number; moved: number; sizes: { clusterId: number; size: number }[] }
  | { kind: 'topic'; topic: Topic };

function performStep(store: ProjectStore, step: Step): StepOutcome {
  switch (step.kind) {
    case 'taxonomy':
      TaxonomyEditor.open(store, step.taxonomyId).perform(step.call as CommandCall);
      return { kind: 'taxonomy', taxonomyId: step.taxonomyId };
    case 'assign':
      return { kind: 'assign', runId: step.runId, ...assignDocuments(store, step.runId, step.entries) };
    case 'topic': {
      const before = getTopic(store.db, step.runId, step.clusterId);
      const after = restoreTopic(store.db, step.runId, step.clusterId, step.state as TopicState);
      if (!before || !after) throw noTopic(step.runId, step.clusterId);
      relabelTopicLeaves(store.db, after.id, before, after);
      return { kind: 'topic', topic: after };
    }
  }
}

const noTopic = (runId: number, clusterId: number) =>
  new AppError('NOT_FOUND', `no topic for cluster ${clusterId} of run ${runId}`);

/** The outcome of an edit: what it changed, and its history entry (null when it changed nothing). */
export type Applied = { entry: HistoryEntryView | null; outcome: StepOutcome };

const entryView = (row: { id: number; kind: string; label: string; at: string }): HistoryEntryView => ({
  id: row.id,
  kind: row.kind,
  label: row.label,
  at: row.at,
});

function record(
  store: ProjectStore,
  v: { scope: string; kind: Command['kind']; label: string; redo: Step; undo: Step },
): HistoryEntryView {
  const { id, at } = recordHistory(store.db, v);
  return { id, kind: v.kind, label: v.label, at };
}

const topicNames = (store: ProjectStore, runId: number | null) => (clusterId: number) =>
  runId === null ? undefined : getTopic(store.db, runId, clusterId)?.label;

function applyTaxonomyCall(
  store: ProjectStore,
  editor: TaxonomyEditor,
  command: Command,
  call: CommandCall,
): Applied {
  const taxonomy = resolveTaxonomy(store, editor.taxonomyId);
  const names: NameLookup = {
    node: (id) => editor.tree.nodes.get(id)?.label,
    topic: topicNames(store, taxonomy.runId),
  };
  const label = commandLabel(command, names);
  const { call: done, inverse } = editor.perform(call);
  const taxonomyId = editor.taxonomyId;
  const entry = record(store, {
    scope: historyScope(taxonomyId),
    kind: command.kind,
    label,
    redo: { kind: 'taxonomy', taxonomyId, call: done },
    undo: { kind: 'taxonomy', taxonomyId, call: inverse },
  });
  return { entry, outcome: { kind: 'taxonomy', taxonomyId } };
}

function applyTopicEdit(
  store: ProjectStore,
  command: Extract<Command, { kind: 'topic-rename' | 'topic-lock' }>,
): Applied {
  const { runId, clusterId } = command;
  const db = store.db;
  const before = getTopic(db, runId, clusterId);
  if (!before) throw noTopic(runId, clusterId);
  const label = commandLabel(command, { node: () => undefined, topic: () => before.label });
  if (command.kind === 'topic-rename') {
    const after = editTopic(db, runId, clusterId, {
      label: command.label,
      ...(command.description !== undefined ? { description: command.description } : {}),
    })!;
    relabelTopicLeaves(db, after.id, before, after);
  } else if (before.locked === command.locked) {
    return { entry: null, outcome: { kind: 'topic', topic: before } };
  } else setTopicLocked(db, runId, clusterId, command.locked);
  const after = getTopic(db, runId, clusterId)!;
  const entry = record(store, {
    scope: labelScope(runId),
    kind: command.kind,
    label,
    redo: { kind: 'topic', runId, clusterId, state: topicState(after) },
    undo: { kind: 'topic', runId, clusterId, state: topicState(before) },
  });
  return { entry, outcome: { kind: 'topic', topic: after } };
}

/**
 * Makes a curator's edit and records it, with the step that reverts it, in the project's one history,
 * in one transaction: undo and redo work the same after the project is reopened. An edit that
 * changes nothing (documents already in their target, a lock as it was) is not recorded.
 */
export function applyCommand(store: ProjectStore, command: Command): Applied {
  if (command.kind === 'taxonomy-split') {
    // Planned outside the transaction (it re-clusters); the planned split is what redo replays.
    const editor = TaxonomyEditor.open(store, resolveTaxonomy(store, command.taxonomyId).id);
    const call = planSplit(store, editor, command.nodeId, {
      ...(command.minClusterSize !== undefined ? { minClusterSize: command.minClusterSize } : {}),
    });
    return store.transaction(() => applyTaxonomyCall(store, editor, command, call));
  }
  return store.transaction((): Applied => {
    switch (command.kind) {
      case 'taxonomy-edit': {
        const editor = TaxonomyEditor.open(store, resolveTaxonomy(store, command.taxonomyId).id);
        return applyTaxonomyCall(store, editor, command, command.edit);
      }
      case 'topic-rename':
      case 'topic-lock':
        return applyTopicEdit(store, command);
      case 'move-documents': {
        const { runId } = command;
        const move = moveDocumentsToCluster(store, command);
        const outcome: StepOutcome = { kind: 'assign', runId, moved: move.moved, sizes: move.sizes };
        if (move.moved === 0) return { entry: null, outcome };
        const names = { node: () => undefined, topic: topicNames(store, runId) };
        const entry = record(store, {
          scope: assignmentScope(runId),
          kind: command.kind,
          label: commandLabel(command, names, move.moved),
          redo: { kind: 'assign', runId, entries: move.entries },
          undo: { kind: 'assign', runId, entries: move.inverse },
        });
        return { entry, outcome };
      }
    }
  });
}

/**
 * An undo or redo: the entry it took and what it changed; `edit` is a taxonomy edit's registered
 * command as it was made (null for other kinds). Null when there was nothing to take.
 */
export type Stepped = { entry: HistoryEntryView; outcome: StepOutcome; edit: CommandCall | null } | null;

function step(store: ProjectStore, direction: 'undo' | 'redo', scope?: string): Stepped {
  try {
    return stepNow(store, direction, scope);
  } catch (e) {
    // What the edit changed is gone (nothing has been changed yet: every step checks first): the
    // entry leaves the history, so it cannot block the edits before it.
    const row = direction === 'undo' ? lastDone(store.db, scope) : firstUndone(store.db, scope);
    if (!(e instanceof AppError) || e.code !== 'NOT_FOUND' || !row) throw e;
    dropHistoryEntry(store.db, row.id);
    throw new AppError('NOT_FOUND', `${row.label} can no longer be ${direction}ne: ${e.message}`);
  }
}

function stepNow(store: ProjectStore, direction: 'undo' | 'redo', scope?: string): Stepped {
  return store.transaction((): Stepped => {
    const row: HistoryRow | undefined =
      direction === 'undo' ? lastDone(store.db, scope) : firstUndone(store.db, scope);
    if (!row) return null;
    const redo = stepSchema.parse(row.redo);
    const outcome = performStep(store, direction === 'undo' ? stepSchema.parse(row.undo) : redo);
    markUndone(store.db, row.id, direction === 'undo');
    return {
      entry: entryView(row),
      outcome,
      edit: redo.kind === 'taxonomy' ? (redo.call as CommandCall) : null,
    };
  });
}

/** Reverts the newest edit not yet undone (of one scope, when given: the per-domain channels). */
export const undoEdit = (store: ProjectStore, scope?: string): Stepped => step(store, 'undo', scope);

/** Replays the oldest undone edit (of one scope, when given). */
export const redoEdit = (store: ProjectStore, scope?: string): Stepped => step(store, 'redo', scope);

export const canUndo = (store: ProjectStore, scope?: string): boolean =>
  lastDone(store.db, scope) !== undefined;
export const canRedo = (store: ProjectStore, scope?: string): boolean =>
  firstUndone(store.db, scope) !== undefined;

/** A registered taxonomy command built in code (the CLI's, a planned split) checked as a typed edit. */
export function taxonomyEdit(call: CommandCall): TaxonomyEdit {
  const parsed = taxonomyEditSchema.safeParse(call);
  if (!parsed.success)
    throw new AppError(
      'INVALID_INPUT',
      `bad taxonomy edit "${call.name}": ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return parsed.data;
}

/** What undo and redo would take next, for the buttons and the Edit menu. */
export function historyState(store: ProjectStore): HistoryState {
  const undo = lastDone(store.db);
  const redo = firstUndone(store.db);
  return { undo: undo ? entryView(undo) : null, redo: redo ? entryView(redo) : null };
}
