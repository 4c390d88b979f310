import { AppError } from '../../shared/errors';
import type {
  ClusterRunParams,
  EmbedRunParams,
  LabelProvider,
  LabelRunParams,
  QuantizeRunParams,
  ReduceRunParams,
  TaxonomyRunParams,
} from '../../shared/params';
import { defaultMinClusterSize, DEFAULTS, taxonomyRunParams } from '../../shared/params';
import { clusterProject } from '../cluster';
import { embedDocuments, openEmbedder, parseModelSpec } from '../embed';
import { labelTopics, validatePrompt } from '../labels';
import { API_KEY_ENV, createChatModel, resolveApiKey } from '../llm';
import { quantizeEmbeddingSet } from '../quantize';
import { reduceOptionsOf, reduceProject } from '../reduce';
import { generateLlmTaxonomy, generateOfflineTaxonomy } from '../taxonomy';
import { stageContext } from '../context';
import type { StageContext } from '../context';
import type { Progress } from '../../shared/progress';
import type { ProjectStore } from '../store';
import { countDocuments, getSetting, setSetting } from '../store';

type StageJobContext = { signal: AbortSignal; progress: (p: Progress) => void };

/** Project settings a label job falls back on (never an API key). */
const LABEL_SETTINGS = {
  provider: 'label.provider',
  model: 'label.model',
  baseUrl: 'label.baseUrl',
  prompt: 'label.prompt',
};

/**
 * Jobs that run one stage on its own, with that stage's schema as their params. What is not plain
 * JSON (an embedder, a chat model) is made here from the params; API keys come from the environment.
 */
