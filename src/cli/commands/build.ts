import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { AppError } from '../../shared/errors';
import { parseNoiseAssignment } from '../../shared/noise-assignment';
import type { NoiseAssignmentMode } from '../../shared/noise-assignment';
import { stageContext } from '../../engine/context';
import { buildPipeline } from '../../engine/pipeline';
import type { BuildOptions } from '../../engine/pipeline';
import { ProjectStore } from '../../engine/store';
import {
  assertReadableCorpus,
  bundledSampleCorpus,
  SAMPLE_PAPERS,
  sampleProjectPath,
} from '../../engine/corpus';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { defaultProjectFor } from './import';
import { abortOnSignals } from '../interrupt';

type Opts = Record<string, string | boolean | undefined> & { progress: ProgressMode };

const num = (
  name: string,
  v: string | boolean | undefined,
  { int = true, min = 0 } = {},
): number | undefined => {
  if (v === undefined || typeof v === 'boolean') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min)
    throw new AppError('USAGE', `${name} expects a number >= ${min}, got "${v}"`);
  return n;
};

export function registerBuildCommand(program: Command, env: (cmd: Command) => CommandEnv): void {
  program
    .command('build')
    .description('run the whole pipeline: import, embed, quantize, reduce, cluster, label, taxonomy, exports')
    .argument(
      '[corpus]',
      'corpus to import first (omit to rebuild a project that has documents; with no project either, the bundled sample)',
    )
    .option('-p, --project <file>', 'project file (default: <corpus name>.taxonomist)')
    .option('--limit <n>', 'import at most n documents')
    .option(
      '--model <model>',
      'embedding model: use-lite, a Hugging Face id, or http:<url> (default: jina when cached, else use-lite)',
    )
    .option('--device <device>', 'auto, cpu, cuda, dml, coreml or webgpu')
    .option('--dtype <dtype>', 'fp32, fp16 or q8')
    .option('--model-dir <dir>', 'load the embedding model from this folder')
    .option('--batch-size <n>', 'texts per embedding batch')
    .option(
      '--workers <n>',
      'embedding workers, each with its own model (default: the cores, one left free above two, within memory; a transformers model: one session with a thread per core)',
    )
    .option('--offline', 'never download models')
    .addOption(
      new Option('--precision <precision>', 'embeddings to reduce')
        .choices(['float32', 'int8', 'uint8'])
        .default('float32'),
    )
    .option('--calibration <k>', 'calibration set size for int8/uint8', '10000')
    .option('--components <n>', 'dimensions of the clustering layout', '5')
    .option('--neighbors <n>', 'n_neighbors of the clustering layout', '100')
    .option('--min-dist <d>', 'min_dist of the clustering layout', '0.1')
    .option(
      '--repulsion-strength <g>',
      'repulsive weight of the clustering layout (default: 3 up to 50,000 documents, else 1 as umap-learn); the map uses 1',
    )
    .option('--map-neighbors <n>', 'n_neighbors of the 2-d map', '15')
    .option('--map-min-dist <d>', 'min_dist of the 2-d map', '0.1')
    .option('--seed <n>', 'random seed', '42')
    .option('--min-cluster-size <n>', 'HDBSCAN min_cluster_size (default: 3 + documents / 300, at least 5)')
    .option('--min-samples <n>', 'HDBSCAN min_samples (default: min cluster size)')
    .addOption(new Option('--method <method>', 'cluster selection').choices(['eom', 'leaf']).default('leaf'))
    .option(
      '--assign-noise <mode>',
      'noise documents: embedding (the nearest topic in the embedding space, when as close as its own members), none (kept as noise), or T (the nearest layout centroid within T radii)',
      'embedding',
    )
    .addOption(
      new Option('--provider <provider>', 'topic labels from')
        .choices(['keywords', 'mistral', 'anthropic', 'openai'])
        .default('keywords'),
    )
    .option('--label-model <model>', 'chat model for labels')
    .option('--base-url <url>', 'chat endpoint base URL')
    .option('--sample <n>', 'titles per cluster in the label prompt', '25')
    .option('--concurrency <n>', 'label requests in flight', '4')
    .addOption(
      new Option('--taxonomy <source>', 'taxonomy from').choices([
        'offline',
        'mistral',
        'anthropic',
        'openai',
      ]),
    )
    .option('--taxonomy-model <model>', 'chat model for the taxonomy')
    .option('--categories <n>', 'main categories (default: one per five topics, 2 to 12)')
    .option('--force', 'rerun every stage, even unchanged ones')
    .addOption(
      new Option('--progress <mode>', 'progress on stderr')
        .choices(['auto', 'bar', 'json', 'none'])
        .default('auto'),
    )
    .action(async (given: string | undefined, opts: Opts, cmd: Command) => {
      const e = env(cmd);
      let corpus = given;
      let project = (opts.project as string | undefined) ?? (corpus ? defaultProjectFor(corpus) : undefined);
      if (!corpus && !project) {
        // Nothing named: the bundled sample, into the user's data folder.
        corpus = bundledSampleCorpus() ?? undefined;
        if (!corpus)
          throw new AppError(
            'USAGE',
            'give a corpus or --project (the bundled sample corpus is not installed)',
          );
        project = sampleProjectPath();
        mkdirSync(dirname(project), { recursive: true });
        e.stderr(
          `no corpus given: building the bundled sample (${SAMPLE_PAPERS.toLocaleString('en-US')} arXiv cs.CL papers) into ${project}\n`,
        );
      }
      if (!project) throw new AppError('USAGE', 'give a corpus or --project');
      const options: BuildOptions = {
        ...(corpus ? { corpus } : {}),
        ...(num('--limit', opts.limit, { min: 1 }) ? { limit: num('--limit', opts.limit, { min: 1 })! } : {}),
        ...(opts.model ? { model: opts.model as string } : {}),
        ...(opts.device ? { device: opts.device as BuildOptions['device'] & string } : {}),
        ...(opts.dtype ? { dtype: opts.dtype as BuildOptions['dtype'] & string } : {}),
        ...(opts.modelDir ? { modelDir: opts.modelDir as string } : {}),
        ...(num('--batch-size', opts.batchSize, { min: 1 })
          ? { batchSize: num('--batch-size', opts.batchSize, { min: 1 })! }
          : {}),
        ...(num('--workers', opts.workers, { min: 1 })
          ? { workers: num('--workers', opts.workers, { min: 1 })! }
          : {}),
        allowRemote: !opts.offline,
        precision: opts.precision as 'float32' | 'int8' | 'uint8',
        calibration: num('--calibration', opts.calibration, { min: 2 })!,
        components: num('--components', opts.components, { min: 1 })!,
        neighbors: num('--neighbors', opts.neighbors, { min: 2 })!,
        minDist: num('--min-dist', opts.minDist, { int: false })!,
        ...(opts.repulsionStrength !== undefined
          ? { repulsionStrength: num('--repulsion-strength', opts.repulsionStrength, { int: false })! }
          : {}),
        mapNeighbors: num('--map-neighbors', opts.mapNeighbors, { min: 2 })!,
        mapMinDist: num('--map-min-dist', opts.mapMinDist, { int: false })!,
        seed: num('--seed', opts.seed)!,
        ...(opts.minClusterSize
          ? { minClusterSize: num('--min-cluster-size', opts.minClusterSize, { min: 2 })! }
          : {}),
        ...(opts.minSamples ? { minSamples: num('--min-samples', opts.minSamples, { min: 1 })! } : {}),
        method: opts.method as 'eom' | 'leaf',
        assignNoise: noiseAssignment(opts.assignNoise as string),
        provider: opts.provider as BuildOptions['provider'] & string,
        ...(opts.labelModel ? { labelModel: opts.labelModel as string } : {}),
        ...(opts.baseUrl ? { baseUrl: opts.baseUrl as string } : {}),
        sample: num('--sample', opts.sample, { min: 1 })!,
        concurrency: num('--concurrency', opts.concurrency, { min: 1 })!,
        ...(opts.taxonomy
          ? { taxonomyProvider: opts.taxonomy as BuildOptions['taxonomyProvider'] & string }
          : {}),
        ...(opts.taxonomyModel ? { taxonomyModel: opts.taxonomyModel as string } : {}),
        ...(opts.categories ? { categories: num('--categories', opts.categories, { min: 1 })! } : {}),
        force: !!opts.force,
      };
      // Usage errors above (exit 2), then the corpus file (exit 1), before a project is created.
      if (corpus) assertReadableCorpus(corpus);
      const store = ProjectStore.open(project, { create: true });
      const progress = progressWriter(opts.progress);
      const interrupt = abortOnSignals();
      try {
        const s = await buildPipeline(
          store,
          options,
          stageContext({
            progress: progress.report,
            signal: interrupt.signal,
            log: (level, m) => {
              if (level === 'debug' || opts.progress === 'none' || e.json) return;
              progress.done();
              e.stderr(`${m}\n`);
            },
          }),
        );
        progress.done();
        // Printed even with --json or --progress none: the build succeeded, but not as asked.
        const taxonomy = s.stages.find((st) => st.stage === 'taxonomy');
        if (taxonomy && typeof taxonomy.summary.fallback === 'string')
          e.stderr(
            `warning: the taxonomy model (${String(taxonomy.summary.requested)} ${String(taxonomy.summary.requestedModel)}) ` +
              `failed: ${taxonomy.summary.fallback}; the offline tree was used instead` +
              `${taxonomy.skipped ? ' (kept from an earlier build: --force asks the model again)' : ''}\n`,
          );
        e.result({ ok: true, ...s }, () => {
          for (const st of s.stages)
            e.stdout(
              `${st.stage.padEnd(9)} ${st.skipped ? 'unchanged, skipped' : `${st.seconds.toFixed(1)} s`}\n`,
            );
          e.stdout(`\nproject:     ${s.project} (${s.documents.toLocaleString('en-US')} documents)\n`);
          e.stdout(`taxonomy:    ${s.outputs.markdown}\nassignments: ${s.outputs.csv}\n`);
          e.stdout(`done in ${s.seconds.toFixed(1)} s\n`);
        });
      } finally {
        progress.done();
        interrupt.dispose();
        store.close();
      }
    });
}

function noiseAssignment(text: string): NoiseAssignmentMode {
  const mode = parseNoiseAssignment(text);
  if (mode === null)
    throw new AppError(
      'USAGE',
      `--assign-noise must be embedding, none, inf or a positive number, got "${text}"`,
    );
  return mode;
}
