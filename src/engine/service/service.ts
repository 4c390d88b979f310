import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  Channel,
  EventName,
  EventPayload,
  Job,
  JobKind,
  RequestOutput,
  Requests,
  Result,
} from '../../shared/contract';
import { requests } from '../../shared/contract';
import { AppError, toErrorData } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import { importCorpus, previewCorpus } from '../corpus';
import type { ImportOptions } from '../corpus';
import { API_KEY_ENV } from '../llm';
import { buildPipeline } from '../pipeline';
import type { BuildOptions } from '../pipeline';
import type { StageContext } from '../context';
import { DEFAULT_TEXT_TEMPLATE } from '../corpus';
import type { ProjectStore } from '../store';
import {
  countDocuments,
  getDocument,
  getSetting,
  listDocuments,
  listEmbeddingSets,
  listImports,
  listRuns,
  loadDocumentKeys,
  relabelTopicLeaves,
} from '../store';
import { editTopic, getTopic, latestClusterRunId, setTopicLocked } from '../store/topics';
import { exportTaxonomy, resolveTaxonomy, TaxonomyEditor } from '../taxonomy';
import { mapData, taxonomyView, topicsOf, topicView } from './views';
import { answerRequest } from './answer';
import { compareRuns, latestDiagnostics, runDiagnostics } from './analysis';
import type { DiagnoseParams } from '../../shared/analysis';
import { curationHandlers } from './curation-handlers';
import { projectHandlers } from './project-handlers';
import { modelSettings } from './model-settings';
import { failInterruptedJobs, getJob, insertJob, listJobs, updateJob } from './jobs-store';
import { stageJobRunners } from './stage-jobs';

export type EmitEvent = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

type Handlers = {
  [C in Channel]: (input: z.infer<Requests[C]['input']>) => Promise<RequestOutput<C>> | RequestOutput<C>;
};

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
    private readonly appInfo: { name: string; version: string } = { name: 'Taxonomist', version: '0.1.0' },
    /** Where the stages' log lines go (the CLI prints them; the app has the progress events). */
    options: { log?: StageContext['log'] } = {},
  ) {
    failInterruptedJobs(store.db);
    const db = store.db;
    this.runners = {
      import: (params, ctx) => {
        const { path, ...options } = params as { path: string } & ImportOptions;
        return importCorpus(store, path, options, ctx);
      },
      build: (params, ctx) =>
        buildPipeline(store, params as BuildOptions, { ...ctx, log: options.log ?? (() => {}) }),
      diagnose: (params, ctx) => runDiagnostics(store, params as DiagnoseParams, ctx),
      ...stageJobRunners(store),
    };
    this.handlers = {
      'app:info': () => ({ ...this.appInfo, platform: process.platform }),
      'project:info': () => ({
        path: store.path,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        documents: countDocuments(db),
        textTemplate: getSetting(db, 'textTemplate') ?? DEFAULT_TEXT_TEMPLATE,
        imports: listImports(db).map((i) => ({
          id: i.id,
          source: i.sourcePath,
          imported: i.imported,
          duplicates: i.duplicateIds + i.duplicateTexts,
          rejected: i.rejected,
          at: i.finishedAt,
        })),
        embeddingModel: newestEmbeddingModel(listEmbeddingSets(db)),
      }),
      'documents:list': ({ offset, limit }) => ({
        total: countDocuments(db),
        documents: listDocuments(db, { offset, limit }).map(toDocumentView),
      }),
      'documents:get': ({ id }) => {
        const doc = getDocument(db, id);
        if (!doc) throw new AppError('NOT_FOUND', `no document ${id}`);
        return toDocumentView(doc);
      },
      'import:preview': ({ path, rows, ...options }) =>
        previewCorpus(path, {
          ...options,
          rows,
          existing: loadDocumentKeys(db),
          defaultTemplate: getSetting(db, 'textTemplate') ?? DEFAULT_TEXT_TEMPLATE,
        }),
      'jobs:start': ({ kind, params }) => ({ jobId: this.startJob(kind, params) }),
      'jobs:cancel': ({ jobId }) => {
        const controller = this.running.get(jobId);
        if (controller) controller.abort();
        return { cancelled: !!controller };
      },
      'jobs:list': () => ({ jobs: listJobs(db) }),
      'jobs:get': ({ jobId }) => {
        const job = getJob(db, jobId);
        if (!job) throw new AppError('NOT_FOUND', `no job ${jobId}`);
        return job;
      },
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
      'diagnostics:get': () => latestDiagnostics(db),
      'map:data': (input) => mapData(db, input),
      'taxonomy:get': ({ taxonomyId }) => taxonomyView(store, taxonomyId),
      'taxonomy:edit': ({ taxonomyId, command }) => {
        const editor = TaxonomyEditor.open(store, resolveTaxonomy(store, taxonomyId).id);
        editor.apply(command);
        return taxonomyView(store, editor.taxonomyId);
      },
      'taxonomy:undo': ({ taxonomyId }) => {
        const editor = TaxonomyEditor.open(store, resolveTaxonomy(store, taxonomyId).id);
        editor.undo();
        return taxonomyView(store, editor.taxonomyId);
      },
      'taxonomy:redo': ({ taxonomyId }) => {
        const editor = TaxonomyEditor.open(store, resolveTaxonomy(store, taxonomyId).id);
        editor.redo();
        return taxonomyView(store, editor.taxonomyId);
      },
      'taxonomy:export': ({ taxonomyId, format }) => ({
        format,
        text: exportTaxonomy(store, format, taxonomyId),
      }),
      // Only the desktop shell has native file dialogs; it answers these channels itself.
      'files:save-text': () => {
        throw new AppError('UNSUPPORTED', 'this host has no native save dialog: download the file instead');
      },
      'files:pick-corpus': () => {
        throw new AppError(
          'UNSUPPORTED',
          'this host has no native file dialog: upload the file or type its path instead',
        );
      },
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
      // In the engine the keys live in this process's environment for the session only; the desktop
      // shell answers these itself and keeps keys encrypted with the OS keychain.
      'settings:api-keys': () => ({
        mistral: !!process.env.MISTRAL_API_KEY,
        anthropic: !!process.env.ANTHROPIC_API_KEY,
        openai: !!process.env.OPENAI_API_KEY,
      }),
      'settings:set-api-key': ({ provider, key }) => {
        const name = API_KEY_ENV[provider];
        if (key === null) delete process.env[name];
        else process.env[name] = key;
        return { stored: key !== null, persistent: false };
      },
      'settings:models': () => modelSettings(),
      'topics:lock': ({ runId, clusterId, locked }) => {
        if (!setTopicLocked(db, runId, clusterId, locked))
          throw new AppError('NOT_FOUND', `no topic for cluster ${clusterId} of run ${runId}`);
        return topicView(db, getTopic(db, runId, clusterId)!);
      },
      ...curationHandlers(store),
      ...projectHandlers(store),
    };
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

function toDocumentView(d: NonNullable<ReturnType<typeof getDocument>>) {
  return {
    id: d.id,
    extId: d.extId,
    title: d.title,
    abstract: d.abstract,
    year: d.year,
    venue: d.venue,
    authors: d.authors,
    categories: d.categories,
    url: d.url,
  };
}

export type { Job };

/** The model of the newest embedding set that holds vectors (sets are made in order), or null. */
function newestEmbeddingModel(sets: { model: string; count: number }[]): string | null {
  for (let i = sets.length - 1; i >= 0; i--) if (sets[i]!.count > 0) return sets[i]!.model;
  return null;
}
