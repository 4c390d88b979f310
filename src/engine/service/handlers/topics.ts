import { AppError } from '../../../shared/errors';
import { seededRandom } from '../../algorithms/random';
import { stageContext } from '../../context';
import { assignmentScope, regenerateTopicLabel } from '../../curation';
import type { Stepped } from '../../history';
import { canRedo, canUndo, redoEdit, undoEdit } from '../../history';
import { getRun, listAssignedDocuments, listClusters } from '../../store';
import { latestClusterRunId } from '../../store/topics';
import { topicsOf, topicView } from '../views';
import { applyEdit, outcomeOf } from './history';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/**
 * The topics of a cluster run and the curator's edits on them (rename, lock, move documents: through
 * the project's history; undo-move and redo-move reach only this run's moves), relabelling one topic
 * and the review of a topic's assigned documents.
 */
export function topicsHandlers({ store }: HandlerContext): Handlers<DomainChannel<'topics'>> {
  const db = store.db;
  const moveResult = (runId: number, moved: number, sizes: { clusterId: number; size: number }[]) => ({
    runId,
    moved,
    sizes,
    canUndo: canUndo(store, assignmentScope(runId)),
    canRedo: canRedo(store, assignmentScope(runId)),
  });
  const moveStep = (runId: number, s: Stepped) => {
    if (!s) return moveResult(runId, 0, []);
    const o = outcomeOf(s.outcome, 'assign');
    return moveResult(runId, o.moved, o.sizes);
  };
  return {
    'topics:list': ({ runId }) => {
      const id = runId ?? latestClusterRunId(db) ?? null;
      return { runId: id, topics: id === null ? [] : topicsOf(db, id) };
    },
    'topics:rename': ({ runId, clusterId, label, description }) =>
      topicView(
        db,
        outcomeOf(
          applyEdit(store, {
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
      topicView(
        db,
        outcomeOf(applyEdit(store, { kind: 'topic-lock', runId, clusterId, locked }).outcome, 'topic').topic,
      ),
    'topics:regenerate': async (input) => {
      const r = await regenerateTopicLabel(
        store,
        {
          runId: input.runId,
          clusterId: input.clusterId,
          ...(input.provider ? { provider: input.provider } : {}),
          ...(input.model ? { model: input.model } : {}),
          ...(input.baseUrl ? { baseUrl: input.baseUrl } : {}),
        },
        stageContext({ random: seededRandom(Date.now() >>> 0) }),
      );
      return {
        topic: topicView(db, r.topic),
        provider: r.provider,
        model: r.model,
        fallback: r.fallback,
      };
    },
    'topics:move-documents': ({ runId, documentIds, clusterId }) => {
      const o = outcomeOf(
        applyEdit(store, { kind: 'move-documents', runId, documentIds, clusterId }).outcome,
        'assign',
      );
      return moveResult(runId, o.moved, o.sizes);
    },
    'topics:assigned-documents': ({ runId, clusterId, offset, limit }) => {
      const run = getRun(db, runId);
      if (!run || run.kind !== 'cluster')
        throw new AppError('NOT_FOUND', `run ${runId} is not a cluster run`);
      if (!listClusters(db, runId).some((c) => c.clusterId === clusterId))
        throw new AppError('NOT_FOUND', `run ${runId} has no topic ${clusterId}`);
      return { runId, clusterId, ...listAssignedDocuments(db, { runId, clusterId, offset, limit }) };
    },
    'topics:undo-move': ({ runId }) => moveStep(runId, undoEdit(store, assignmentScope(runId))),
    'topics:redo-move': ({ runId }) => moveStep(runId, redoEdit(store, assignmentScope(runId))),
  };
}
