import { AppError } from '../../../shared/errors';
import { seededRandom } from '../../algorithms/random';
import { stageContext } from '../../context';
import {
  moveDocumentsToCluster,
  redoMoveDocuments,
  regenerateTopicLabel,
  undoMoveDocuments,
} from '../../curation';
import { getRun, listAssignedDocuments, listClusters, relabelTopicLeaves } from '../../store';
import { editTopic, getTopic, latestClusterRunId, setTopicLocked } from '../../store/topics';
import { topicsOf, topicView } from '../views';
import type { DomainChannel, HandlerContext, Handlers } from './types';

/** The topics of a cluster run and the curator's edits on them: rename, lock, relabel one, move documents. */
export function topicsHandlers({ store }: HandlerContext): Handlers<DomainChannel<'topics'>> {
  const db = store.db;
  return {
    'topics:list': ({ runId }) => {
      const id = runId ?? latestClusterRunId(db) ?? null;
      return { runId: id, topics: id === null ? [] : topicsOf(db, id) };
    },
    'topics:rename': ({ runId, clusterId, label, description }) => {
      const t = store.transaction(() => {
        const before = getTopic(db, runId, clusterId);
        const after = editTopic(db, runId, clusterId, {
          label,
          ...(description !== undefined ? { description } : {}),
        });
        if (before && after) relabelTopicLeaves(db, after.id, before, after);
        return after;
      });
      if (!t) throw new AppError('NOT_FOUND', `no topic for cluster ${clusterId} of run ${runId}`);
      return topicView(db, t);
    },
    'topics:lock': ({ runId, clusterId, locked }) => {
      if (!setTopicLocked(db, runId, clusterId, locked))
        throw new AppError('NOT_FOUND', `no topic for cluster ${clusterId} of run ${runId}`);
      return topicView(db, getTopic(db, runId, clusterId)!);
    },
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
    'topics:move-documents': (input) => moveDocumentsToCluster(store, input),
    'topics:assigned-documents': ({ runId, clusterId, offset, limit }) => {
      const run = getRun(db, runId);
      if (!run || run.kind !== 'cluster')
        throw new AppError('NOT_FOUND', `run ${runId} is not a cluster run`);
      if (!listClusters(db, runId).some((c) => c.clusterId === clusterId))
        throw new AppError('NOT_FOUND', `run ${runId} has no topic ${clusterId}`);
      return { runId, clusterId, ...listAssignedDocuments(db, { runId, clusterId, offset, limit }) };
    },
    'topics:undo-move': ({ runId }) => undoMoveDocuments(store, runId),
    'topics:redo-move': ({ runId }) => redoMoveDocuments(store, runId),
  };
}
