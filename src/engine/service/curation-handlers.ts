import type { z } from 'zod';
import type { RequestOutput, Requests } from '../../shared/contract';
import { seededRandom } from '../algorithms/random';
import { stageContext } from '../context';
import { regenerateTopicLabel } from '../curation';
import type { ProjectStore } from '../store';
import { getRun, listAssignedDocuments, listClusters } from '../store';
import { AppError } from '../../shared/errors';
import { topicView } from './views';

type CurationChannel = 'topics:regenerate' | 'topics:assigned-documents';
type CurationHandlers = {
  [C in CurationChannel]: (
    input: z.infer<Requests[C]['input']>,
  ) => Promise<RequestOutput<C>> | RequestOutput<C>;
};

/** Relabelling one topic, and the review of a topic's assigned documents (its moves are history edits). */
export function curationHandlers(store: ProjectStore): CurationHandlers {
  return {
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
        topic: topicView(store.db, r.topic),
        provider: r.provider,
        model: r.model,
        fallback: r.fallback,
      };
    },
    'topics:assigned-documents': ({ runId, clusterId, offset, limit }) => {
      const run = getRun(store.db, runId);
      if (!run || run.kind !== 'cluster')
        throw new AppError('NOT_FOUND', `run ${runId} is not a cluster run`);
      if (!listClusters(store.db, runId).some((c) => c.clusterId === clusterId))
        throw new AppError('NOT_FOUND', `run ${runId} has no topic ${clusterId}`);
      return { runId, clusterId, ...listAssignedDocuments(store.db, { runId, clusterId, offset, limit }) };
    },
  };
}
