import type { z } from 'zod';
import type { RequestOutput, Requests } from '../../shared/contract';
import type { Command } from '../../shared/commands';
import { AppError } from '../../shared/errors';
import { assignmentScope } from '../curation';
import type { Applied, Stepped, StepOutcome } from '../history';
import { applyCommand, canRedo, canUndo, historyState, redoEdit, undoEdit } from '../history';
import type { ProjectStore } from '../store';
import { historyScope, resolveTaxonomy } from '../taxonomy';
import { taxonomyView, topicView } from './views';

type HistoryChannel =
  | 'history:apply'
  | 'history:undo'
  | 'history:redo'
  | 'history:get'
  | 'taxonomy:edit'
  | 'taxonomy:undo'
  | 'taxonomy:redo'
  | 'taxonomy:split'
  | 'topics:rename'
  | 'topics:lock'
  | 'topics:move-documents'
  | 'topics:undo-move'
  | 'topics:redo-move';
type HistoryHandlers = {
  [C in HistoryChannel]: (
    input: z.infer<Requests[C]['input']>,
  ) => Promise<RequestOutput<C>> | RequestOutput<C>;
};

function expect<K extends StepOutcome['kind']>(
  outcome: StepOutcome,
  kind: K,
): Extract<StepOutcome, { kind: K }> {
  if (outcome.kind !== kind) throw new AppError('INTERNAL', `expected a ${kind} edit, not ${outcome.kind}`);
  return outcome as Extract<StepOutcome, { kind: K }>;
}

/**
 * Every curator edit goes through the project's one history: the history channels, and the older
 * per-domain ones (taxonomy edits, topic names and locks, document moves), whose undo and redo reach
 * only their own domain's edits.
 */
export function historyHandlers(store: ProjectStore): HistoryHandlers {
  const db = store.db;
  const apply = (command: Command): Applied => applyCommand(store, command);
  const stepped = (s: Stepped) => ({ entry: s?.entry ?? null, history: historyState(store) });
  const taxonomyAfter = (taxonomyId: number | undefined, run: (id: number) => void) => {
    const id = resolveTaxonomy(store, taxonomyId).id;
    run(id);
    return taxonomyView(store, id);
  };
  const moveResult = (runId: number, moved: number, sizes: { clusterId: number; size: number }[]) => ({
    runId,
    moved,
    sizes,
    canUndo: canUndo(store, assignmentScope(runId)),
    canRedo: canRedo(store, assignmentScope(runId)),
  });
  const moveStep = (runId: number, s: Stepped) => {
    if (!s) return moveResult(runId, 0, []);
    const o = expect(s.outcome, 'assign');
    return moveResult(runId, o.moved, o.sizes);
  };
  return {
    'history:apply': ({ command }) => ({ entry: apply(command).entry, history: historyState(store) }),
    'history:undo': () => stepped(undoEdit(store)),
    'history:redo': () => stepped(redoEdit(store)),
    'history:get': () => historyState(store),
    'taxonomy:edit': ({ taxonomyId, command }) =>
      taxonomyView(
        store,
        expect(
          apply({ kind: 'taxonomy-edit', edit: command, ...(taxonomyId ? { taxonomyId } : {}) }).outcome,
          'taxonomy',
        ).taxonomyId,
      ),
    'taxonomy:split': ({ taxonomyId, nodeId, minClusterSize }) =>
      taxonomyView(
        store,
        expect(
          apply({
            kind: 'taxonomy-split',
            nodeId,
            ...(taxonomyId ? { taxonomyId } : {}),
            ...(minClusterSize ? { minClusterSize } : {}),
          }).outcome,
          'taxonomy',
        ).taxonomyId,
      ),
    'taxonomy:undo': ({ taxonomyId }) => taxonomyAfter(taxonomyId, (id) => undoEdit(store, historyScope(id))),
    'taxonomy:redo': ({ taxonomyId }) => taxonomyAfter(taxonomyId, (id) => redoEdit(store, historyScope(id))),
    'topics:rename': ({ runId, clusterId, label, description }) =>
      topicView(
        db,
        expect(
          apply({
            kind: 'topic-rename',
            runId,
            clusterId,
            label,
            ...(description !== undefined ? { description } : {}),
          }).outcome,
          'topic',
        ).topic,
      ),
    'topics:lock': ({ runId, clusterId, locked }) =>
      topicView(db, expect(apply({ kind: 'topic-lock', runId, clusterId, locked }).outcome, 'topic').topic),
    'topics:move-documents': ({ runId, documentIds, clusterId }) => {
      const o = expect(apply({ kind: 'move-documents', runId, documentIds, clusterId }).outcome, 'assign');
      return moveResult(runId, o.moved, o.sizes);
    },
    'topics:undo-move': ({ runId }) => moveStep(runId, undoEdit(store, assignmentScope(runId))),
    'topics:redo-move': ({ runId }) => moveStep(runId, redoEdit(store, assignmentScope(runId))),
  };
}
