import type { Command } from 'commander';
import { Option } from 'commander';
import { AppError } from '../../shared/errors';
import { CLUSTER_METHODS, clusterParams, clusterRunParams, DEFAULTS } from '../../shared/params';
import { hdbscan } from '../../engine/algorithms/hdbscan';
import type { HdbscanMethod } from '../../engine/algorithms/hdbscan';
import { readMatrixF32, writeNpy } from '../../engine/io/npy';
import { compareClusterRuns } from '../../engine/cluster';
import type { ClusterRunSummary } from '../../engine/cluster';
import { ProjectStore } from '../../engine/store';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { addParamOptions, optionalNumber, progressOption, readParams } from '../options';
import { checkJobRequest, runJob } from '../run-job';

const intOption = (flag: string, v: string | undefined, min: number) =>
  optionalNumber(flag, v, { integer: true, min });
const numberOption = (flag: string, v: string | undefined) =>
  optionalNumber(flag, v, { min: 0, infinity: true });

type HdbscanCliOptions = {
  in: string;
  minClusterSize: string;
  minSamples?: string;
  method: HdbscanMethod;
  epsilon?: string;
  allowSingleCluster?: boolean;
  labelsOut?: string;
};

// The .npy tool keeps HDBSCAN's own default (excess of mass); a project's runs use the pipeline's.
const methodOption = () =>
  new Option('--method <method>', clusterParams.method.help).choices(CLUSTER_METHODS).default('eom');
const { minClusterSize: minClusterSizeParam, ...clusterRunOptions } = clusterRunParams;

export function registerClusterCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  program
    .command('hdbscan')
    .description('cluster the rows of a .npy matrix with HDBSCAN (no project needed)')
    .requiredOption('--in <file.npy>', 'points: a 2-d .npy array, one row per point')
    .requiredOption('--min-cluster-size <n>', 'smallest group that counts as a cluster')
    .option('--min-samples <n>', 'neighbours that make a point core (default: min cluster size)')
    .addOption(methodOption())
    .option('--epsilon <d>', 'merge clusters born below this distance (default 0)')
    .option('--allow-single-cluster', 'allow all points to form one cluster')
    .option('--labels-out <file.npy>', 'write the labels (int32, -1 = noise) here')
    .action((opts: HdbscanCliOptions, cmd: Command) => {
      const e = env(cmd);
      const minClusterSize = intOption('--min-cluster-size', opts.minClusterSize, 2)!;
      const minSamples = intOption('--min-samples', opts.minSamples, 1);
      const eps = numberOption('--epsilon', opts.epsilon);
      const { data, rows, cols } = readMatrixF32(opts.in);
      const started = performance.now();
      const r = hdbscan(data, rows, cols, {
        minClusterSize,
        ...(minSamples !== undefined ? { minSamples } : {}),
        method: opts.method,
        ...(eps !== undefined ? { clusterSelectionEpsilon: eps } : {}),
        allowSingleCluster: Boolean(opts.allowSingleCluster),
      });
      const seconds = (performance.now() - started) / 1000;
      let noise = 0;
      for (const l of r.labels) if (l < 0) noise++;
      if (opts.labelsOut) writeNpy(opts.labelsOut, r.labels, [rows]);
      const out = { clusters: r.clusterCount, noiseFraction: rows ? noise / rows : 0, seconds };
      e.result(out, () =>
        e.stdout(
          `${out.clusters} clusters, ${(out.noiseFraction * 100).toFixed(2)}% noise, ${rows.toLocaleString('en-US')} points in ${seconds.toFixed(2)} s\n`,
        ),
      );
    });

  const cluster = program
    .command('cluster')
    .description("cluster a project's 5-d projection with HDBSCAN and store the run")
    .requiredOption('-p, --project <file>', 'project file')
    .requiredOption(minClusterSizeParam.flag, 'smallest group that counts as a cluster');
  addParamOptions(cluster, clusterRunOptions, {
    help: {
      minSamples: 'neighbours that make a point core',
      assignNoise:
        'what becomes of noise documents: embedding (the nearest topic in the embedding space, when as close as its own members), none, or a number T (the nearest layout centroid within T cluster radii; inf = all); the noise flag is kept',
    },
  })
    .addOption(progressOption())
    .action(async (opts: { project: string; progress: ProgressMode }, cmd: Command) => {
      const e = env(cmd);
      const params = readParams(clusterRunParams, opts);
      const request = { kind: 'cluster' as const, params };
      // Usage errors first (exit 2, in the app's words), then the project (exit 1).
      checkJobRequest(request);
      const store = ProjectStore.open(opts.project);
      const progress = progressWriter(opts.progress);
      try {
        const s = (await runJob(store, request, { progress: progress.report })) as ClusterRunSummary;
        const assignNoise = params.assignNoise ?? DEFAULTS.assignNoise;
        progress.done();
        e.result({ ok: true, ...s }, () => {
          e.stdout(
            `run #${s.runId}: ${s.clusters} clusters over ${s.documents.toLocaleString('en-US')} documents (reduce run #${s.inputRunId}), ` +
              `${(s.noiseFraction * 100).toFixed(2)}% noise, in ${s.seconds.toFixed(2)} s\n`,
          );
          if (assignNoise !== 'none')
            e.stdout(
              `assigned ${s.assignedNoise.toLocaleString('en-US')} noise documents: coverage ${(s.coverage * 100).toFixed(2)}%\n`,
            );
        });
      } finally {
        progress.done();
        store.close();
      }
    });

  program
    .command('compare')
    .description(
      'compare two cluster runs: counts, noise, ARI, NMI, matched, split, merged, new and lost clusters',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .requiredOption('--runs <a,b>', 'the two cluster run ids, e.g. 3,4')
    .action((opts: { project: string; runs: string }, cmd: Command) => {
      const e = env(cmd);
      const ids = opts.runs.split(',').map((s) => s.trim());
      if (ids.length !== 2 || ids.some((s) => !/^\d+$/.test(s)))
        throw new AppError('USAGE', `--runs expects two run ids like 3,4, got "${opts.runs}"`);
      const store = ProjectStore.open(opts.project);
      try {
        const c = compareClusterRuns(store.db, Number(ids[0]), Number(ids[1]));
        e.result({ ok: true, ...c }, () => {
          const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
          e.stdout(
            `runs #${c.runA} vs #${c.runB} over ${c.sharedDocuments.toLocaleString('en-US')} documents\n`,
          );
          e.stdout(`clusters   ${c.clustersA} vs ${c.clustersB}\n`);
          e.stdout(`noise      ${pct(c.noiseFractionA)} vs ${pct(c.noiseFractionB)}\n`);
          e.stdout(`ARI ${c.ari.toFixed(4)}  NMI ${c.nmi.toFixed(4)}\n`);
          e.stdout(
            `matched    ${c.matches.map((m) => `${m.a}->${m.b} (J ${m.jaccard.toFixed(2)})`).join(', ') || 'none'}\n`,
          );
          for (const s of c.splits) e.stdout(`split      ${s.a} -> ${s.into.join(' + ')}\n`);
          for (const m of c.merges) e.stdout(`merged     ${m.from.join(' + ')} -> ${m.b}\n`);
          if (c.vanished.length) e.stdout(`vanished   ${c.vanished.join(', ')}\n`);
          if (c.appeared.length) e.stdout(`appeared   ${c.appeared.join(', ')}\n`);
        });
      } finally {
        store.close();
      }
    });
}
