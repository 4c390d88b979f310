import type { z } from 'zod';
import type { Channel, JobKind, RequestOutput, Requests } from '../../../shared/contract';
import type { ProjectStore } from '../../store';

/** The channels of one domain: those named `domain:verb`. */
export type DomainChannel<D extends string> = Extract<Channel, `${D}:${string}`>;

/** A handler per channel, each taking its parsed input; `answerRequest` wraps what it returns or throws. */
export type Handlers<C extends Channel = Channel> = {
  [K in C]: (input: z.infer<Requests[K]['input']>) => Promise<RequestOutput<K>> | RequestOutput<K>;
};

/** What the handlers of one project's engine share: its store, its job queue and what it says of itself. */
export type HandlerContext = {
  store: ProjectStore;
  appInfo: { name: string; version: string };
  jobs: {
    /** Stores a job and queues it; returns its id at once. */
    start(kind: JobKind, params: Record<string, unknown>): string;
    /** Aborts a queued or running job; false when it is not (or no longer) running. */
    cancel(jobId: string): boolean;
  };
};
