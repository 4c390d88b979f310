import type { Command } from 'commander';
import { Option } from 'commander';
import { readFileSync, writeFileSync } from 'node:fs';
import { AppError } from '../../shared/errors';
import { taxonomyRunParams } from '../../shared/params';
import { ProjectStore } from '../../engine/store';
import { API_KEY_ENV, resolveApiKey } from '../../engine/llm';
import type {
  CommandCall,
  ExportFormat,
  LlmTaxonomySummary,
  OfflineTaxonomySummary,
} from '../../engine/taxonomy';
import {
  checkTaxonomy,
  completeTaxonomy,
  completionTexts,
  EMBEDDING_DUPLICATE_THRESHOLD,
  EMBEDDING_SAME_TOPIC_THRESHOLD,
  embeddingSimilarity,
  exportTaxonomy,
  historyScope,
  importTaxonomy,
  loadTaxonomyView,
  parseExistingTaxonomy,
  planSplit,
  resolveTaxonomy,
  ROOT,
  TaxonomyEditor,
} from '../../engine/taxonomy';
import { applyCommand, redoEdit, taxonomyEdit, undoEdit } from '../../engine/history';
import type { CommandEnv } from '../program';
import type { ProgressMode } from '../progress-output';
import { progressWriter } from '../progress-output';
import { addParamOptions, optionalNumber, progressOption, readParams } from '../options';
import { checkJobRequest, runJob } from '../run-job';

const int = (flag: string, v: string | undefined, min: number): number | undefined =>
  optionalNumber(flag, v, { integer: true, min });

const FORMATS: Record<string, ExportFormat> = {
  outline: 'outline',
  'md-outline': 'outline',
  headings: 'headings',
  md: 'headings',
  json: 'json',
  csv: 'csv',
};