export function stageJobRunners(store: ProjectStore, log: StageContext['log'] = () => {}) {
  const context = (ctx: StageJobContext) => stageContext({ ...ctx, log });
  return {
    cluster: (params: Record<string, unknown>, ctx: StageJobContext) => {
      const p = params as ClusterRunParams;
      return clusterProject(
        store,
        {
          minClusterSize: p.minClusterSize ?? defaultMinClusterSize(countDocuments(store.db)),
          method: p.method ?? DEFAULTS.method,
          ...(p.minSamples !== undefined ? { minSamples: p.minSamples } : {}),
          ...(p.epsilon !== undefined ? { clusterSelectionEpsilon: p.epsilon } : {}),
          allowSingleCluster: p.allowSingleCluster ?? DEFAULTS.allowSingleCluster,
          assignNoise: p.assignNoise ?? DEFAULTS.assignNoise,
          ...(p.inputRun !== undefined ? { inputRunId: p.inputRun } : {}),
          ...(p.name !== undefined ? { name: p.name } : {}),
        },
        stageContext(ctx),
      );
    },
    reduce: (params: Record<string, unknown>, ctx: StageJobContext) =>
      reduceProject(store, reduceOptionsOf(params as ReduceRunParams), ctx),
    embed: async (params: Record<string, unknown>, ctx: StageJobContext) => {
      const p = params as EmbedRunParams;
      const spec = parseModelSpec(p.model, p.modelDir ? { modelDir: p.modelDir } : {});
      if (p.model === undefined)
        log('info', `model: ${spec.backend === 'transformers' ? spec.model || p.modelDir : spec.backend}`);
      let apiKey: string | undefined;
      if (p.apiKeyEnv !== undefined) {
        apiKey = process.env[p.apiKeyEnv];
        if (!apiKey) throw new AppError('INVALID_INPUT', `the API key variable ${p.apiKeyEnv} is not set`);
      }
      const embedder = await openEmbedder(
        spec,
        {
          http: {
            ...(apiKey ? { apiKey } : {}),
            ...(p.concurrency ? { concurrency: p.concurrency } : {}),
            ...(p.timeout ? { timeoutMs: p.timeout * 1000 } : {}),
            ...(p.retries !== undefined ? { retries: p.retries } : {}),
            ...(p.batchSize ? { batchSize: p.batchSize } : {}),
          },
          transformers: {
            ...(p.modelDir ? { modelDir: p.modelDir } : {}),
            device: p.device ?? DEFAULTS.device,
            dtype: p.dtype ?? DEFAULTS.dtype,
            ...(p.maxTokens ? { maxTokens: p.maxTokens } : {}),
            allowRemote: !(p.offline ?? DEFAULTS.offline),
            log: (m) => log('info', m),
            onDownload: (file, loaded, total) =>
              ctx.progress({
                stage: 'download',
                done: loaded,
                total: total || null,
                unit: 'bytes',
                message: file,
              }),
          },
        },
        p.workers,
      );
      try {
        return await embedDocuments(
          store,
          {
            embedder,
            ...(p.batchSize ? { batchSize: p.batchSize } : {}),
            ...(p.limit ? { limit: p.limit } : {}),
          },
          context(ctx),
        );
      } finally {
        await embedder.dispose();
      }
    },
    quantize: (params: Record<string, unknown>, ctx: StageJobContext) => {
      const p = params as QuantizeRunParams;
      // The contract requires a precision; a caller in process that left it out is told so.
      if (p.precision === undefined) throw new AppError('INVALID_INPUT', 'a quantize job needs a precision');
      return quantizeEmbeddingSet(
        store,
        {
          precision: p.precision,
          ...(p.calibrationSample !== undefined ? { sample: p.calibrationSample } : {}),
          ...(p.calibration !== undefined ? { size: p.calibration } : {}),
          ...(p.seed !== undefined ? { seed: p.seed } : {}),
          ...(p.set !== undefined ? { sourceSetId: p.set } : {}),
          dropFloat32: p.dropFloat32 ?? false,
        },
        context(ctx),
      );
    },
    label: (params: Record<string, unknown>, ctx: StageJobContext) => {
      const p = params as LabelRunParams;
      const db = store.db;
      if (p.prompt !== undefined) {
        const bad = validatePrompt(p.prompt);
        if (bad) throw new AppError('INVALID_INPUT', `prompt: ${bad}`);
        setSetting(db, LABEL_SETTINGS.prompt, p.prompt);
      }
      const prompt = getSetting(db, LABEL_SETTINGS.prompt);
      const provider = (p.provider ??
        getSetting(db, LABEL_SETTINGS.provider) ??
        DEFAULTS.provider) as LabelProvider;
      const model =
        provider === 'keywords'
          ? null
          : createChatModel({
              provider,
              model: p.labelModel ?? getSetting(db, LABEL_SETTINGS.model) ?? null,
              baseUrl: p.baseUrl ?? getSetting(db, LABEL_SETTINGS.baseUrl) ?? null,
              ...(p.timeout !== undefined ? { timeoutMs: p.timeout * 1000 } : {}),
            });
      return labelTopics(
        store,
        {
          model,
          ...(p.run !== undefined ? { runId: p.run } : {}),
          ...(p.sample !== undefined ? { sample: p.sample } : {}),
          ...(p.concurrency !== undefined ? { concurrency: p.concurrency } : {}),
          ...(p.temperature !== undefined ? { temperature: p.temperature } : {}),
          ...(p.maxTokens !== undefined ? { maxTokens: p.maxTokens } : {}),
          ...(p.seed !== undefined ? { seed: p.seed } : {}),
          ...(p.clusters?.length ? { clusterIds: p.clusters } : {}),
          ...(prompt !== undefined ? { prompt } : {}),
        },
        context(ctx),
      );
    },
    taxonomy: (params: Record<string, unknown>, ctx: StageJobContext) => {
      const p = params as TaxonomyRunParams;
      const provider = p.provider ?? taxonomyRunParams.provider.default;
      const common = {
        ...(p.categories !== undefined ? { categories: p.categories } : {}),
        ...(p.run !== undefined ? { runId: p.run } : {}),
        ...(p.name !== undefined ? { name: p.name } : {}),
      };
      if (provider === 'offline')
        return generateOfflineTaxonomy(
          store,
          { ...common, ...(p.set !== undefined ? { setId: p.set } : {}) },
          context(ctx),
        );
      // An OpenAI-compatible server at its own address usually needs no key.
      if (!resolveApiKey(provider, null) && !(provider === 'openai' && p.baseUrl))
        throw new AppError(
          'INVALID_INPUT',
          `no API key for ${provider}: set ${API_KEY_ENV[provider]}, or make the taxonomy offline`,
        );
      const model = createChatModel({
        provider,
        model: p.model ?? null,
        baseUrl: p.baseUrl ?? null,
        timeoutMs: (p.timeout ?? 300) * 1000,
      });
      return generateLlmTaxonomy(
        store,
        { model, ...common, ...(p.maxRepairs !== undefined ? { maxRepairs: p.maxRepairs } : {}) },
        context(ctx),
      );
    },
  };
}
