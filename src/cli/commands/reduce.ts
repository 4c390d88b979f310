import type { Command } from 'commander';
import { Option } from 'commander';
import { AppError } from '../../shared/errors';
import { DEFAULTS, reduceParams } from '../../shared/params';
import type { KnnMetric } from '../../engine/algorithms/knn';
import { readNpy, writeNpy } from '../../engine/io/npy';
import { reduceProject, resolveRepulsion, umapInWorker } from '../../engine/reduce';
import type { LayoutSpec, VectorInput } from '../../engine/reduce';
import { ProjectStore } from '../../engine/store';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { addParamOptions, parseNumber, progressOption, readParams } from '../options';
import { abortOnSignals } from '../interrupt';

const intOption = (flag: string, v: string, min: number): number =>
  parseNumber(flag, v, { integer: true, min });
const numberOption = (flag: string, v: string, min = 0): number => parseNumber(flag, v, { min });
const positiveNumber = (flag: string, v: string): number => parseNumber(flag, v, { above: 0 });

/** The layout parameters both commands share with the pipeline (their flags, limits and defaults). */
const { repulsionStrength: _repulsion, mapNeighbors, mapMinDist, ...layoutParams } = reduceParams;
const mapParams = { mapNeighbors, mapMinDist };

type LayoutCliOptions = {
  spread: string;
  epochs?: string;
  learningRate?: string;
  negativeSampleRate?: string;
  repulsionStrength?: string;
  metric: KnnMetric;
  knn: 'exact' | 'approximate' | 'auto';
  probes?: string;
  init: 'spectral' | 'pca';
  progress: ProgressMode;
};

const metricOption = () =>
  new Option('--metric <metric>', 'distance in the input space')
    .choices(['cosine', 'euclidean'])
    .default('cosine');
const knnOption = () =>
  new Option(
    '--knn <search>',
    'neighbour search: exact, approximate (inverted file), auto = exact up to 20,000 points',
  )
    .choices(['auto', 'exact', 'approximate'])
    .default('auto');
const initOption = () =>
  new Option('--init <layout>', "initial layout: the graph's spectral embedding or the principal components")
    .choices(['spectral', 'pca'])
    .default('spectral');
function layoutOf(opts: LayoutCliOptions): LayoutSpec {
  const p = readParams(layoutParams, opts, { limits: true });
  return {
    components: p.components ?? DEFAULTS.components,
    neighbors: p.neighbors ?? DEFAULTS.neighbors,
    minDist: p.minDist ?? DEFAULTS.minDist,
    spread: positiveNumber('--spread', opts.spread),
    seed: p.seed ?? DEFAULTS.seed,
    ...(opts.epochs !== undefined ? { nEpochs: intOption('--epochs', opts.epochs, 1) } : {}),
    ...(opts.learningRate !== undefined
      ? { learningRate: positiveNumber('--learning-rate', opts.learningRate) }
      : {}),
    ...(opts.negativeSampleRate !== undefined
      ? { negativeSampleRate: intOption('--negative-sample-rate', opts.negativeSampleRate, 1) }
      : {}),
    ...(opts.repulsionStrength !== undefined
      ? {
          repulsionStrength:
            opts.repulsionStrength === 'auto'
              ? ('auto' as const)
              : numberOption('--repulsion-strength', opts.repulsionStrength),
        }
      : {}),
    knn: opts.knn,
    init: opts.init,
    ...(opts.probes !== undefined ? { probes: intOption('--probes', opts.probes, 1) } : {}),
  };
}

/** A 2-d .npy as n, d and its rows (float32, int8 or uint8 kept as they are). */
function readMatrix(path: string): [number, number, VectorInput] {
  const npy = readNpy(path);
  if (npy.shape.length !== 2)
    throw new AppError('INVALID_INPUT', `${path}: expected a 2-d array, got shape (${npy.shape.join(', ')})`);
  const [n, d] = npy.shape as [number, number];
  const data: VectorInput =
    npy.data instanceof Float32Array || npy.data instanceof Int8Array || npy.data instanceof Uint8Array
      ? npy.data
      : Float32Array.from(npy.data as ArrayLike<number>, Number);
  return [n, d, data];
}

/** Cancels the run on Ctrl-C / SIGTERM while `fn` runs. */
async function withSignals<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = abortOnSignals();
  try {
    return await fn(interrupt.signal);
  } finally {
    interrupt.dispose();
  }
}

