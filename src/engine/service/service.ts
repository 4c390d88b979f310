import { randomUUID } from 'node:crypto';
import type { Channel, EventName, EventPayload, Job, JobKind, Result } from '../../shared/contract';
import { requests } from '../../shared/contract';
import { AppError, toErrorData } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { importCorpus } from '../corpus';
import type { ImportParams } from '../corpus';
import { buildPipeline } from '../pipeline';
import type { BuildOptions } from '../pipeline';
import type { StageContext } from '../context';
import type { ProjectStore } from '../store';
import { answerRequest } from './answer';
import { runDiagnostics } from './analysis';
import type { DiagnoseParams } from '../../shared/analysis';
import { contractHandlers } from './handlers';
import type { Handlers } from './handlers';
import { failInterruptedJobs, insertJob, updateJob } from '../store';
import { stageJobRunners } from './stage-jobs';

export type EmitEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

type JobRunner = (
  params: Record<string, unknown>,
  ctx: { signal: AbortSignal; progress: (p: Progress) => void },
) => Promise<unknown>;

const PROGRESS_PERSIST_MS = 1000;

/**
 * The engine behind the contract: validates every request, answers `Result`s, and runs long work
 * as stored jobs, one at a time (the project has one writer), with progress pushed as events.
 */
export class EngineService {
  private readonly running = new Map<string, AbortController>();
  private queue: Promise<void> = Promise.resolve();
  private readonly handlers: Handlers;
  private readonly runners: Record<JobKind, JobRunner>;

  constructor(
    readonly store: ProjectStore,
    private readonly emit: EmitEvent,
    appInfo: { name: string; version: string } = { name: 'Taxonomist', version: '0.1.0' },
    /** Where the stages' log lines go (the CLI prints them; the app has the progress events). */
    options: {
      log?: StageContext['log'];
      /**
       * Whether jobs stored as queued or running are failed on start (an engine owns the project and
       * none of them can still be running). A command-line run beside an open app must leave them.
       */
      failInterrupted?: boolean;
    } = {},
  ) {
    if (options.failInterrupted ?? true) failInterruptedJobs(store.db);
    const log = options.log ?? (() => {});
    this.runners = {
      import: (params, ctx) => importCorpus(store, params as ImportParams, ctx),
      build: (params, ctx) => buildPipeline(store, params as BuildOptions, { ...ctx, log }),
      diagnose: (params, ctx) => runDiagnostics(store, params as DiagnoseParams, ctx),
      ...stageJobRunners(store, log),
    };
    this.handlers = contractHandlers({
      store,
      appInfo,
      jobs: {
        start: (kind, params) => this.startJob(kind, params),
        cancel: (jobId) => {
          const controller = this.running.get(jobId);
          if (controller) controller.abort();
          return !!controller;
        },
      },
    });
  }

  /** Channels this service answers (a test checks it covers the whole contract). */
  get channels(): Channel[] {
    return Object.keys(this.handlers) as Channel[];
  }

  /** Validates `raw` against the channel's schema, runs its handler and wraps the outcome. */
  async handle(channel: string, raw: unknown): Promise<Result<unknown>> {
    if (!Object.hasOwn(requests, channel)) {
      return { ok: false, error: { code: 'USAGE', message: `unknown request "${channel}"` } };
    }
    const c = channel as Channel;
    return answerRequest(c, raw, this.handlers[c] as (input: unknown) => unknown);
  }

  /** Stores a job and queues it; returns its id at once. */
  startJob(kind: JobKind, params: Record<string, unknown>): string {
    const id = randomUUID();
    insertJob(this.store.db, id, kind, params);
    const controller = new AbortController();
    this.running.set(id, controller);
    this.queue = this.queue.then(() => this.run(id, kind, params, controller));
    return id;
  }

  /** Resolves when every queued job has ended. */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(
    id: string,
    kind: JobKind,
    params: Record<string, unknown>,
    controller: AbortController,
  ): Promise<void> {
    const db = this.store.db;
    try {
      if (controller.signal.aborted) throw new AppError('CANCELLED', 'cancelled before it started');
      updateJob(db, id, { status: 'running' });
      let persisted = 0;
      const result = await this.runners[kind](params, {
        signal: controller.signal,
        progress: (p) => {
          this.emit('job:progress', { jobId: id, progress: p });
          const now = Date.now();
          if (now - persisted >= PROGRESS_PERSIST_MS) {
            persisted = now;
            updateJob(db, id, { progress: p });
          }
        },
      });
      updateJob(db, id, { status: 'finished', result });
      this.emit('job:finished', { jobId: id, result });
    } catch (e) {
      const error = toErrorData(e);
      if (error.code === 'CANCELLED') {
        updateJob(db, id, { status: 'cancelled', error });
        this.emit('job:cancelled', { jobId: id });
      } else {
        updateJob(db, id, { status: 'failed', error });
        this.emit('job:failed', { jobId: id, ...error });
      }
    } finally {
      this.running.delete(id);
    }
  }
}

export type { Job };
