import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { labelRunParams } from '../../shared/params';
import type { LabelSummary, TopicQuality } from '../../engine/labels';
import { topicQuality, validatePrompt } from '../../engine/labels';
import { getTopic, getTopics, latestClusterRunId, listClusters, ProjectStore } from '../../engine/store';
import { applyCommand } from '../../engine/history';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { addParamOptions, optionalNumber, parseNumber, progressOption, readParams } from '../options';
import { checkJobRequest, runJob } from '../run-job';

const num = (flag: string, v: string | undefined, min: number, integer = true): number | undefined =>
  optionalNumber(flag, v, { integer, min });

type LabelCliOptions = {
  project: string;
  cluster: string[];
  promptFile?: string;
  progress: ProgressMode;
};

/** The label command's own name for the label model. */
const labelFlags = { labelModel: '--model <model>' };

export function registerLabelCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  const label = program
    .command('label')
    .description('label the clusters of a cluster run: keyphrases offline, or a chat model')
    .requiredOption('-p, --project <file>', 'project file');
  addParamOptions(label, labelRunParams, {
    flags: labelFlags,
    help: {
      provider: 'who names the topics (default: the project setting, else keywords)',
      labelModel: 'chat model (default per provider)',
      baseUrl: 'API endpoint, e.g. an OpenAI-compatible local server',
      sample: 'titles sampled per cluster',
      concurrency: 'requests in flight at once',
    },
  })
    .option(
      '--cluster <id>',
      're-label only this cluster (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option(
      '--prompt-file <file>',
      'prompt template with {representatives}, {titles}, {keywords}, {abstracts}; kept as the project prompt',
    )
    .addOption(progressOption())
    .action(async (opts: LabelCliOptions, cmd: Command) => {
      const e = env(cmd);
      // Read as numbers only: the contract checks them, in the app's words.
      const clusters = opts.cluster.map((c) => parseNumber('--cluster', c));
      let prompt: string | undefined;
      if (opts.promptFile !== undefined) {
        prompt = readFileSync(opts.promptFile, 'utf8');
        // The job says what is wrong with a prompt; the command line names the file too.
        const bad = validatePrompt(prompt);
        if (bad) throw new AppError('INVALID_INPUT', `${opts.promptFile}: ${bad}`);
      }
      const request = {
        kind: 'label' as const,
        params: {
          ...readParams(labelRunParams, opts, { flags: labelFlags }),
          ...(clusters.length ? { clusters } : {}),
          ...(prompt !== undefined ? { prompt } : {}),
        },
      };
      // Usage errors first (exit 2, in the app's words), then the project (exit 1).
      checkJobRequest(request);
      const store = ProjectStore.open(opts.project);
      const progress = progressWriter(opts.progress);
      try {
        const s = (await runJob(store, request, {
          progress: progress.report,
          log: (level, m) => {
            if (level !== 'debug' && opts.progress !== 'none') {
              progress.done();
              e.stderr(`${level}: ${m}\n`);
            }
          },
        })) as LabelSummary;
        progress.done();
        e.result({ ok: true, ...s }, () => {
          const who = s.model ? `${s.provider} ${s.model}` : 'keyphrases';
          e.stdout(
            `labelled ${s.clusters} clusters of run ${s.runId} with ${who} in ${s.seconds.toFixed(2)} s: ` +
              `${s.bySource.llm} llm, ${s.bySource.keywords} keywords, ${s.bySource.kept} kept (locked)\n`,
          );
          if (s.model) {
            const cost =
              s.estimatedCostUsd === null ? 'unknown cost' : `est. $${s.estimatedCostUsd.toFixed(4)}`;
            e.stdout(
              `${s.usage.requests} requests, ${s.usage.cacheHits} from cache, ${s.usage.inputTokens.toLocaleString('en-US')} input + ` +
                `${s.usage.outputTokens.toLocaleString('en-US')} output tokens, ${cost}\n`,
            );
          }
          for (const f of s.fallbacks) e.stdout(`cluster ${f.clusterId}: keyword label (${f.reason})\n`);
        });
      } finally {
        progress.done();
        store.close();
      }
    });

  program
    .command('topics')
    .description('list the topics of a cluster run; rename, describe, lock or unlock one')
    .requiredOption('-p, --project <file>', 'project file')
    .option('--run <id>', 'cluster run (default: the newest)')
    .option('--cluster <id>', 'the topic to edit')
    .option('--set-label <label>', 'rename the topic (a human label: locked, kept by re-labelling)')
    .option('--set-description <text>', 'set the topic description (locks it too)')
    .option('--lock', 'keep the label as it is when re-labelling')
    .option('--unlock', 'let re-labelling replace the label again')
    .option('--quality', "measure the run's topics: NPMI coherence, diversity, coverage")
    .action(
      (
        opts: {
          project: string;
          run?: string;
          cluster?: string;
          setLabel?: string;
          setDescription?: string;
          lock?: boolean;
          unlock?: boolean;
          quality?: boolean;
        },
        cmd: Command,
      ) => {
        const e = env(cmd);
        const editing =
          opts.setLabel !== undefined || opts.setDescription !== undefined || opts.lock || opts.unlock;
        if (editing && opts.quality)
          throw new AppError('USAGE', '--quality does not combine with editing a topic');
        if (editing && opts.cluster === undefined)
          throw new AppError('USAGE', 'editing a topic needs --cluster <id>');
        if (opts.lock && opts.unlock) throw new AppError('USAGE', '--lock and --unlock exclude each other');
        if (opts.setLabel !== undefined && !opts.setLabel.trim())
          throw new AppError('USAGE', '--set-label must not be empty');
        const store = ProjectStore.open(opts.project);
        try {
          const db = store.db;
          const runId = num('--run', opts.run, 1) ?? latestClusterRunId(db);
          if (runId === undefined) throw new AppError('NOT_FOUND', 'the project has no finished cluster run');
          if (opts.quality) {
            const q = topicQuality(db, runId);
            e.result({ quality: q }, () => printQuality(e, q));
            return;
          }
          if (editing) {
            const clusterId = num('--cluster', opts.cluster, 0)!;
            const current = getTopic(db, runId, clusterId);
            if (!current)
              throw new AppError(
                'NOT_FOUND',
                `cluster ${clusterId} of run ${runId} has no label yet (run taxonomist label)`,
              );
            // Edits go into the project's history, so the app's Undo takes them back too.
            if (opts.setLabel !== undefined || opts.setDescription !== undefined)
              applyCommand(store, {
                kind: 'topic-rename',
                runId,
                clusterId,
                label: opts.setLabel?.trim() ?? current.label,
                ...(opts.setDescription !== undefined ? { description: opts.setDescription } : {}),
              });
            if (opts.lock || opts.unlock)
              applyCommand(store, { kind: 'topic-lock', runId, clusterId, locked: Boolean(opts.lock) });
          }
          const byCluster = new Map(getTopics(db, runId).map((t) => [t.clusterId, t]));
          const topics = listClusters(db, runId)
            .filter((c) => c.clusterId >= 0)
            .map((c) => {
              const t = byCluster.get(c.clusterId);
              return {
                cluster: c.clusterId,
                size: c.size,
                label: t?.label ?? null,
                description: t?.description ?? null,
                source: t?.source ?? null,
                locked: t?.locked ?? false,
                keyphrases: t?.keyphrases.map((k) => k.term) ?? [],
              };
            });
          e.result({ ok: true, runId, topics }, () => {
            if (!topics.length) e.stdout(`run ${runId} has no clusters\n`);
            const width = Math.max(7, ...topics.map((t) => String(t.cluster).length));
            for (const t of topics) {
              const source = t.source ? `${t.source}${t.locked ? ', locked' : ''}` : 'not labelled';
              e.stdout(
                `${String(t.cluster).padStart(width)}  ${String(t.size).padStart(6)}  ${t.label ?? '-'}  [${source}]` +
                  `${t.keyphrases.length ? `  ${t.keyphrases.slice(0, 5).join(', ')}` : ''}\n`,
              );
            }
          });
        } finally {
          store.close();
        }
      },
    );
}

function printQuality(e: CommandEnv, q: TopicQuality): void {
  const rows: [string, string, string][] = [
    ['npmi', q.npmi.toFixed(4), 'coherence of the top 10 keyphrases, -1 to 1'],
    ['diversity', q.diversity.toFixed(4), 'unique share of the top 25 keyphrases'],
    ['coverage', q.coverage.toFixed(4), `documents in a topic, of ${q.documents}`],
    ['topics', String(q.topics), 'clusters'],
  ];
  e.stdout(`topic quality of run ${q.runId}\n`);
  for (const [name, value, what] of rows) e.stdout(`  ${name.padEnd(10)}${value.padStart(8)}  ${what}\n`);
}