function withStore<T>(path: string, fn: (store: ProjectStore) => T): T {
  const store = ProjectStore.open(path);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** `taxonomy-edit` actions: how many positional arguments each needs and the edit they make. */
function editCall(editor: TaxonomyEditor, action: string, args: string[]): CommandCall {
  const id = (i: number, what = 'node id'): number => {
    const v = int(`${action}: ${what}`, args[i], 0);
    if (v === undefined) throw new AppError('USAGE', `${action}: missing ${what}`);
    return v;
  };
  const rest = (from: number, what: string): string => {
    const s = args.slice(from).join(' ').trim();
    if (!s) throw new AppError('USAGE', `${action}: missing ${what}`);
    return s;
  };
  switch (action) {
    case 'rename':
      return { name: 'rename', args: { nodeId: id(0), label: rest(1, 'label') } };
    case 'define':
      return { name: 'define', args: { nodeId: id(0), definition: args.slice(1).join(' ').trim() || null } };
    case 'add':
      return {
        name: 'add',
        args: { id: editor.newNodeId(), parentId: id(0, 'parent id'), label: rest(1, 'label') },
      };
    case 'delete':
      return { name: 'delete', args: { nodeId: id(0) } };
    case 'move': {
      const parentId = id(1, 'parent id');
      const index =
        args[2] === undefined ? (editor.tree.children.get(parentId) ?? []).length : id(2, 'index');
      return { name: 'move', args: { nodeId: id(0), parentId, index } };
    }
    case 'merge':
      if (args.length < 2)
        throw new AppError('USAGE', 'merge: give the target node id, then the node ids to merge into it');
      return { name: 'merge', args: { targetId: id(0), sourceIds: args.slice(1).map((_, i) => id(i + 1)) } };
    case 'move-documents':
      if (args.length < 2) throw new AppError('USAGE', 'move-documents: give the node id, then document ids');
      return {
        name: 'move-documents',
        args: { nodeId: id(0), documentIds: args.slice(1).map((_, i) => id(i + 1, 'document id')) },
      };
    case 'place-clusters':
      if (args.length < 2) throw new AppError('USAGE', 'place-clusters: give the node id, then cluster ids');
      return {
        name: 'place-clusters',
        args: { nodeId: id(0), clusterIds: args.slice(1).map((_, i) => id(i + 1, 'cluster id')) },
      };
    default:
      throw new AppError(
        'USAGE',
        `unknown edit "${action}" (rename, define, add, delete, move, merge, move-documents, place-clusters, split, undo, redo)`,
      );
  }
}

type SchemeOptions = {
  project: string;
  import?: string;
  complete?: string;
  lexical?: boolean;
  run?: string;
  name?: string;
};

/** `taxonomy --import` or `--complete`: a scheme given as a file, stored as it is or completed. */
async function existingScheme(e: CommandEnv, opts: SchemeOptions): Promise<void> {
  const runId = int('--run', opts.run, 1);
  if (opts.import) {
    const entries = parseExistingTaxonomy(readFileSync(opts.import, 'utf8'));
    const r = withStore(opts.project, (store) =>
      importTaxonomy(store, entries, {
        source: opts.import!,
        ...(runId !== undefined ? { runId } : {}),
        ...(opts.name !== undefined ? { name: opts.name } : {}),
      }),
    );
    e.result({ ok: true, ...r }, () => e.stdout(`taxonomy ${r.taxonomyId}: ${r.nodes} nodes imported\n`));
    return;
  }
  const entries = parseExistingTaxonomy(readFileSync(opts.complete!, 'utf8'));
  const store = ProjectStore.open(opts.project);
  let c;
  try {
    // Offline sentence embeddings compare subjects, not spellings ("MT" ~ "machine translation").
    const similarity = opts.lexical
      ? undefined
      : await embeddingSimilarity(completionTexts(store, entries, runId));
    c = completeTaxonomy(store, entries, {
      source: opts.complete!,
      ...(runId !== undefined ? { runId } : {}),
      ...(opts.name !== undefined ? { name: opts.name } : {}),
      ...(similarity ? { similarity, sameTopicThreshold: EMBEDDING_SAME_TOPIC_THRESHOLD } : {}),
    });
  } finally {
    store.close();
  }
  e.result({ ok: true, ...c }, () =>
    e.stdout(
      `taxonomy ${c.taxonomyId}: ${c.existingNodes} existing nodes; ${c.joined} topics joined a node, ` +
        `${c.attached} added as new, ${c.unplaced} unplaced; ${c.noDocuments} nodes with no documents in this corpus\n`,
    ),
  );
}

export function registerTaxonomyCommands(program: Command, env: (cmd: Command) => CommandEnv): void {
  const taxonomy = program
    .command('taxonomy')
    .description(
      'organise the topics of a cluster run into a taxonomy: main categories > subcategories > topics',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .option(
      '--offline',
      'build it without a language model: average linkage of topic centroids, named from keyphrases',
    );
  addParamOptions(taxonomy, taxonomyRunParams)
    .option('--parents <n>', 'same as --categories')
    .option(
      '--import <file>',
      'store an existing scheme as it is (Markdown outline or headings, or the JSON export)',
    )
    .option(
      '--complete <file>',
      'complete an existing scheme (Markdown outline or headings, or the JSON export) with the corpus topics, by sentence-embedding similarity (offline; --lexical: by word overlap)',
    )
    .option('--lexical', 'with --complete: compare by word overlap instead of sentence embeddings')
    .addOption(progressOption())
    .action(
      async (
        opts: SchemeOptions & {
          offline?: boolean;
          categories?: string;
          parents?: string;
          progress: ProgressMode;
        },
        cmd: Command,
      ) => {
        const e = env(cmd);
        if (opts.import || opts.complete) {
          await existingScheme(e, opts);
          return;
        }
        const params = readParams(taxonomyRunParams, {
          ...opts,
          ...(opts.categories === undefined && opts.parents !== undefined
            ? { categories: opts.parents }
            : {}),
          ...(opts.offline ? { provider: 'offline' } : {}),
        });
        const request = { kind: 'taxonomy' as const, params };
        // Usage errors first (exit 2, in the app's words), then the key and the project (exit 1).
        checkJobRequest(request);
        const provider = params.provider ?? taxonomyRunParams.provider.default;
        if (
          provider !== 'offline' &&
          !resolveApiKey(provider, null) &&
          !(provider === 'openai' && params.baseUrl)
        )
          throw new AppError(
            'INVALID_INPUT',
            `no API key for ${provider}: set ${API_KEY_ENV[provider]}, or build the taxonomy with --offline`,
          );
        const store = ProjectStore.open(opts.project);
        const progress = progressWriter(opts.progress);
        let summary: unknown;
        try {
          summary = await runJob(store, request, { progress: progress.report });
        } finally {
          progress.done();
          store.close();
        }
        if (provider !== 'offline') {
          const s = summary as LlmTaxonomySummary;
          e.result({ ok: true, ...s }, () => {
            e.stdout(
              `taxonomy ${s.taxonomyId}: ${s.categories} categories, ${s.topics} topics over ${s.clusters} clusters ` +
                `(run ${s.runId}, ${s.repairs} repair${s.repairs === 1 ? '' : 's'}) in ${s.seconds.toFixed(1)} s\n`,
            );
            if (s.unplaced.length)
              e.stdout(`unplaced clusters (under "Unplaced"): ${s.unplaced.join(', ')}\n`);
            if (s.proposedWithoutEvidence.length)
              e.stdout(`proposed, no evidence: ${s.proposedWithoutEvidence.join('; ')}\n`);
          });
          return;
        }
        const s = summary as OfflineTaxonomySummary;
        e.result({ ok: true, ...s }, () =>
          e.stdout(
            `taxonomy ${s.taxonomyId}: ${s.categories} categories, ${s.subcategories} subcategories, ${s.topics} topics ` +
              `(${s.documents.toLocaleString('en-US')} clustered documents, run ${s.runId}) in ${s.seconds.toFixed(2)} s\n`,
          ),
        );
      },
    );

  program
    .command('export')
    .description(
      'write a taxonomy as a Markdown outline, Markdown headings, JSON, or CSV of document -> topic path',
    )
    .requiredOption('-p, --project <file>', 'project file')
    .addOption(
      new Option('--format <format>', 'outline (". Category"), headings ("# Category"), json or csv')
        .choices(Object.keys(FORMATS))
        .default('outline'),
    )
    .option('--out <file>', 'write here instead of stdout')
    .option('--taxonomy <id>', 'taxonomy (default: the newest)')
    .action((opts: { project: string; format: string; out?: string; taxonomy?: string }, cmd: Command) => {
      const e = env(cmd);
      const format = FORMATS[opts.format]!;
      const taxonomyId = int('--taxonomy', opts.taxonomy, 1);
      const text = withStore(opts.project, (store) => exportTaxonomy(store, format, taxonomyId));
      if (opts.out) {
        writeFileSync(opts.out, text);
        e.result({ ok: true, format, out: opts.out, bytes: Buffer.byteLength(text) }, () =>
          e.stdout(
            `wrote ${opts.out} (${format}, ${Buffer.byteLength(text).toLocaleString('en-US')} bytes)\n`,
          ),
        );
      } else if (e.json) {
        e.result({ ok: true, format, text }, () => {});
      } else {
        e.stdout(text);
      }
    });

  program
    .command('taxonomy-check')
    .description('the taxonomy tree with node ids, document counts and quality issues per node, and coverage')
    .requiredOption('-p, --project <file>', 'project file')
    .option('--taxonomy <id>', 'taxonomy (default: the newest)')
    .option('--lexical', 'near-duplicate labels by word overlap instead of sentence embeddings')
    .action(async (opts: { project: string; taxonomy?: string; lexical?: boolean }, cmd: Command) => {
      const e = env(cmd);
      const taxonomyId = int('--taxonomy', opts.taxonomy, 1);
      const store = ProjectStore.open(opts.project);
      let taxonomy, report, tree;
      try {
        const view = loadTaxonomyView(store, taxonomyId);
        const labels = [...view.tree.nodes.values()].map((n) => n.label);
        ({ taxonomy, tree } = view);
        report = checkTaxonomy(
          view.tree,
          view.assignments,
          opts.lexical
            ? {}
            : {
                labelSimilarity: await embeddingSimilarity(labels),
                duplicateThreshold: EMBEDDING_DUPLICATE_THRESHOLD,
              },
        );
      } finally {
        store.close();
      }
      e.result({ ok: true, taxonomyId: taxonomy.id, ...report }, () => {
        e.stdout(`taxonomy ${taxonomy.id} "${taxonomy.name}" (${taxonomy.source})\n`);
        for (const n of report.nodes) {
          const node = tree.nodes.get(n.nodeId)!;
          const indent = '  '.repeat(n.path.length - 1);
          const clusters = node.clusterIds.length ? ` clusters ${node.clusterIds.join(',')}` : '';
          const issues = n.issues.length ? `  ! ${n.issues.map((i) => i.message).join('; ')}` : '';
          e.stdout(`${indent}[${n.nodeId}] ${node.label} (${n.documents} docs${clusters})${issues}\n`);
        }
        const c = report.coverage;
        e.stdout(
          `coverage: ${c.placed.toLocaleString('en-US')} of ${c.total.toLocaleString('en-US')} clustered documents ` +
            `(${(c.share * 100).toFixed(1)}%)\n`,
        );
        if (report.unplacedClusterIds.length)
          e.stdout(`unplaced clusters: ${report.unplacedClusterIds.join(', ')}\n`);
        if (report.duplicatedClusterIds.length)
          e.stdout(`clusters placed twice: ${report.duplicatedClusterIds.join(', ')}\n`);
      });
    });

  program
    .command('taxonomy-edit')
    .description(
      'edit a taxonomy: rename <node> <label> | define <node> <text> | add <parent> <label> | delete <node> | ' +
        'move <node> <parent> [index] | merge <target> <node...> | move-documents <node> <doc...> | ' +
        'place-clusters <node> <cluster...> | split <node> | undo | redo  (node 0 = the top level)',
    )
    .argument('<action>', 'the edit')
    .argument('[args...]', 'its arguments')
    .requiredOption('-p, --project <file>', 'project file')
    .option('--taxonomy <id>', 'taxonomy (default: the newest)')
    .option('--min-cluster-size <n>', "split: smallest child topic (default: half the run's)")
    .action(
      (
        action: string,
        args: string[],
        opts: { project: string; taxonomy?: string; minClusterSize?: string },
        cmd: Command,
      ) => {
        const e = env(cmd);
        const taxonomyId = int('--taxonomy', opts.taxonomy, 1);
        const minClusterSize = int('--min-cluster-size', opts.minClusterSize, 2);
        const out = withStore(opts.project, (store) => {
          const editor = TaxonomyEditor.open(store, resolveTaxonomy(store, taxonomyId).id);
          if (action === 'undo' || action === 'redo') {
            const scope = historyScope(editor.taxonomyId);
            const c = (action === 'undo' ? undoEdit : redoEdit)(store, scope)?.edit ?? null;
            const nodes = TaxonomyEditor.open(store, editor.taxonomyId).tree.nodes.size;
            return { action, edit: c, taxonomyId: editor.taxonomyId, nodes };
          }
          const call =
            action === 'split'
              ? planSplit(store, editor, int('split: node id', args[0], 1) ?? ROOT, {
                  ...(minClusterSize !== undefined ? { minClusterSize } : {}),
                })
              : editCall(editor, action, args);
          applyCommand(store, {
            kind: 'taxonomy-edit',
            taxonomyId: editor.taxonomyId,
            edit: taxonomyEdit(call),
          });
          const nodes = TaxonomyEditor.open(store, editor.taxonomyId).tree.nodes.size;
          return { action, edit: call, taxonomyId: editor.taxonomyId, nodes };
        });
        e.result({ ok: true, ...out }, () => {
          if (out.edit === null) e.stdout(`nothing to ${action}\n`);
          else
            e.stdout(
              `${action === 'undo' ? 'undid' : action === 'redo' ? 'redid' : 'did'} ${out.edit.name} ` +
                `(taxonomy ${out.taxonomyId}, ${out.nodes} nodes)\n`,
            );
        });
      },
    );
}
