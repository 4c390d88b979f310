import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { DEFAULTS, layoutParams, MAP_COMPONENTS, reduceRunParams } from '../../shared/params';
import { readNpy, writeNpy } from '../../engine/io/npy';
import { layoutSpecOf, resolveRepulsion, umapInWorker } from '../../engine/reduce';
import type { ReduceProjectResult, VectorInput } from '../../engine/reduce';
import { ProjectStore } from '../../engine/store';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { addParamOptions, progressOption, readParams } from '../options';
import { checkJobRequest, runJob } from '../run-job';
import { abortOnSignals } from '../interrupt';

/** The umap tool's own help where its defaults are the 2-d map's (umap-learn's), not the clustering layout's. */
const umapHelp = {
  components: `output dimensions (default ${MAP_COMPONENTS})`,
  neighbors: `n_neighbors (default ${DEFAULTS.mapNeighbors})`,
  minDist: `min_dist (default ${DEFAULTS.mapMinDist})`,
  repulsionStrength:
    "weight of the repulsive term; auto: 3 for more than 2 components up to 50,000 points, else 1 (umap-learn's) (default: auto)",
};

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
  const umap = program
    .command('umap')
    .description('UMAP of the rows of a .npy matrix (float32, int8 or uint8) into a .npy (no project needed)')
    .requiredOption('--in <X.npy>', 'input: a 2-d .npy array, one row per point')
    .requiredOption('--out <Y.npy>', 'output: n x components float32 .npy');
  addParamOptions(umap, layoutParams, { help: umapHelp })
    .option('--transform <new.npy>', 'also place these rows (same columns as --in) into the fitted layout')
    .option('--transform-out <Ynew.npy>', 'where the placed rows go (m x components float32)')
    .addOption(progressOption())
    .action(
      async (
        opts: {
          in: string;
          out: string;
          transform?: string;
          transformOut?: string;
          progress: ProgressMode;
        },
        cmd: Command,
      ) => {
        const e = env(cmd);
        const given = readParams(layoutParams, opts, { limits: true });
        const layout = layoutSpecOf({
          components: MAP_COMPONENTS,
          neighbors: DEFAULTS.mapNeighbors,
          minDist: DEFAULTS.mapMinDist,
          ...given,
        });
        const metric = given.metric ?? DEFAULTS.metric;
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
            umapInWorker(data, n, d, [{ ...rest, repulsionStrength, metric }], {
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
    .requiredOption('-p, --project <file>', 'project file');
  addParamOptions(reduce, reduceRunParams, {
    help: {
      repulsionStrength:
        "weight of the clustering layout's repulsive term; auto: 3 up to 50,000 points, else 1 (umap-learn's); the map uses 1 (default: auto)",
    },
  })
    .option('--no-map', 'skip the 2-d map')
    .addOption(progressOption())
    .action(async (opts: { project: string; map: boolean; progress: ProgressMode }, cmd: Command) => {
      const e = env(cmd);
      const request = {
        kind: 'reduce' as const,
        params: { ...readParams(reduceRunParams, opts), ...(opts.map ? {} : { map: false }) },
      };
      // Usage errors first (exit 2, in the app's words), then the project (exit 1).
      checkJobRequest(request);
      const store = ProjectStore.open(opts.project);
      const progress = progressWriter(opts.progress);
      try {
        const r = (await runJob(store, request, { progress: progress.report })) as ReduceProjectResult;
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
    });
}