export function registerReduceCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  program
    .command('umap')
    .description('UMAP of the rows of a .npy matrix (float32, int8 or uint8) into a .npy (no project needed)')
    .requiredOption('--in <X.npy>', 'input: a 2-d .npy array, one row per point')
    .requiredOption('--out <Y.npy>', 'output: n x components float32 .npy')
    .option(layoutParams.components.flag, 'output dimensions', '2')
    // umap-learn's n_neighbors and min_dist, which the 2-d map uses too.
    .option(layoutParams.neighbors.flag, 'n_neighbors', String(DEFAULTS.mapNeighbors))
    .option(layoutParams.minDist.flag, 'min_dist', String(DEFAULTS.minDist))
    .option('--spread <s>', 'spread', '1')
    .option('--epochs <n>', 'SGD epochs (default 500 up to 10,000 points, else 200)')
    .option('--learning-rate <a>', 'initial SGD step size (default 1)')
    .option('--negative-sample-rate <n>', 'negative samples per positive edge sample (default 5)')
    .option(
      '--repulsion-strength <g>',
      "weight of the repulsive term; auto: 3 for more than 2 components up to 50,000 points, else 1 (umap-learn's)",
      'auto',
    )
    .addOption(metricOption())
    .option(layoutParams.seed.flag, layoutParams.seed.help, String(DEFAULTS.seed))
    .addOption(knnOption())
    .option('--probes <n>', 'lists the approximate neighbour search visits per point (default: scaled to n)')
    .addOption(initOption())
    .option('--transform <new.npy>', 'also place these rows (same columns as --in) into the fitted layout')
    .option('--transform-out <Ynew.npy>', 'where the placed rows go (m x components float32)')
    .addOption(progressOption())
    .action(
      async (
        opts: LayoutCliOptions & { in: string; out: string; transform?: string; transformOut?: string },
        cmd: Command,
      ) => {
        const e = env(cmd);
        const layout = layoutOf(opts);
        if ((opts.transform === undefined) !== (opts.transformOut === undefined))
          throw new AppError('USAGE', '--transform and --transform-out go together');
        const [n, d, data] = readMatrix(opts.in);
        let transform: { data: VectorInput; m: number } | undefined;
        if (opts.transform !== undefined) {
          const [m, dNew, rows] = readMatrix(opts.transform);
          if (dNew !== d)
            throw new AppError(
              'INVALID_INPUT',
              `${opts.transform}: ${dNew} columns, but ${opts.in} has ${d}`,
            );
          transform = { data: rows, m };
        }
        const progress = progressWriter(opts.progress);
        const started = performance.now();
        const { repulsionStrength: setting, ...rest } = layout;
        const repulsionStrength = resolveRepulsion(setting, n, layout.components);
        try {
          const [r] = await withSignals((signal) =>
            umapInWorker(data, n, d, [{ ...rest, repulsionStrength, metric: opts.metric }], {
              progress: progress.report,
              signal,
              ...(transform ? { transform } : {}),
            }),
          );
          progress.done();
          writeNpy(opts.out, r!.embedding, [n, layout.components]);
          if (transform && r!.transformed)
            writeNpy(opts.transformOut!, r!.transformed, [transform.m, layout.components]);
          const seconds = (performance.now() - started) / 1000;
          e.result(
            {
              n,
              components: layout.components,
              repulsionStrength,
              seconds,
              knnSeconds: r!.knnSeconds,
              layoutSeconds: r!.layoutSeconds,
              init: r!.init,
              initSeconds: r!.initSeconds,
              knn: r!.knn,
              quality: r!.quality,
              ...(transform ? { transformed: transform.m } : {}),
            },
            () =>
              e.stdout(
                `wrote ${n.toLocaleString('en-US')} x ${layout.components} to ${opts.out} in ${seconds.toFixed(1)} s` +
                  ` (k-NN ${r!.knnSeconds.toFixed(1)} s` +
                  (r!.quality
                    ? `, kNN preservation@${r!.quality.k} ${r!.quality.knnPreservation.toFixed(3)}`
                    : '') +
                  ')\n',
              ),
          );
        } finally {
          progress.done();
        }
      },
    );

  const reduce = program
    .command('reduce')
    .description("UMAP of a project's embeddings: a layout for clustering and a 2-d map, stored as runs")
    .requiredOption('-p, --project <file>', 'project file')
    .option('--set <id>', 'embedding set (default: the newest float32 set, else int8/uint8)');
  addParamOptions(reduce, layoutParams)
    .option('--spread <s>', 'spread', '1')
    .option('--epochs <n>', 'SGD epochs (default 500 up to 10,000 points, else 200)')
    .option('--learning-rate <a>', 'initial SGD step size (default 1)')
    .option('--negative-sample-rate <n>', 'negative samples per positive edge sample (default 5)')
    .option(
      '--repulsion-strength <g>',
      "weight of the clustering layout's repulsive term; auto: 3 up to 50,000 points, else 1 (umap-learn's); the map uses 1",
      'auto',
    )
    .addOption(metricOption());
  addParamOptions(reduce, mapParams)
    .option('--no-map', 'skip the 2-d map')
    .addOption(knnOption())
    .option('--probes <n>', 'lists the approximate neighbour search visits per point (default: scaled to n)')
    .addOption(initOption())
    .option('--name <name>', 'a name for the runs')
    .addOption(progressOption())
    .action(
      async (
        opts: LayoutCliOptions & {
          project: string;
          set?: string;
          map: boolean;
          name?: string;
        },
        cmd: Command,
      ) => {
        const e = env(cmd);
        const main = layoutOf(opts);
        const map = readParams(mapParams, opts, { limits: true });
        const layouts: LayoutSpec[] = [main];
        if (opts.map)
          layouts.push({
            ...main,
            repulsionStrength: 'auto',
            components: 2,
            neighbors: map.mapNeighbors ?? DEFAULTS.mapNeighbors,
            minDist: map.mapMinDist ?? DEFAULTS.mapMinDist,
          });
        const store = ProjectStore.open(opts.project);
        const progress = progressWriter(opts.progress);
        try {
          const r = await withSignals((signal) =>
            reduceProject(
              store,
              {
                ...(opts.set !== undefined ? { setId: intOption('--set', opts.set, 1) } : {}),
                metric: opts.metric,
                layouts,
                ...(opts.name !== undefined ? { name: opts.name } : {}),
              },
              { progress: progress.report, signal },
            ),
          );
          progress.done();
          e.result({ ok: true, project: opts.project, ...r }, () => {
            for (const run of r.runs)
              e.stdout(
                `run ${run.runId}: ${r.n.toLocaleString('en-US')} points -> ${run.components}-d (n_neighbors ${run.neighbors})` +
                  ` in ${run.seconds.toFixed(1)} s` +
                  (run.quality
                    ? `, kNN preservation@${run.quality.k} ${run.quality.knnPreservation.toFixed(3)}`
                    : '') +
                  '\n',
              );
          });
        } finally {
          progress.done();
          store.close();
        }
      },
    );
}
