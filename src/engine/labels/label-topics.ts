import { AppError } from '../../shared/errors';
import type { StageContext } from '../context';
import type { ChatModel, ChatUsage, RetryOptions } from '../llm';
import { ChatError, cachedComplete, emptyUsage, estimateCost, parseStructured, runPool } from '../llm';
import type { ProjectStore } from '../store';
import { createRun, finishRun, getRun, getTopics, latestClusterRunId, saveGeneratedTopic } from '../store';
import type { ClusterRepresentation, RepresentationOptions } from './representation';
import { buildRepresentations, runFloat32Set } from './representation';
import type { Embedder } from '../embed';
import { embedderForSet } from '../embed';
import type { LabelAnswer } from './prompts';
import {
  DEFAULT_LABEL_PROMPT,
  labelAnswerSchema,
  promptHash,
  renderLabelPrompt,
  retryMessages,
  validatePrompt,
} from './prompts';
import { DEFAULTS } from '../../shared/params';

export type LabelOptions = RepresentationOptions & {
  /** The cluster run to label; default the newest finished one. */
  runId?: number;
  /** The chat model; null labels offline from the keyphrases. */
  model: ChatModel | null;
  /** Prompt template with {representatives}, {titles}, {keywords}, {abstracts}; default the case study's. */
  prompt?: string;
  /** Only these clusters (default every unlocked one). */
  clusterIds?: number[];
  /** Calls in flight at once. Default 4. */
  concurrency?: number;
  temperature?: number;
  maxTokens?: number;
  /** Re-asks after an invalid answer before falling back to keywords. Default 2. */
  validationRetries?: number;
  retry?: RetryOptions;
  /** Ask the model again instead of reusing cached answers (regenerating a label). */
  refresh?: boolean;
};

export type LabelFallback = { clusterId: number; reason: string };

export type LabelSummary = {
  /** The cluster run labelled, and the label run recording this pass. */
  runId: number;
  labelRunId: number;
  provider: string;
  model: string | null;
  clusters: number;
  bySource: { llm: number; keywords: number; kept: number };
  fallbacks: LabelFallback[];
  usage: ChatUsage;
  /** US dollars for the tokens actually requested (cache hits are free); null for unknown prices. */
  estimatedCostUsd: number | null;
  seconds: number;
  /** Of which: computing keyphrases, representatives and samples; then asking for labels. */
  timings: { representations: number; labelling: number };
};

/** Keyphrases in the prompt: the best ten of the (up to 25) kept per topic. */
const PROMPT_KEYPHRASES = 10;

type Outcome = { answer: LabelAnswer; attempts: number; cached: boolean } | { fallback: string };

/** Asks for a label, re-asking with the validation error after an invalid answer. */
async function askLabel(
  store: ProjectStore,
  model: ChatModel,
  rep: ClusterRepresentation,
  template: string,
  o: LabelOptions,
  ctx: StageContext,
  usage: ChatUsage,
): Promise<Outcome> {
  let messages = renderLabelPrompt(template, {
    titles: rep.sampleTitles,
    representatives: rep.representativeTitles,
    keywords: rep.keyphrases.slice(0, PROMPT_KEYPHRASES).map((k) => k.term),
    abstracts: rep.representativeAbstracts,
  });
  const tries = 1 + (o.validationRetries ?? 2);
  let lastError = '';
  let allCached = true;
  for (let attempt = 1; attempt <= tries; attempt++) {
    const res = await cachedComplete(
      store.db,
      model,
      { messages, temperature: o.temperature ?? 0.2, maxTokens: o.maxTokens ?? 300, json: true },
      {
        signal: ctx.signal,
        random: ctx.random,
        usage,
        ...(o.retry ? { retry: o.retry } : {}),
        ...(o.refresh ? { refresh: true } : {}),
        onRetry: (e, ms) =>
          ctx.log('warn', `cluster ${rep.clusterId}: ${e.message}; retrying in ${Math.round(ms)} ms`),
      },
    );
    allCached &&= res.cached;
    const parsed = parseStructured(res.text, labelAnswerSchema);
    if (parsed.ok) return { answer: parsed.value, attempts: attempt, cached: allCached };
    lastError = parsed.error;
    ctx.log('warn', `cluster ${rep.clusterId}: invalid answer (${parsed.error})`);
    messages = retryMessages(messages, res.text, parsed.error);
  }
  return { fallback: `invalid answer after ${tries} tries: ${lastError}` };
}

