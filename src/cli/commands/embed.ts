import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { embedRunParams } from '../../shared/params';
import {
  DEFAULT_TRANSFORMERS_MODEL,
  listCachedModels,
  modelCacheDir,
  USE_LITE_DIMS,
} from '../../engine/embed';
import type { EmbedDocumentsSummary } from '../../engine/embed';
import { listEmbeddingSets, ProjectStore } from '../../engine/store';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { addParamOptions, progressOption, readParams } from '../options';
import { checkJobRequest, runJob } from '../run-job';

/** The embed command's own name for the model folder. */
const embedFlags = { modelDir: '--model-dir <folder>' };

export function registerEmbedCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  const embed = program
    .command('embed')
    .description("embed the project's documents (resumable: stored vectors are reused)")
    .requiredOption('-p, --project <file>', 'project file');
  addParamOptions(embed, embedRunParams, {
    flags: embedFlags,
    help: {
      model: 'use-lite | http:<url>[#<api model>] | a Hugging Face model id',
      modelDir: 'load the transformers model from this folder (no download)',
      batchSize: 'texts per model call or request',
      workers: 'embedding workers, each with its own model (not for http)',
    },
  })
    .addOption(progressOption())
    .action(async (opts: { project: string; progress: ProgressMode }, cmd: Command) => {
      const e = env(cmd);
      const given = readParams(embedRunParams, opts, { flags: embedFlags });
      // The environment of this process: an offline switch, and the variable named for the key.
      const offline =
        given.offline || process.env.TAXONOMIST_OFFLINE === '1' || process.env.HF_HUB_OFFLINE === '1';
      const request = { kind: 'embed' as const, params: { ...given, ...(offline ? { offline } : {}) } };
      // Usage errors first (exit 2, in the app's words), then the project (exit 1).
      checkJobRequest(request);
      if (given.apiKeyEnv !== undefined && !process.env[given.apiKeyEnv])
        throw new AppError('USAGE', `--api-key-env ${given.apiKeyEnv}: that variable is not set`);
      const store = ProjectStore.open(opts.project);
      const progress = progressWriter(opts.progress);
      try {
        const summary = (await runJob(store, request, {
          progress: progress.report,
          log: (level, m) => {
            if (level === 'debug' || e.json) return;
            progress.done();
            e.stderr(`${m}\n`);
          },
        })) as EmbedDocumentsSummary;
        progress.done();
        e.result({ ok: true, project: opts.project, ...summary }, () => {
          e.stdout(
            `embedded ${summary.embedded.toLocaleString('en-US')} documents with ${summary.model} in ${summary.seconds.toFixed(1)} s` +
              (summary.docsPerSecond ? ` (${summary.docsPerSecond.toFixed(1)} docs/s)` : '') +
              `; ${summary.skipped.toLocaleString('en-US')} were already stored; ${summary.stored.toLocaleString('en-US')} in the set` +
              (summary.dims ? ` (${summary.dims} dimensions)` : '') +
              '\n',
          );
        });
      } finally {
        progress.done();
        store.close();
      }
    });

  program
    .command('models')
    .description('list embedding backends, cached models and devices')
    .option('-p, --project <file>', 'also list the embedding sets stored in this project')
    .action(async (opts: { project?: string }, cmd: Command) => {
      const e = env(cmd);
      const cacheDir = modelCacheDir();
      const cached = listCachedModels(cacheDir);
      // Loaded here only: the native runtime is not needed by any other command.
      const { listSupportedBackends } = await import('onnxruntime-node');
      const devices = listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
      const backends = [
        {
          name: 'use-lite',
          model: 'use-lite',
          dims: USE_LITE_DIMS,
          available: true,
          note: 'built in, offline',
        },
        {
          name: 'transformers',
          model: DEFAULT_TRANSFORMERS_MODEL,
          dims: 768,
          available: cached.some((c) => c.id === DEFAULT_TRANSFORMERS_MODEL),
          note: 'any Hugging Face feature-extraction model; downloads into the model cache on first use',
        },
        {
          name: 'http',
          model: 'http:<url>[#<model>]',
          dims: null,
          available: true,
          note: 'OpenAI-compatible /v1/embeddings',
        },
      ];
      let sets: ReturnType<typeof listEmbeddingSets> | undefined;
      if (opts.project) {
        const store = ProjectStore.open(opts.project);
        try {
          sets = listEmbeddingSets(store.db);
        } finally {
          store.close();
        }
      }
      const setRows = sets?.map((s) => ({
        id: s.id,
        model: s.model,
        revision: s.revision,
        dtype: s.dtype,
        precision: s.precision,
        dims: s.dims,
        textTemplate: s.textTemplate,
        count: s.count,
      }));
      e.result(
        { ok: true, backends, cacheDir, cached, devices, ...(setRows ? { sets: setRows } : {}) },
        () => {
          e.stdout('backends:\n');
          for (const b of backends)
            e.stdout(`  ${b.name.padEnd(13)} ${b.model}${b.dims ? ` (${b.dims}-d)` : ''}  ${b.note}\n`);
          e.stdout(`model cache: ${cacheDir}\n`);
          if (!cached.length) e.stdout('  (no models downloaded)\n');
          for (const c of cached)
            e.stdout(`  ${c.id}  ${(c.bytes / 1e6).toFixed(0)} MB  ${c.onnxFiles.join(', ')}\n`);
          e.stdout(
            `devices (onnxruntime-node): ${devices.map((d) => d.name + (d.bundled ? '' : ' (needs its add-on)')).join(', ')}\n`,
          );
          if (setRows) {
            e.stdout('embedding sets:\n');
            for (const s of setRows)
              e.stdout(
                `  #${s.id} ${s.model} ${s.revision} ${s.dtype} ${s.precision} ${s.dims}-d  ${s.count} vectors\n`,
              );
          }
        },
      );
    });
}
