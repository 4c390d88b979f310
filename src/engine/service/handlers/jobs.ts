import { AppError } from '../../../shared/errors';
import { getJob, listJobs } from '../../store';
import type { DomainChannel, HandlerContext, Handlers } from './types';

export function jobsHandlers({ store, jobs }: HandlerContext): Handlers<DomainChannel<'jobs'>> {
  const db = store.db;
  return {
    'jobs:start': ({ kind, params }) => ({ jobId: jobs.start(kind, params) }),
    'jobs:cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'jobs:list': () => ({ jobs: listJobs(db) }),
    'jobs:get': ({ jobId }) => {
      const job = getJob(db, jobId);
      if (!job) throw new AppError('NOT_FOUND', `no job ${jobId}`);
      return job;
    },
  };
}
