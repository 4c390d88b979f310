import { AppError } from '../../shared/errors';
import type { StageContext } from '../context';
import { labelTopics } from '../labels';
import type { ChatModel, ProviderName } from '../llm';
import { createChatModel, PROVIDERS } from '../llm';
import type { ProjectStore } from '../store';
import { getRun, getTopic, listRuns } from '../store';
import type { Topic } from '../store';

export type LabelProvider = 'keywords' | ProviderName;

export type RegenerateOptions = {
  runId: number;
  clusterId: number;
  /** Default: what the newest label pass of this cluster run used (keywords when there was none). */
  provider?: LabelProvider;
  model?: string;
  baseUrl?: string;
  /** The chat model to use instead of building one from the provider (tests, the CLI). */
  chatModel?: ChatModel | null;
};

export type RegenerateResult = {
  topic: Topic;
  provider: LabelProvider;
  model: string | null;
  /** Why the label came from the keyphrases although a model was asked for; null otherwise. */
  fallback: string | null;
};

/** Regenerating should offer a different wording, so it samples a little more freely than a full pass. */
const REGENERATE_TEMPERATURE = 0.7;

/** The provider, model and endpoint of the newest label pass over a cluster run. */
export function lastLabelConfig(
  store: ProjectStore,
  runId: number,
): { provider: LabelProvider; model: string | null; baseUrl: string | null } {
  const run = listRuns(store.db, 'label').find((r) => r.inputRunId === runId);
  const provider = run?.params.provider;
  const known = typeof provider === 'string' && (PROVIDERS as readonly string[]).includes(provider);
  return {
    provider: known ? (provider as ProviderName) : 'keywords',
    model: known && typeof run?.params.model === 'string' ? run.params.model : null,
    baseUrl: known && typeof run?.params.baseUrl === 'string' ? run.params.baseUrl : null,
  };
}

/**
 * Relabels one cluster: its keyphrases and sampled titles go to the chat model again, past the answer
 * cache. A locked topic is refused (the curator's label wins); without a usable model (no key, the
 * keywords provider) the label comes from the keyphrases and the result says why.
 */
export async function regenerateTopicLabel(
  store: ProjectStore,
  o: RegenerateOptions,
  ctx: StageContext,
): Promise<RegenerateResult> {
  const run = getRun(store.db, o.runId);
  if (!run || run.kind !== 'cluster') throw new AppError('NOT_FOUND', `run ${o.runId} is not a cluster run`);
  const before = getTopic(store.db, o.runId, o.clusterId);
  if (before?.locked)
    throw new AppError(
      'INVALID_INPUT',
      `topic ${o.clusterId} (“${before.label}”) is locked: unlock it before regenerating its label`,
    );
  const last = lastLabelConfig(store, o.runId);
  const provider = o.provider ?? last.provider;
  const sameProvider = provider === last.provider;
  const modelName = o.model ?? (sameProvider ? last.model : null);
  const baseUrl = o.baseUrl ?? (sameProvider ? last.baseUrl : null);

  let model: ChatModel | null = null;
  let fallback: string | null = null;
  if (o.chatModel !== undefined) model = o.chatModel;
  else if (provider !== 'keywords') {
    try {
      model = createChatModel({ provider, model: modelName, baseUrl });
    } catch (e) {
      // No key for the provider: a keyword label now beats no label; the answer says why.
      if (!(e instanceof AppError)) throw e;
      fallback = e.message;
    }
  }

  const summary = await labelTopics(
    store,
    {
      runId: o.runId,
      clusterIds: [o.clusterId],
      model,
      refresh: true,
      temperature: REGENERATE_TEMPERATURE,
      concurrency: 1,
    },
    ctx,
  );
  const topic = getTopic(store.db, o.runId, o.clusterId);
  if (!topic) throw new AppError('INTERNAL', `cluster ${o.clusterId} was not labelled`);
  fallback ??= summary.fallbacks.find((f) => f.clusterId === o.clusterId)?.reason ?? null;
  return {
    topic,
    provider: model ? (model.provider as LabelProvider) : 'keywords',
    model: model?.model ?? null,
    fallback,
  };
}
