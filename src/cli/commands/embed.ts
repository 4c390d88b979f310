import type { Command } from 'commander';
import { AppError } from '../../shared/errors';
import { DEFAULTS, embedParams } from '../../shared/params';
import {
  openEmbedder,
  DEFAULT_TRANSFORMERS_MODEL,
  embedDocuments,
  listCachedModels,
  modelCacheDir,
  parseModelSpec,
  USE_LITE_DIMS,
} from '../../engine/embed';
import { listEmbeddingSets, ProjectStore } from '../../engine/store';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { abortOnSignals } from '../interrupt';
import { addParamOptions, optionalNumber, progressOption, readParams } from '../options';

type EmbedCliOptions = {
  project: string;
  maxTokens?: string;
  limit?: string;
  apiKeyEnv?: string;
  concurrency?: string;
  timeout?: string;
  retries?: string;
  progress: ProgressMode;
};

/** The embed command's own name for the model folder. */
const embedFlags = { modelDir: '--model-dir <folder>' };

const positiveInt = (flag: string, v: string | undefined, min = 1): number | undefined =>
  optionalNumber(flag, v, { integer: true, min });

export function registerEmbedCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  const embed = program
    .command('embed')
    .description("embed the project's documents (resumable: stored vectors are reused)")
    .requiredOption('-p, --project <file>', 'project file');
  addParamOptions(embed, embedParams, {
    flags: embedFlags,
    help: {
      model: 'use-lite | http:<url>[#<api model>] | a Hugging Face model id',
      modelDir: 'load the transformers model from this folder (no download)',
      batchSize: 'texts per model call or request',
      workers: 'embedding workers, each with its own model (not for http)',
    },
  })
    .option('--max-tokens <n>', 'truncate texts to this many tokens (transformers)')
    .option('--limit <n>', 'embed only the first n documents')
    .option('--api-key-env <name>', 'environment variable holding the API key (http)')
    .option('--concurrency <n>', 'requests in flight (http, default 4)')
    .option('--timeout <seconds>', 'per-request timeout (http, default 120)')
    .option('--retries <n>', 'retries on 429/5xx/timeouts (http, default 5)')
    .addOption(progressOption())
    .action(async (opts: EmbedCliOptions, cmd: Command) => {
      const e = env(cmd);
      const p = readParams(embedParams, opts, { flags: embedFlags, limits: true });
      const { batchSize, workers } = p;
      const limit = positiveInt('--limit', opts.limit);
      const maxTokens = positiveInt('--max-tokens', opts.maxTokens);
      const concurrency = positiveInt('--concurrency', opts.concurrency);
      const timeout = positiveInt('--timeout', opts.timeout);
      const retries = positiveInt('--retries', opts.retries, 0);
      let apiKey: string | undefined;
      if (opts.apiKeyEnv) {
        apiKey = process.env[opts.apiKeyEnv];
        if (!apiKey) throw new AppError('USAGE', `--api-key-env ${opts.apiKeyEnv}: that variable is not set`);
      }
      const offline =
        p.offline || process.env.TAXONOMIST_OFFLINE === '1' || process.env.HF_HUB_OFFLINE === '1';
      const store = ProjectStore.open(opts.project);
      const progress = progressWriter(opts.progress);
      const interrupt = abortOnSignals();
      try {
        const spec = parseModelSpec(p.model, p.modelDir ? { modelDir: p.modelDir } : {});
        if (!p.model && !e.json)
          e.stderr(`model: ${spec.backend === 'transformers' ? spec.model || p.modelDir : spec.backend}\n`);
        const embedder = await openEmbedder(
          spec,
          {
            http: {
              ...(apiKey ? { apiKey } : {}),
              ...(concurrency ? { concurrency } : {}),
              ...(timeout ? { timeoutMs: timeout * 1000 } : {}),
              ...(retries !== undefined ? { retries } : {}),
              ...(batchSize ? { batchSize } : {}),
            },
            transformers: {
              ...(p.modelDir ? { modelDir: p.modelDir } : {}),
              device: p.device ?? DEFAULTS.device,
              dtype: p.dtype ?? DEFAULTS.dtype,
              ...(maxTokens ? { maxTokens } : {}),
              allowRemote: !offline,
              log: (m) => e.stderr(`${m}\n`),
              onDownload: (file, loaded, total) =>
                progress.report({
                  stage: 'download',
                  done: loaded,
                  total: total || null,
                  unit: 'bytes',
                  message: file,
                }),
            },
          },
          workers,
        );
        try {
          const summary = await embedDocuments(
            store,
            { embedder, ...(batchSize ? { batchSize } : {}), ...(limit ? { limit } : {}) },
            { progress: progress.report, signal: interrupt.signal },
          );
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
          await embedder.dispose();
        }
      } finally {
        progress.done();
        interrupt.dispose();
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
