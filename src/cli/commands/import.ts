import type { Command } from 'commander';
import { Option } from 'commander';
import { existsSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { importParams } from '../../shared/params';
import { assertReadableCorpus, parseMapOptions } from '../../engine/corpus';
import type { CorpusFormat, ImportSummary, TextEncoding } from '../../engine/corpus';
import { ProjectStore } from '../../engine/store';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { optionalNumber, progressOption } from '../options';
import { checkJobRequest, runJob } from '../run-job';

/** A number option as the request's `name` (left out when not given); the contract checks its range. */
const optionalNumberParam = (name: string, text: string | undefined): Record<string, number> => {
  const n = optionalNumber(`--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, text);
  return n === undefined ? {} : { [name]: n };
};

type ImportCliOptions = {
  project?: string;
  map: string[];
  textTemplate?: string;
  format?: CorpusFormat;
  encoding?: TextEncoding;
  limit?: string;
  maxFieldBytes?: string;
  dedupe: 'id+text' | 'id';
  progress: ProgressMode;
};

/** `papers.jsonl.gz` -> `papers.taxonomist` in the working folder. */
export const defaultProjectFor = (corpus: string): string =>
  `${
    basename(corpus)
      .replace(/\.gz$/i, '')
      .replace(/\.[^.]+$/, '') || 'corpus'
  }.taxonomist`;

export function registerImportCommand(program: Command, env: (cmd: Command) => CommandEnv): void {
  program
    .command('import')
    .description('import papers (JSONL, JSON, CSV, TSV or Parquet, optionally .gz) into a project')
    .argument('<corpus>', 'corpus file')
    .option('-p, --project <file>', 'project file (created if missing; default: <corpus name>.taxonomist)')
    .option(
      '--map <field=column...>',
      'use this column for a field (id, title, abstract, year, authors, categories, venue, url)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--text-template <template>', 'text that is embedded per document (default "{title}:{abstract}")')
    .addOption(
      new Option('--format <format>', 'file format (default: from the name and contents)').choices([
        'jsonl',
        'json',
        'csv',
        'tsv',
        'parquet',
      ]),
    )
    .addOption(
      new Option('--encoding <encoding>', 'text encoding').choices(['utf-8', 'latin1', 'windows-1252']),
    )
    .option(importParams.limit.flag, importParams.limit.help)
    .option(
      '--max-field-bytes <n>',
      'reject rows whose title or abstract is longer than this (default 1048576)',
    )
    .addOption(
      new Option('--dedupe <keys>', 'skip rows with a known id, or also with a known title+abstract')
        .choices(['id+text', 'id'])
        .default('id+text'),
    )
    .addOption(progressOption())
    .action(async (corpus: string, opts: ImportCliOptions, cmd: Command) => {
      const e = env(cmd);
      const project = opts.project ?? defaultProjectFor(corpus);
      const request = {
        kind: 'import' as const,
        params: {
          path: corpus,
          map: parseMapOptions(opts.map),
          ...(opts.textTemplate !== undefined ? { textTemplate: opts.textTemplate } : {}),
          ...(opts.format ? { format: opts.format } : {}),
          ...(opts.encoding ? { encoding: opts.encoding } : {}),
          ...optionalNumberParam('limit', opts.limit),
          ...optionalNumberParam('maxFieldBytes', opts.maxFieldBytes),
          dedupe: opts.dedupe,
        },
      };
      // Usage errors first (exit 2, in the app's words), then the file (exit 1), before a project is created.
      checkJobRequest(request);
      assertReadableCorpus(corpus);
      const created = !existsSync(project);
      const store = ProjectStore.open(project, { create: true });
      const progress = progressWriter(opts.progress);
      let ok = false;
      try {
        const summary = (await runJob(store, request, { progress: progress.report })) as ImportSummary;
        ok = true;
        progress.done();
        const file = basename(corpus);
        e.result({ ok: true, project, ...summary }, () => {
          e.stdout(
            `imported ${summary.imported.toLocaleString('en-US')} documents from ${file} into ${project} in ${summary.seconds.toFixed(2)} s` +
              ` (${summary.documents.toLocaleString('en-US')} in the project)\n`,
          );
          const dups = summary.duplicateIds + summary.duplicateTexts;
          if (dups)
            e.stdout(
              `skipped ${dups} duplicates (${summary.duplicateIds} by id, ${summary.duplicateTexts} by title+abstract)\n`,
            );
          const mapping = Object.entries(summary.mapping)
            .map(([f, c]) => `${f}<-${c}`)
            .join(', ');
          e.stdout(`columns: ${mapping}\n`);
        });
        if (summary.rejected) {
          e.stderr(`rejected ${summary.rejected} rows:\n`);
          for (const r of summary.rejections.slice(0, 10)) e.stderr(`  ${file}:${r.line}: ${r.reason}\n`);
          if (summary.rejected > 10)
            e.stderr(`  ... and ${summary.rejected - 10} more (all listed with --json)\n`);
        }
      } finally {
        progress.done();
        store.close();
        // A project this command created for a failed import would be an empty leftover.
        if (!ok && created)
          for (const suffix of ['', '-wal', '-shm']) rmSync(project + suffix, { force: true });
      }
    });
}
