import { createHash } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { categoriesFor, defaultMinClusterSize, DEFAULTS } from '../../shared/params';
import type { BuildParams } from '../../shared/params';
import type { StageContext } from '../context';
import { stageContext } from '../context';
import { assertReadableCorpus } from '../corpus';
import type { ImportOptions } from '../corpus';
import { openEmbedder, parseModelSpec } from '../embed';
import { ChatError, createChatModel } from '../llm';
import { reduceOptionsOf } from '../reduce';
import type { ProjectStore } from '../store';
import { countDocuments, documentState, getRun, getSetting, setSetting, taxonomyExists } from '../store';
import { exportTaxonomy } from '../taxonomy';
import { pipelineStages } from './stages';

/**
 * Every stage's options, named as the stage commands name them (src/shared/params: types, limits and
 * defaults); besides them only what a caller in process sets.
 */
export type BuildOptions = BuildParams & {
  import?: Omit<ImportOptions, 'limit'>;
  /** Where the taxonomy Markdown and the assignments CSV go (default beside the project file). */
  outputs?: { markdown: string; csv: string };
};

export type StageOutcome = {
  stage: string;
  skipped: boolean;
  seconds: number;
  summary: Record<string, unknown>;
};
export type BuildSummary = {
  project: string;
  documents: number;
  stages: StageOutcome[];
  outputs: { markdown: string; csv: string };
  seconds: number;
};

/*
 * min_cluster_size by default (defaultMinClusterSize, src/shared/params): 3 + documents / 300, at least
 * 5. Measured with leaf selection on the first 1,000 to 25,064 papers of the shared arXiv and ACL corpora
 * (USE-Lite vectors, the build's layout), it gives about 25 to 35 topics at every size, as the case
 * study's 100 gave 35 at 25,000; documents / 250 left 1,000-paper corpora at 15 topics.
 */
export { defaultMinClusterSize };

const signatureOf = (v: unknown): string =>
  createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);

/**
 * The whole pipeline: import -> embed -> quantize -> reduce (5-d and 2-d) -> cluster -> label ->
 * taxonomy -> exports. Each stage records a signature of its inputs and parameters; a rerun skips
 * a stage whose signature is unchanged (and whose output still exists), so editing only the
 * clustering parameters reruns clustering and what follows it, nothing before.
 */
