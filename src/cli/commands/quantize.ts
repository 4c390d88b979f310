import type { Command } from 'commander';
import { Option } from 'commander';
import { DEFAULTS, quantizeRunParams } from '../../shared/params';
import { diagnoseEmbeddings } from '../../engine/quantize';
import type { QuantizeSummary } from '../../engine/quantize';
import { ProjectStore } from '../../engine/store';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { addParamOptions, optionalNumber, progressOption, readParams } from '../options';
import { checkJobRequest, runJob } from '../run-job';

const int = (flag: string, v: string | undefined, min: number): number | undefined =>
  optionalNumber(flag, v, { integer: true, min });

const mb = (b: number): string => `${(b / 1e6).toFixed(1)} MB`;
const pct = (x: number, digits = 1): string => `${x.toFixed(digits)}%`;

export function registerQuantizeCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  const quantize = program
    .command('quantize')
    .description('quantize the float32 embeddings to int8, uint8 or binary with a calibration set')
    .requiredOption('-p, --project <file>', 'project file');
  addParamOptions(quantize, quantizeRunParams)
    .addOption(progressOption())
    .action(async (opts: { project: string; progress: ProgressMode }, cmd: Command) => {
      const e = env(cmd);
      const request = { kind: 'quantize' as const, params: readParams(quantizeRunParams, opts) };
      // Usage errors first (exit 2, in the app's words), then the project (exit 1).
      checkJobRequest(request);
      const store = ProjectStore.open(opts.project);
      const progress = progressWriter(opts.progress);
      try {
        const s = (await runJob(store, request, { progress: progress.report })) as QuantizeSummary;
        progress.done();
        e.result({ ok: true, ...s }, () => {
          e.stdout(
            `${s.precision}: ${s.documents.toLocaleString('en-US')} embeddings of ${s.dims} dims in ${mb(s.bytes)} ` +
              `(set ${s.setId}; ${s.quantized.toLocaleString('en-US')} quantized now in ${s.seconds.toFixed(2)} s)\n`,
          );
          if (s.precision === 'int8' || s.precision === 'uint8') {
            e.stdout(
              `calibration: ${s.calibration.method} ${s.calibration.size.toLocaleString('en-US')}` +
                `${s.calibration.seed !== null ? ` (seed ${s.calibration.seed})` : ''}${s.calibration.reused ? ', reused from the stored set' : ''}\n`,
            );
          }
          if (s.droppedFloat32) e.stdout('float32 vectors deleted\n');
        });
      } finally {
        progress.done();
        store.close();
      }
    });

  program
    .command('diagnose')
    .description(
      'embedding diagnostics: value histogram, calibration coverage, memory and neighbour recall per precision',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option('--calibration <k>', `embeddings in the calibration set (default ${DEFAULTS.calibration})`)
    .addOption(
      new Option('--calibration-sample <mode>', 'the first k embeddings, or a seeded random sample')
        .choices(['first', 'seeded'])
        .default('first'),
    )
    .option('--queries <n>', 'seeded queries for neighbour recall (default 1000)')
    .option('--seed <n>', `seed for queries and sampling (default ${DEFAULTS.seed})`)
    .option('--set <id>', 'float32 embedding set (default: the newest)')
    .addOption(progressOption())
    .action(
      async (
        opts: {
          project: string;
          calibration?: string;
          calibrationSample: 'first' | 'seeded';
          queries?: string;
          seed?: string;
          set?: string;
          progress: ProgressMode;
        },
        cmd: Command,
      ) => {
        const e = env(cmd);
        const size = int('--calibration', opts.calibration, 2);
        const queries = int('--queries', opts.queries, 1);
        const seed = int('--seed', opts.seed, 0);
        const sourceSetId = int('--set', opts.set, 1);
        const store = ProjectStore.open(opts.project);
        const progress = progressWriter(opts.progress);
        try {
          const r = await diagnoseEmbeddings(
            store,
            {
              sample: opts.calibrationSample,
              ...(size !== undefined ? { size } : {}),
              ...(queries !== undefined ? { queries } : {}),
              ...(seed !== undefined ? { seed } : {}),
              ...(sourceSetId !== undefined ? { sourceSetId } : {}),
            },
            { progress: progress.report },
          );
          progress.done();
          e.result({ ok: true, ...r }, () => {
            e.stdout(
              `set ${r.set.id} (${r.set.model}): ${r.set.documents.toLocaleString('en-US')} x ${r.set.dims}\n`,
            );
            e.stdout(`values: min ${r.histogram.min.toFixed(4)}, max ${r.histogram.max.toFixed(4)}\n`);
            e.stdout(
              `calibration coverage: ${pct(r.calibrationCoverage, 3)} (${r.calibration.method} ${r.calibration.size.toLocaleString('en-US')})\n`,
            );
            e.stdout(`precision   bytes        saved   recall@10  mean abs error\n`);
            for (const [name, p] of Object.entries(r.precisions)) {
              e.stdout(
                `${name.padEnd(10)}  ${mb(p.bytes).padStart(10)}  ${pct(p.compression).padStart(6)}  ${p.recallAt10.toFixed(3).padStart(9)}  ${p.reconstructionError === null ? '-' : p.reconstructionError.toExponential(2)}\n`,
              );
            }
            for (const row of r.projected) {
              e.stdout(
                `${(row.embeddings / 1e6).toFixed(1)}M embeddings: ${Object.entries(row.bytes)
                  .map(([k, b]) => `${k} ${(b / 1e9).toFixed(1)} GB`)
                  .join(', ')}\n`,
              );
            }
          });
        } finally {
          progress.done();
          store.close();
        }
      },
    );
}
