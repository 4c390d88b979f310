import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { buildParams } from '../../shared/params';
import type { BuildSummary } from '../../engine/pipeline';
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
import { addParamOptions, progressOption, readParams } from '../options';
import { checkJobRequest, runJob } from '../run-job';
import { defaultProjectFor } from './import';

type Opts = Record<string, string | boolean | undefined> & { project?: string; progress: ProgressMode };

export function registerBuildCommand(program: Command, env: (cmd: Command) => CommandEnv): void {
  const command = program
    .command('build')
    .description('run the whole pipeline: import, embed, quantize, reduce, cluster, label, taxonomy, exports')
    .argument(
      '[corpus]',
      'corpus to import first (omit to rebuild a project that has documents; with no project either, the bundled sample)',
    )
    .option('-p, --project <file>', 'project file (default: <corpus name>.taxonomist)');
  addParamOptions(command, buildParams)
    .addOption(progressOption())
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
      const request = {
        kind: 'build' as const,
        params: { ...(corpus ? { corpus } : {}), ...readParams(buildParams, opts) },
      };
      // Usage errors first (exit 2, in the app's words), then the corpus file (exit 1), before a project is created.
      checkJobRequest(request);
      if (corpus) assertReadableCorpus(corpus);
      const store = ProjectStore.open(project, { create: true });
      const progress = progressWriter(opts.progress);
      try {
        const s = (await runJob(store, request, {
          progress: progress.report,
          log: (level, m) => {
            if (level === 'debug' || opts.progress === 'none' || e.json) return;
            progress.done();
            e.stderr(`${m}\n`);
          },
        })) as BuildSummary;
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
        store.close();
      }
    });
}
