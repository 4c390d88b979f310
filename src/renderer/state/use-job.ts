import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import type { EventPayload, RequestInput } from '../../shared/contract';
import type { Progress } from '../../shared/progress';

/** A job as a panel follows it: its newest progress (stage, share done, rate, ETA) while it runs, then how it ended. */
export type JobState =
  | { status: 'idle' }
  | { status: 'running'; jobId: string; progress: Progress | null }
  | { status: 'finished'; jobId: string; result: unknown }
  | { status: 'failed'; jobId: string; code: string; message: string }
  | { status: 'cancelled'; jobId: string };

export type JobHandlers = {
  progress?: (e: EventPayload<'job:progress'>) => void;
  finished?: (e: EventPayload<'job:finished'>) => void;
  failed?: (e: EventPayload<'job:failed'>) => void;
  cancelled?: (e: EventPayload<'job:cancelled'>) => void;
};

/** Listens to one job's events (those of other jobs are ignored); the answer stops listening. */
export function followJob(api: TaxonomistApi, jobId: string, on: JobHandlers): () => void {
  const offs = [
    api.on('job:progress', (e) => e.jobId === jobId && on.progress?.(e)),
    api.on('job:finished', (e) => e.jobId === jobId && on.finished?.(e)),
    api.on('job:failed', (e) => e.jobId === jobId && on.failed?.(e)),
    api.on('job:cancelled', (e) => e.jobId === jobId && on.cancelled?.(e)),
  ];
  return () => offs.forEach((off) => off());
}

/** Folds one job event into the state of the job it belongs to. */
export function jobReducer(state: JobState, jobId: string, event: JobEvent): JobState {
  if (event.type === 'progress')
    return state.status === 'running' && state.jobId === jobId
      ? { ...state, progress: event.progress }
      : state;
  if (event.type === 'finished') return { status: 'finished', jobId, result: event.result };
  if (event.type === 'failed') return { status: 'failed', jobId, code: event.code, message: event.message };
  return { status: 'cancelled', jobId };
}

export type JobEvent =
  | { type: 'progress'; progress: Progress }
  | { type: 'finished'; result: unknown }
  | { type: 'failed'; code: string; message: string }
  | { type: 'cancelled' };

/**
 * Follows job `jobId` (null: none) from running to its end; `handlers` hear each of its events as
 * they come (to fold the stages of a build, say). A new id starts afresh at running, with
 * `initialProgress` where the caller knows it (a job picked up from the job list).
 */
export function useJob(
  api: TaxonomistApi | undefined,
  jobId: string | null,
  handlers: JobHandlers = {},
  initialProgress: Progress | null = null,
): JobState {
  const [state, setState] = useState<{ jobId: string | null; job: JobState }>({
    jobId,
    job: jobId ? { status: 'running', jobId, progress: initialProgress } : { status: 'idle' },
  });
  // A new job (or none): its state starts over, derived while rendering rather than in an effect.
  if (state.jobId !== jobId)
    setState({
      jobId,
      job: jobId ? { status: 'running', jobId, progress: initialProgress } : { status: 'idle' },
    });

  const handlersRef = useRef(handlers);
  useLayoutEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    if (!api || !jobId) return;
    const fold = (event: JobEvent) =>
      setState((s) => (s.jobId === jobId ? { jobId, job: jobReducer(s.job, jobId, event) } : s));
    return followJob(api, jobId, {
      progress: (e) => {
        fold({ type: 'progress', progress: e.progress });
        handlersRef.current.progress?.(e);
      },
      finished: (e) => {
        fold({ type: 'finished', result: e.result });
        handlersRef.current.finished?.(e);
      },
      failed: (e) => {
        fold({ type: 'failed', code: e.code, message: e.message });
        handlersRef.current.failed?.(e);
      },
      cancelled: (e) => {
        fold({ type: 'cancelled' });
        handlersRef.current.cancelled?.(e);
      },
    });
  }, [api, jobId]);

  return state.jobId === jobId
    ? state.job
    : jobId
      ? { status: 'running', jobId, progress: initialProgress }
      : { status: 'idle' };
}

export type StartedJob = {
  /** The job followed now, or how it ended. */
  job: JobState;
  /** `jobs:start` is on its way. */
  starting: boolean;
  /** `jobs:cancel` was asked for the running job. */
  cancelling: boolean;
  /** Why the start or the cancel failed: the engine's code and message. */
  error: { code: string; message: string } | null;
  /** Starts a job and follows it; answers its id, or null when the engine refused (see `error`). */
  start(input: RequestInput<'jobs:start'>): Promise<string | null>;
  /** Follows a job started elsewhere (one still running in a reopened window), unless one is followed already. */
  adopt(jobId: string, progress?: Progress | null): void;
  cancel(): Promise<void>;
  /** Forgets the job and any error: back to idle. */
  reset(): void;
};

const errorOf = (e: unknown): { code: string; message: string } => ({
  code: (e as { code?: string }).code ?? 'INTERNAL',
  message: e instanceof Error ? e.message : String(e),
});

/** Starts (or adopts) one job at a time and follows it with useJob; `handlers` as there. */
export function useStartJob(api: TaxonomistApi | undefined, handlers: JobHandlers = {}): StartedJob {
  const [followed, setFollowed] = useState<{ jobId: string; progress: Progress | null } | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const job = useJob(api, followed?.jobId ?? null, handlers, followed?.progress ?? null);

  const start = useCallback(
    async (input: RequestInput<'jobs:start'>) => {
      if (!api) return null;
      setError(null);
      setStarting(true);
      setFollowed(null);
      try {
        const { jobId } = await api.jobsStart(input);
        setFollowed({ jobId, progress: null });
        return jobId;
      } catch (e) {
        setError(errorOf(e));
        return null;
      } finally {
        setStarting(false);
      }
    },
    [api],
  );

  const adopt = useCallback((jobId: string, progress: Progress | null = null) => {
    setFollowed((f) => f ?? { jobId, progress });
  }, []);

  const jobId = job.status === 'running' ? job.jobId : null;
  const cancel = useCallback(async () => {
    if (!api || !jobId) return;
    setCancelling(jobId);
    try {
      await api.jobsCancel({ jobId });
    } catch (e) {
      setError(errorOf(e));
      setFollowed(null);
    }
  }, [api, jobId]);

  const reset = useCallback(() => {
    setFollowed(null);
    setError(null);
  }, []);

  return {
    job,
    starting,
    cancelling: jobId !== null && cancelling === jobId,
    error,
    start,
    adopt,
    cancel,
    reset,
  };
}