/**
 * The labelling stage: representations for every cluster, then a label per cluster from the chat model
 * (or the keyphrases offline), each written as soon as it is known. Locked topics are kept. A failed call
 * falls back to the keyword label, marked as such; an API-key refusal or cancellation stops the run, and
 * whatever was labelled before stays.
 */
export async function labelTopics(
  store: ProjectStore,
  o: LabelOptions,
  ctx: StageContext,
): Promise<LabelSummary> {
  const started = performance.now();
  const db = store.db;
  const runId = o.runId ?? latestClusterRunId(db);
  if (runId === undefined)
    throw new AppError('NOT_FOUND', 'the project has no finished cluster run to label');
  const run = getRun(db, runId);
  if (!run || run.kind !== 'cluster') throw new AppError('NOT_FOUND', `run ${runId} is not a cluster run`);
  const template = o.prompt ?? DEFAULT_LABEL_PROMPT;
  const bad = validatePrompt(template);
  if (bad) throw new AppError('INVALID_INPUT', bad);
  const model = o.model;
  const hash = promptHash(template);

  ctx.progress({ stage: 'label', done: 0, total: null, message: 'keyphrases and samples' });
  const existing = getTopics(db, runId);
  const locked = new Set(existing.filter((t) => t.locked).map((t) => t.clusterId));
  // Labels that stay as they are (locked, or of clusters not relabelled now): offline labels keep clear of them.
  const wanted = o.clusterIds ? new Set(o.clusterIds) : null;
  const keepLabels = new Map(
    existing
      .filter((t) => t.locked || (wanted && !wanted.has(t.clusterId)))
      .map((t) => [t.clusterId, t.label]),
  );
  // Keyphrases are ranked by meaning with the model that embedded the corpus, when it runs here.
  let phraseModel: Embedder | null = null;
  if (o.embedPhrases === undefined) {
    const set = runFloat32Set(db, runId);
    const opened = set ? await embedderForSet(set) : null;
    phraseModel = opened?.embedder ?? null;
    if (opened?.reason) ctx.log('info', `keyphrases by c-TF-IDF alone: ${opened.reason}`);
  }
  let reps: ClusterRepresentation[];
  try {
    reps = await buildRepresentations(db, runId, {
      ...o,
      keepLabels,
      ...(phraseModel
        ? {
            embedPhrases: (texts: readonly string[]) =>
              phraseModel!.embed(texts, { batchSize: 64, signal: ctx.signal }),
          }
        : {}),
    });
  } finally {
    await phraseModel?.dispose();
  }
  const representedAt = performance.now();
  if (o.clusterIds) {
    const missing = o.clusterIds.filter((c) => !reps.some((r) => r.clusterId === c));
    if (missing.length) throw new AppError('NOT_FOUND', `run ${runId} has no cluster ${missing.join(', ')}`);
    reps = reps.filter((r) => wanted!.has(r.clusterId));
  }
  const todo = reps.filter((r) => !locked.has(r.clusterId));

  const labelRunId = createRun(db, {
    kind: 'label',
    inputRunId: runId,
    params: {
      provider: model?.provider ?? 'keywords',
      model: model?.model ?? null,
      baseUrl: model?.baseUrl ?? null,
      promptHash: hash,
      sample: o.sample ?? DEFAULTS.sample,
      representatives: o.representatives ?? 5,
      seed: o.seed ?? DEFAULTS.seed,
      concurrency: o.concurrency ?? DEFAULTS.concurrency,
      temperature: o.temperature ?? 0.2,
      maxTokens: o.maxTokens ?? 300,
      clusterIds: o.clusterIds ?? null,
    },
  });
  const usage = emptyUsage();
  const fallbacks: LabelFallback[] = [];
  const bySource = { llm: 0, keywords: 0, kept: reps.length - todo.length };
  let done = 0;
  const report = () => ctx.progress({ stage: 'label', done, total: todo.length, unit: 'clusters' });

  const write = (
    rep: ClusterRepresentation,
    v: {
      label: string;
      description: string | null;
      source: 'llm' | 'keywords';
      extra: Record<string, unknown>;
    },
  ) => {
    const written = saveGeneratedTopic(db, {
      runId,
      clusterId: rep.clusterId,
      label: v.label,
      description: v.description,
      source: v.source,
      keyphrases: rep.keyphrases,
      provenance: {
        source: v.source,
        provider: v.source === 'llm' ? model!.provider : 'keywords',
        model: v.source === 'llm' ? model!.model : null,
        promptHash: v.source === 'llm' ? hash : null,
        labelRunId,
        sampledDocumentIds: rep.sampleIds,
        representativeDocumentIds: rep.representativeIds,
        representativesBy: rep.representativesBy,
        at: new Date().toISOString(),
        ...v.extra,
      },
    });
    if (!written) bySource.kept++;
    else bySource[v.source]++;
    done++;
    report();
  };

  report();
  try {
    if (!model) {
      for (const rep of todo)
        write(rep, {
          label: rep.keywordLabel,
          description: rep.keywordDefinition,
          source: 'keywords',
          extra: { keyphrasesBy: rep.keyphrasesBy },
        });
    } else {
      await runPool(
        todo,
        o.concurrency ?? DEFAULTS.concurrency,
        async (rep) => {
          let outcome: Outcome;
          try {
            outcome = await askLabel(store, model, rep, template, o, ctx, usage);
          } catch (e) {
            if (!(e instanceof ChatError) || e.kind === 'cancelled' || ctx.signal.aborted) throw e;
            if (e.kind === 'auth')
              throw new AppError('INVALID_INPUT', `${model.provider} refused the API key (${e.message})`);
            outcome = { fallback: e.message };
          }
          if ('answer' in outcome) {
            write(rep, {
              label: outcome.answer.label,
              description: outcome.answer.description ?? null,
              source: 'llm',
              extra: { attempts: outcome.attempts, cached: outcome.cached },
            });
          } else {
            fallbacks.push({ clusterId: rep.clusterId, reason: outcome.fallback });
            ctx.log('warn', `cluster ${rep.clusterId}: keyword label (${outcome.fallback})`);
            write(rep, {
              label: rep.keywordLabel,
              description: rep.keywordDefinition,
              source: 'keywords',
              extra: { fallback: outcome.fallback, keyphrasesBy: rep.keyphrasesBy },
            });
          }
        },
        ctx.signal,
      );
    }
    if (ctx.signal.aborted) throw new ChatError('cancelled', 'cancelled');
  } catch (e) {
    const cancelled = ctx.signal.aborted || (e instanceof ChatError && e.kind === 'cancelled');
    finishRun(db, labelRunId, {
      status: cancelled ? 'cancelled' : 'failed',
      metrics: { ...usage, labelled: done },
      error: cancelled ? null : e instanceof Error ? e.message : String(e),
    });
    if (cancelled)
      throw new AppError(
        'CANCELLED',
        `labelling cancelled after ${done} of ${todo.length} clusters (those are kept)`,
      );
    throw e;
  }
  const cost = model ? estimateCost(model.provider, model.model, usage.inputTokens, usage.outputTokens) : 0;
  const summary: LabelSummary = {
    runId,
    labelRunId,
    provider: model?.provider ?? 'keywords',
    model: model?.model ?? null,
    clusters: reps.length,
    bySource,
    fallbacks: fallbacks.sort((a, b) => a.clusterId - b.clusterId),
    usage,
    estimatedCostUsd: cost,
    seconds: (performance.now() - started) / 1000,
    timings: {
      representations: (representedAt - started) / 1000,
      labelling: (performance.now() - representedAt) / 1000,
    },
  };
  finishRun(db, labelRunId, {
    status: 'done',
    metrics: {
      ...usage,
      ...bySource,
      fallbacks: fallbacks.length,
      estimatedCostUsd: cost,
      seconds: summary.seconds,
      timings: summary.timings,
    },
  });
  return summary;
}