export async function buildPipeline(
  store: ProjectStore,
  o: BuildOptions,
  context: Partial<StageContext> = {},
): Promise<BuildSummary> {
  const ctx = stageContext(context);
  const started = performance.now();
  const db = store.db;
  const stages: StageOutcome[] = [];
  let upstream = '';

  /** Runs `work` unless the stage's signature matches its last run; returns its stored summary. */
  const stage = async <T extends Record<string, unknown>>(
    name: string,
    params: unknown,
    work: () => Promise<T> | T,
    stillThere: (previous: T) => boolean = () => true,
  ): Promise<T> => {
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'build cancelled');
    const signature = signatureOf({ upstream, params });
    const key = `pipeline.${name}`;
    const stored = getSetting(db, key);
    const t0 = performance.now();
    if (!o.force && stored) {
      const previous = JSON.parse(stored) as { signature: string; summary: T };
      if (previous.signature === signature && stillThere(previous.summary)) {
        stages.push({ stage: name, skipped: true, seconds: 0, summary: previous.summary });
        ctx.log('info', `${name}: unchanged, skipped`);
        upstream = signature;
        return previous.summary;
      }
    }
    ctx.log('info', `${name}: running`);
    const summary = await work();
    setSetting(db, key, JSON.stringify({ signature, summary }));
    stages.push({ stage: name, skipped: false, seconds: (performance.now() - t0) / 1000, summary });
    upstream = signature;
    return summary;
  };
  const runExists = (id: unknown) => typeof id === 'number' && getRun(db, id)?.status === 'done';

  if (o.corpus) {
    const file = statSync(assertReadableCorpus(o.corpus));
    await stage(
      'import',
      { corpus: o.corpus, size: file.size, mtime: file.mtimeMs, limit: o.limit, options: o.import },
      async () => {
        const s = await pipelineStages.import(
          store,
          { ...o.import, path: o.corpus!, ...(o.limit ? { limit: o.limit } : {}) },
          ctx,
        );
        return {
          imported: s.imported,
          duplicates: s.duplicateIds + s.duplicateTexts,
          rejected: s.rejected,
          documents: s.documents,
        };
      },
    );
  }
  const documents = countDocuments(db);
  if (documents === 0)
    throw new AppError('INVALID_INPUT', `${store.path} has no documents: give a corpus to import`);
  const docState = documentState(db);

  const spec = parseModelSpec(o.model, o.modelDir ? { modelDir: o.modelDir } : {});
  const embedded = await stage(
    'embed',
    { spec, dtype: o.dtype, docState, template: getSetting(db, 'textTemplate') },
    async () => {
      const embedder = await openEmbedder(
        spec,
        {
          transformers: {
            ...(o.modelDir ? { modelDir: o.modelDir } : {}),
            ...(o.device ? { device: o.device } : {}),
            ...(o.dtype ? { dtype: o.dtype } : {}),
            allowRemote: !(o.offline ?? DEFAULTS.offline),
            log: (m) => ctx.log('info', m),
          },
        },
        o.workers,
      );
      try {
        const s = await pipelineStages.embed(
          store,
          { embedder, ...(o.batchSize ? { batchSize: o.batchSize } : {}) },
          ctx,
        );
        return {
          setId: s.setId,
          model: s.model,
          embedded: s.embedded,
          skipped: s.skipped,
          stored: s.stored,
          dims: s.dims,
        };
      } finally {
        await embedder.dispose();
      }
    },
  );

  const precision = o.precision ?? DEFAULTS.precision;
  const calibration = o.calibration ?? DEFAULTS.calibration;
  const vectors = await stage('quantize', { precision, calibration }, async () => {
    if (precision === 'float32') return { setId: embedded.setId, precision };
    const s = await pipelineStages.quantize(
      store,
      {
        precision,
        sourceSetId: embedded.setId as number,
        ...(o.calibration ? { size: o.calibration } : {}),
      },
      ctx,
    );
    return { setId: s.setId, precision, documents: s.documents, bytes: s.bytes };
  });

  const seed = o.seed ?? DEFAULTS.seed;
  const reduced = await stage(
    'reduce',
    {
      setId: vectors.setId,
      components: o.components ?? DEFAULTS.components,
      neighbors: o.neighbors ?? DEFAULTS.neighbors,
      minDist: o.minDist ?? DEFAULTS.minDist,
      repulsionStrength: o.repulsionStrength ?? 'auto',
      mapNeighbors: o.mapNeighbors ?? DEFAULTS.mapNeighbors,
      mapMinDist: o.mapMinDist ?? DEFAULTS.mapMinDist,
      seed,
    },
    async () => {
      // The clustering layout and the 2-d map as `reduce` makes them, with fewer neighbours than documents.
      const s = await pipelineStages.reduce(
        store,
        reduceOptionsOf({
          set: vectors.setId as number,
          components: o.components,
          neighbors: Math.min(o.neighbors ?? DEFAULTS.neighbors, documents - 1),
          minDist: o.minDist,
          repulsionStrength: o.repulsionStrength,
          mapNeighbors: Math.min(o.mapNeighbors ?? DEFAULTS.mapNeighbors, documents - 1),
          mapMinDist: o.mapMinDist,
          seed,
        }),
        ctx,
      );
      return { clusterRunId: s.runs[0]!.runId, mapRunId: s.runs[1]!.runId, n: s.n };
    },
    (p) => runExists(p.clusterRunId) && runExists(p.mapRunId),
  );

  // The case study's 100 is for 25,000 papers: scaled to the corpus by default (defaultMinClusterSize).
  const minClusterSize = Math.max(
    2,
    Math.min(o.minClusterSize ?? defaultMinClusterSize(documents), Math.floor(documents / 2)),
  );
  const clustered = await stage(
    'cluster',
    {
      input: reduced.clusterRunId,
      minClusterSize,
      minSamples: o.minSamples,
      method: o.method ?? DEFAULTS.method,
      assignNoise: String(o.assignNoise ?? DEFAULTS.assignNoise),
    },
    async () => {
      const s = await pipelineStages.cluster(
        store,
        {
          inputRunId: reduced.clusterRunId as number,
          minClusterSize,
          ...(o.minSamples ? { minSamples: o.minSamples } : {}),
          method: o.method ?? DEFAULTS.method,
          ...(o.assignNoise !== undefined ? { assignNoise: o.assignNoise } : {}),
        },
        ctx,
      );
      return {
        runId: s.runId,
        clusters: s.clusters,
        noiseFraction: s.noiseFraction,
        assignedNoise: s.assignedNoise,
        coverage: s.coverage,
      };
    },
    (p) => runExists(p.runId),
  );

  const provider = o.provider ?? DEFAULTS.provider;
  const sample = o.sample ?? DEFAULTS.sample;
  await stage(
    'label',
    { run: clustered.runId, provider, model: o.labelModel, baseUrl: o.baseUrl, sample },
    async () => {
      const model =
        provider === 'keywords'
          ? null
          : createChatModel({ provider, model: o.labelModel ?? null, baseUrl: o.baseUrl ?? null });
      const s = await pipelineStages.label(
        store,
        {
          model,
          runId: clustered.runId as number,
          sample,
          ...(o.concurrency ? { concurrency: o.concurrency } : {}),
        },
        ctx,
      );
      return {
        clusters: s.clusters,
        llm: s.bySource.llm,
        keywords: s.bySource.keywords,
        kept: s.bySource.kept,
      };
    },
  );

  const taxonomyProvider = o.taxonomyProvider ?? (provider === 'keywords' ? 'offline' : provider);
  // A model that gave no usable taxonomy does not fail the build: the offline tree stands in, marked in
  // its name, its provenance and this stage's summary. That summary is stored like any other, so a rerun
  // with unchanged parameters keeps the offline tree (and says so again); --force, or any change upstream,
  // asks the model again, past the answers cached from the failed attempt.
  const previousTaxonomy = getSetting(db, 'pipeline.taxonomy');
  const failedBefore =
    !!previousTaxonomy &&
    typeof (JSON.parse(previousTaxonomy) as { summary?: { fallback?: unknown } }).summary?.fallback ===
      'string';
  const taxonomy = await stage(
    'taxonomy',
    {
      run: clustered.runId,
      provider: taxonomyProvider,
      model: o.taxonomyModel,
      categories: o.categories ?? 'auto',
    },
    async () => {
      const runId = clustered.runId as number;
      const categories = o.categories ?? categoriesFor(clustered.clusters as number);
      if (taxonomyProvider === 'offline') {
        const s = await pipelineStages.offlineTaxonomy(
          store,
          { runId, ...(o.categories ? { categories } : {}) },
          ctx,
        );
        return { taxonomyId: s.taxonomyId, source: 'offline' };
      }
      const model = createChatModel({
        provider: taxonomyProvider,
        model: o.taxonomyModel ?? null,
        baseUrl: o.baseUrl ?? null,
      });
      try {
        const s = await pipelineStages.llmTaxonomy(
          store,
          // An answer that places under half of the topics is no taxonomy worth keeping over the offline one.
          { model, runId, categories, minPlacedShare: 0.5, refresh: failedBefore },
          ctx,
        );
        return { taxonomyId: s.taxonomyId, source: taxonomyProvider };
      } catch (e) {
        const cancelled =
          ctx.signal.aborted ||
          (e instanceof AppError && e.code === 'CANCELLED') ||
          (e instanceof ChatError && e.kind === 'cancelled');
        if (cancelled)
          throw e instanceof AppError ? e : new AppError('CANCELLED', 'build cancelled', { cause: e });
        const reason = e instanceof Error ? e.message : String(e);
        ctx.log(
          'warn',
          `taxonomy: ${model.provider} ${model.model} failed (${reason}); using the offline tree`,
        );
        const { taxonomyId } = await pipelineStages.offlineTaxonomy(
          store,
          {
            runId,
            ...(o.categories ? { categories } : {}),
            name: `Offline taxonomy of run ${runId} (${model.provider} ${model.model} gave no usable taxonomy)`,
            provenance: { fallback: { provider: model.provider, model: model.model, reason } },
          },
          ctx,
        );
        return {
          taxonomyId,
          source: 'offline',
          fallback: reason,
          requested: model.provider,
          requestedModel: model.model,
        };
      }
    },
    (p) => taxonomyExists(db, p.taxonomyId as number),
  );
  if (typeof taxonomy.fallback === 'string' && stages.at(-1)?.skipped)
    ctx.log('warn', `taxonomy: still the offline tree, the model failed before (${taxonomy.fallback})`);

  const base = store.path.replace(/\.taxonomist$/, '');
  const outputs = o.outputs ?? { markdown: `${base}.taxonomy.md`, csv: `${base}.assignments.csv` };
  writeFileSync(outputs.markdown, exportTaxonomy(store, 'outline', taxonomy.taxonomyId as number));
  writeFileSync(outputs.csv, exportTaxonomy(store, 'csv', taxonomy.taxonomyId as number));

  return { project: store.path, documents, stages, outputs, seconds: (performance.now() - started) / 1000 };
}
