import { listRuns } from '../../store';
import { compareRuns } from '../analysis';
import type { DomainChannel, HandlerContext, Handlers } from './types';

export function runsHandlers({ store }: HandlerContext): Handlers<DomainChannel<'runs'>> {
  const db = store.db;
  return {
    'runs:list': ({ kind }) => ({
      runs: listRuns(db, kind).map((r) => ({
        id: r.id,
        kind: r.kind,
        name: r.name,
        params: r.params,
        status: r.status,
        metrics: r.metrics,
        createdAt: r.createdAt,
        finishedAt: r.finishedAt,
      })),
    }),
    'runs:compare': ({ a, b }) => compareRuns(db, a, b),
  };
}
