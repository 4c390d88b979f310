import { useEffect, useState } from 'react';
import { ApiError } from '../../shared/api';
import type { TaxonomistApi } from '../../shared/api';
import type { EventPayload } from '../../shared/contract';

/** The answer, or null where the engine says there is none yet (no build, no taxonomy): not a failure. */
export function unlessNotFound<T>(answer: Promise<T>): Promise<T | null> {
  return answer.catch((e: unknown) => {
    if (e instanceof ApiError && e.code === 'NOT_FOUND') return null;
    throw e;
  });
}

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

export type EngineData<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'failed'; message: string };

/**
 * What `load` answers, asked again whenever a job finishes or one of `deps` changes (an edit's data
 * version, say); answers overtaken by a later ask are dropped, and the last answer stays shown while
 * the next one is on its way.
 */
export function useEngineData<T>(
  api: TaxonomistApi | undefined,
  load: (api: TaxonomistApi) => Promise<T>,
  deps: readonly unknown[],
): EngineData<T> {
  const [data, setData] = useState<EngineData<T>>({ status: 'loading' });
  useEffect(() => {
    if (!api) return;
    let asked = 0;
    let live = true;
    const ask = () => {
      const at = ++asked;
      load(api).then(
        (value) => live && at === asked && setData({ status: 'ready', value }),
        (e: unknown) =>
          live &&
          at === asked &&
          setData({ status: 'failed', message: e instanceof Error ? e.message : String(e) }),
      );
    };
    ask();
    const off = api.on('job:finished', ask);
    return () => {
      live = false;
      off();
    };
    // `load` is read afresh through the deps the caller names, as with useEffect itself; the rule
    // cannot check a list it is handed, so the callers name them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, ...deps]);
  return data;
}
