import { z } from 'zod';
import { diagnoseParamsSchema, diagnosticsViewSchema, runsComparisonSchema } from './analysis';
import { commandSchema, historyEntrySchema, historyStateSchema, taxonomyEditSchema } from './commands';
import { appErrorSchema } from './errors';
import {
  buildParams,
  CHAT_PROVIDERS,
  clusterRunParams,
  embedRunParams,
  LABEL_PROVIDERS,
  labelRunParams,
  quantizeRunParams,
  reduceRunParams,
  taxonomyRunParams,
  zodParams,
} from './params';
import { progressSchema } from './progress';

// The one list of everything the UI (over Electron IPC or the local web host) and the CLI can ask
// the engine, and every event it pushes. Channel names are `domain:verb`; types come from z.infer.

const empty = z.object({}).strict();
const id = z.number().int().positive();

export const jobKindSchema = z.enum([
  'import',
  'build',
  'diagnose',
  'embed',
  'quantize',
  'reduce',
  'cluster',
  'label',
  'taxonomy',
]);
export type JobKind = z.infer<typeof jobKindSchema>;

export const jobStatusSchema = z.enum(['queued', 'running', 'finished', 'failed', 'cancelled']);

export const jobSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  params: z.record(z.string(), z.unknown()),
  status: jobStatusSchema,
  progress: progressSchema.nullable(),
  result: z.unknown().nullable(),
  error: appErrorSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Job = z.infer<typeof jobSchema>;

export const projectInfoSchema = z.object({
  path: z.string(),
  schemaVersion: z.number(),
  documents: z.number(),
  textTemplate: z.string(),
  imports: z.array(
    z.object({
      id: z.number(),
      source: z.string(),
      imported: z.number(),
      duplicates: z.number(),
      rejected: z.number(),
      at: z.string(),
    }),
  ),
  /** The embedding model of the newest stored vectors (a rebuild that names it reuses them); null before any. */
  embeddingModel: z.string().nullable().optional(),
});
export type ProjectInfo = z.infer<typeof projectInfoSchema>;

export const documentSchema = z.object({
  id: z.number(),
  extId: z.string(),
  title: z.string(),
  abstract: z.string(),
  year: z.number().nullable(),
  venue: z.string().nullable(),
  authors: z.array(z.string()).nullable(),
  categories: z.array(z.string()).nullable(),
  url: z.string().nullable(),
});
export type DocumentView = z.infer<typeof documentSchema>;

export const importParamsSchema = z
  .object({
    path: z.string().min(1),
    format: z.enum(['jsonl', 'json', 'csv', 'tsv', 'parquet']).optional(),
    encoding: z.enum(['utf-8', 'latin1', 'windows-1252']).optional(),
    map: z.record(z.string(), z.string()).optional(),
    textTemplate: z.string().optional(),
    limit: z.number().int().positive().optional(),
    /** Rows whose title or abstract is longer are rejected (the importer's default: 1 MiB). */
    maxFieldBytes: z.number().int().positive().optional(),
    dedupe: z.enum(['id+text', 'id']).optional(),
  })
  .strict();

/** Document fields a corpus column can feed, in the order the import wizard shows them. */
export const documentFieldSchema = z.enum([
  'id',
  'title',
  'abstract',
  'year',
  'authors',
  'categories',
  'venue',
  'url',
]);
export type DocumentField = z.infer<typeof documentFieldSchema>;

/** A look at the start of a corpus file before importing it: never reads the whole file. */
export const importPreviewSchema = z.object({
  /** Absolute path, as the import should be started with. */
  path: z.string(),
  file: z.string(),
  format: importParamsSchema.shape.format.unwrap(),
  compressed: z.boolean(),
  /** null for Parquet (binary, no text encoding). */
  encoding: importParamsSchema.shape.encoding.unwrap().nullable(),
  /** Set when the encoding was chosen for the person (e.g. the text is not valid UTF-8). */
  encodingNote: z.string().nullable(),
  totalBytes: z.number(),
  columns: z.array(z.string()),
  /** The first rows, values as display text cut to a few hundred characters; `rejected` for unreadable rows. */
  rows: z.array(
    z.object({
      line: z.number(),
      values: z.record(z.string(), z.string()),
      rejected: z.string().nullable(),
    }),
  ),
  /** What the engine detects from the column names alone. */
  suggestedMapping: z.record(z.string(), z.string()),
  /** The mapping an import with the given `map` would use. */
  mapping: z.record(z.string(), z.string()),
  textTemplate: z.string(),
  /** The template's text for the first accepted row, or null. */
  sampleText: z.string().nullable(),
  templateProblem: z.string().nullable(),
  validation: z.object({
    /** Rows looked at (from the start of the file). */
    checked: z.number(),
    accepted: z.number(),
    duplicates: z.number(),
    rejected: z.number(),
    /** The first rejected rows, each with its line (or Parquet row) and reason. */
    rejections: z.array(z.object({ line: z.number(), reason: z.string() })),
    /** True when the whole file was looked at. */
    complete: z.boolean(),
    /** Rough count of rows in the whole file, from the share of bytes read; null when complete. */
    estimatedRows: z.number().nullable(),
    /** Set when the mapping has neither a title nor an abstract column: nothing would import. */
    mappingProblem: z.string().nullable(),
    /** A problem that would stop the import (e.g. an unclosed quote), found within the rows looked at. */
    fatal: z.string().nullable(),
  }),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/**
 * File-name endings the importer reads a format from (each may end in .gz too); other names are
 * read by sniffing their first bytes, so pickers offer these first, not only these.
 */
export const CORPUS_EXTENSIONS = ['jsonl', 'ndjson', 'json', 'csv', 'tsv', 'tab', 'parquet', 'pq'] as const;

/**
 * The largest corpus file a browser may upload to the web host (2 GiB). A typed path has no size
 * limit (the import streams it); an upload also fills a temporary folder, so it has one.
 */
export const CORPUS_UPLOAD_MAX_BYTES = 2 * 1024 ** 3;

/** "2 GiB", "1.5 MiB", "64 KiB", "900 bytes": sizes in the binary units the upload limit is set in. */
export function binarySize(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const)
    if (n >= size) return `${+(n / size).toFixed(1)} ${unit}`;
  return `${n} bytes`;
}

/**
 * Why an upload of `bytes` bytes (null: not known up front) is refused: the same words from the page's
 * own check and from the host.
 */
export function uploadTooLarge(name: string, bytes: number | null, limit = CORPUS_UPLOAD_MAX_BYTES): string {
  const size = binarySize;
  const what = bytes === null ? `${name} is over` : `${name} is ${size(bytes)}, over`;
  return `${what} the ${size(limit)} limit for uploads: type the path of the file on the computer that runs \`taxonomist serve\` instead, or import a smaller file`;
}

/** Where a browser uploads a corpus file to the web host: POST, `?name=` the file's name, the raw file as the body. */
export const CORPUS_UPLOAD_ROUTE = '/api/uploads/corpus';

/** The web host's answer to an upload: the server path the wizard then uses as if it had been typed. */
export const corpusUploadSchema = z.object({ path: z.string(), name: z.string(), bytes: z.number() });
export type CorpusUpload = z.infer<typeof corpusUploadSchema>;

export { MAX_EMBED_WORKERS } from './params';

/** The pipeline's options as the UI and the CLI's `build` send them (one schema per stage, ./params). */
export const buildParamsSchema = zodParams(buildParams);

/** A cluster run of the project's newest 5-d layout (names as the CLI's `cluster`). */
export const clusterJobParamsSchema = zodParams(clusterRunParams);

/** UMAP runs of the project's embeddings: a clustering layout and the 2-d map (names as the CLI's `reduce`). */
export const reduceJobParamsSchema = zodParams(reduceRunParams);

/** Embeddings of the project's documents not yet stored (names as the CLI's `embed`). */
export const embedJobParamsSchema = zodParams(embedRunParams);

/** A quantized copy of a float32 embedding set (names as the CLI's `quantize`). */
export const quantizeJobParamsSchema = zodParams(quantizeRunParams);

/** Topic labels of a cluster run (names as the CLI's `label`); `clusters`: only these (`--cluster`). */
export const labelJobParamsSchema = zodParams(labelRunParams, {
  clusters: z.array(z.number().int().min(0)).min(1),
});

/** A new taxonomy of a cluster run, offline or by a chat model (names as the CLI's `taxonomy`). */
export const taxonomyJobParamsSchema = zodParams(taxonomyRunParams);

export const runSchema = z.object({
  id: z.number(),
  kind: z.string(),
  name: z.string().nullable(),
  params: z.record(z.string(), z.unknown()),
  status: z.string(),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const topicSchema = z.object({
  runId: z.number(),
  clusterId: z.number(),
  /** Documents in the topic now: core + assigned. */
  size: z.number(),
  /** Documents HDBSCAN itself put in the topic. */
  core: z.number(),
  /** Documents HDBSCAN called noise that were placed in the topic afterwards (by the build or by hand). */
  assigned: z.number(),
  label: z.string(),
  description: z.string().nullable(),
  source: z.enum(['llm', 'keywords', 'human']),
  locked: z.boolean(),
  keyphrases: z.array(z.string()),
  /** Titles of the documents nearest the topic's centre (the label pass's representatives), up to 3. */
  sampleTitles: z.array(z.string()).optional(),
});
export type TopicView = z.infer<typeof topicSchema>;

/**
 * The cluster map's data. Typed arrays travel as base64 of their little-endian bytes (they cross
 * JSON over the web host); `decodeMapData` (src/renderer/features/cluster-map/map-data.ts) turns them back.
 */
export const mapDataSchema = z.object({
  reduceRunId: z.number(),
  clusterRunId: z.number().nullable(),
  count: z.number(),
  /** Int32 document ids. */
  documentIds: z.string(),
  /** Float32 x, y per document. */
  positions: z.string(),
  /** Int32 cluster per document (-1 noise; all -1 without a cluster run). */
  clusterIds: z.string(),
  /** Float32 membership probability per document. */
  probabilities: z.string(),
  /** Uint8 per document: 1 where HDBSCAN called it noise and it is in a topic now (assigned), else 0. */
  assigned: z.string(),
  /** Float32 per document: how strongly it belongs to its topic, 0..1; NaN where unknown. */
  strengths: z.string(),
  titles: z.array(z.string()),
  topics: z.array(z.object({ clusterId: z.number(), label: z.string(), size: z.number() })),
});
export type MapDataWire = z.infer<typeof mapDataSchema>;

/** A taxonomy node for the tree editor, flattened in display order (depth-first). */
export const taxonomyNodeSchema = z.object({
  id: z.number(),
  parentId: z.number().nullable(),
  depth: z.number(),
  label: z.string(),
  definition: z.string().nullable(),
  flags: z.record(z.string(), z.boolean()),
  clusterIds: z.array(z.number()),
  documents: z.number(),
  issues: z.array(z.object({ kind: z.string(), message: z.string() })),
});

export const taxonomyViewSchema = z.object({
  taxonomy: z.object({ id: z.number(), name: z.string(), source: z.string(), runId: z.number().nullable() }),
  nodes: z.array(taxonomyNodeSchema),
  unplacedClusterIds: z.array(z.number()),
  /**
   * placed: clustered documents the tree covers; total: documents in a topic of the run; corpus: every
   * document of the project, in a topic or not.
   */
  coverage: z.object({
    placed: z.number(),
    total: z.number(),
    share: z.number(),
    corpus: z.number().optional(),
  }),
  /** Why this is the offline tree although a model was asked for one; null when it is what was asked for. */
  fallback: z.string().nullable(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type TaxonomyViewWire = z.infer<typeof taxonomyViewSchema>;

const taxonomyRef = { taxonomyId: id.optional() };

/** The outcome of moving documents between topics (or undoing a move): the sizes that changed. */
export const moveDocumentsResultSchema = z.object({
  runId: z.number(),
  moved: z.number(),
  sizes: z.array(z.object({ clusterId: z.number(), size: z.number() })),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
});
export type MoveDocumentsResultWire = z.infer<typeof moveDocumentsResultSchema>;

/** A project on the recent list as the Home screen shows it (size, date and count when the file is there). */
export const recentProjectSchema = z.object({
  path: z.string(),
  name: z.string(),
  exists: z.boolean(),
  bytes: z.number().nullable(),
  modifiedAt: z.string().nullable(),
  documents: z.number().nullable(),
});
export type RecentProject = z.infer<typeof recentProjectSchema>;

/** The open project (null: none, the Home screen shows) and whether the host has native file dialogs. */
export const currentProjectSchema = z.object({ path: z.string().nullable(), nativePicker: z.boolean() });
export type CurrentProject = z.infer<typeof currentProjectSchema>;

const projectPathInput = z.object({ path: z.string().trim().min(1).max(4096) }).strict();
const recentProjects = z.object({ projects: z.array(recentProjectSchema) });

export const requests = {
  'app:info': {
    input: empty,
    output: z.object({ name: z.string(), version: z.string(), platform: z.string() }),
  },
  // The project lifecycle: answered by the host (web host, desktop shell), which starts an engine per project.
  'projects:current': { input: empty, output: currentProjectSchema },
  'projects:recent': { input: empty, output: recentProjects },
  /** Opens an existing project file; refused with PROJECT_BUSY while a job of the open one runs. */
  'projects:open': { input: projectPathInput, output: currentProjectSchema },
  /** Creates a new, empty project (".taxonomist" is added when missing) and opens it; never overwrites. */
  'projects:create': { input: projectPathInput, output: currentProjectSchema },
  /** Removes a path from the recent list (the file is left alone). */
  'projects:forget': { input: projectPathInput, output: recentProjects },
  /** A native file dialog (desktop only; UNSUPPORTED on the web host); path null when cancelled. */
  'projects:pick': {
    input: z.object({ purpose: z.enum(['open', 'create']) }).strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  'project:info': { input: empty, output: projectInfoSchema },
  'documents:list': {
    input: z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(100),
      })
      .strict(),
    output: z.object({ total: z.number(), documents: z.array(documentSchema) }),
  },
  'documents:get': { input: z.object({ id }).strict(), output: documentSchema },
  'import:preview': {
    input: z
      .object({
        path: z.string().trim().min(1, 'choose a file'),
        format: importParamsSchema.shape.format,
        encoding: importParamsSchema.shape.encoding,
        map: importParamsSchema.shape.map,
        textTemplate: z.string().optional(),
        dedupe: importParamsSchema.shape.dedupe,
        rows: z.number().int().min(1).max(200).default(20),
      })
      .strict(),
    output: importPreviewSchema,
  },
  'jobs:start': {
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('import'), params: importParamsSchema }).strict(),
      z.object({ kind: z.literal('build'), params: buildParamsSchema }).strict(),
      z.object({ kind: z.literal('diagnose'), params: diagnoseParamsSchema }).strict(),
      z.object({ kind: z.literal('cluster'), params: clusterJobParamsSchema }).strict(),
      z.object({ kind: z.literal('reduce'), params: reduceJobParamsSchema }).strict(),
      z.object({ kind: z.literal('embed'), params: embedJobParamsSchema }).strict(),
      z.object({ kind: z.literal('quantize'), params: quantizeJobParamsSchema }).strict(),
      z.object({ kind: z.literal('label'), params: labelJobParamsSchema }).strict(),
      z.object({ kind: z.literal('taxonomy'), params: taxonomyJobParamsSchema }).strict(),
    ]),
    output: z.object({ jobId: z.string() }),
  },
  'jobs:cancel': {
    input: z.object({ jobId: z.string() }).strict(),
    output: z.object({ cancelled: z.boolean() }),
  },
  'jobs:list': { input: empty, output: z.object({ jobs: z.array(jobSchema) }) },
  'jobs:get': { input: z.object({ jobId: z.string() }).strict(), output: jobSchema },
  'runs:list': {
    input: z.object({ kind: z.string().optional() }).strict(),
    output: z.object({ runs: z.array(runSchema) }),
  },
  /** Two finished cluster runs compared over their shared documents. */
  'runs:compare': { input: z.object({ a: id, b: id }).strict(), output: runsComparisonSchema },
  /** The newest stored embedding diagnostics (a `diagnose` job makes them), or null. */
  'diagnostics:get': { input: empty, output: diagnosticsViewSchema.nullable() },
  'map:data': {
    input: z.object({ reduceRunId: id.optional(), clusterRunId: id.optional() }).strict(),
    output: mapDataSchema,
  },
  'topics:list': {
    input: z.object({ runId: id.optional() }).strict(),
    output: z.object({ runId: z.number().nullable(), topics: z.array(topicSchema) }),
  },
  'topics:rename': {
    input: z
      .object({
        runId: id,
        clusterId: z.number().int(),
        label: z.string().trim().min(1).max(200),
        description: z.string().max(2000).nullable().optional(),
      })
      .strict(),
    output: topicSchema,
  },
  'settings:api-keys': {
    input: empty,
    output: z.object({ mistral: z.boolean(), anthropic: z.boolean(), openai: z.boolean() }),
  },
  'settings:set-api-key': {
    input: z
      .object({
        provider: z.enum(CHAT_PROVIDERS),
        key: z.string().trim().min(1).max(500).nullable(),
      })
      .strict(),
    output: z.object({ stored: z.boolean(), persistent: z.boolean() }),
  },
  /**
   * The embedding model cache: its folder ($TAXONOMIST_MODEL_CACHE, else the user's cache folder),
   * the models downloaded there, and the models that need no download at all.
   */
  'settings:models': {
    input: empty,
    output: z.object({
      cacheDir: z.string(),
      cacheDirSource: z.enum(['env', 'default']),
      models: z.array(
        z.object({ id: z.string(), bytes: z.number().int().nonnegative(), onnxFiles: z.array(z.string()) }),
      ),
      offline: z.array(z.string()),
    }),
  },
  'taxonomy:get': { input: z.object(taxonomyRef).strict(), output: taxonomyViewSchema },
  'taxonomy:edit': {
    input: z
      .object({
        ...taxonomyRef,
        command: taxonomyEditSchema,
      })
      .strict(),
    output: taxonomyViewSchema,
  },
  'taxonomy:undo': { input: z.object(taxonomyRef).strict(), output: taxonomyViewSchema },
  'taxonomy:redo': { input: z.object(taxonomyRef).strict(), output: taxonomyViewSchema },
  'taxonomy:export': {
    input: z.object({ ...taxonomyRef, format: z.enum(['outline', 'headings', 'json', 'csv']) }).strict(),
    output: z.object({ format: z.string(), text: z.string() }),
  },
  /**
   * Writes text to a file the user picks in a native save dialog (desktop shell only; the engine and
   * the web host answer UNSUPPORTED, and the page downloads instead); path null when cancelled.
   */
  'files:save-text': {
    input: z
      .object({
        suggestedName: z.string().trim().min(1).max(255),
        text: z.string(),
        filters: z
          .array(
            z.object({ name: z.string().min(1), extensions: z.array(z.string().min(1)).min(1) }).strict(),
          )
          .max(10)
          .default([]),
      })
      .strict(),
    output: z.object({ path: z.string().nullable() }),
  },
  /**
   * Asks for a corpus file in a native open dialog (desktop shell only; the engine and the web host
   * answer UNSUPPORTED, and the page uploads the file instead); path null when cancelled.
   */
  'files:pick-corpus': { input: empty, output: z.object({ path: z.string().nullable() }) },
  'topics:lock': {
    input: z.object({ runId: id, clusterId: z.number().int(), locked: z.boolean() }).strict(),
    output: topicSchema,
  },
  /** Relabels one topic with the label provider (default: the run's last), past the answer cache. */
  'topics:regenerate': {
    input: z
      .object({
        runId: id,
        clusterId: z.number().int().nonnegative(),
        provider: z.enum(LABEL_PROVIDERS).optional(),
        model: z.string().min(1).optional(),
        baseUrl: z.string().url().optional(),
      })
      .strict(),
    output: z.object({
      topic: topicSchema,
      provider: z.string(),
      model: z.string().nullable(),
      /** Why the label came from keyphrases although a model was wanted; null otherwise. */
      fallback: z.string().nullable(),
    }),
  },
  /**
   * Reassigns documents of a cluster run to one of its topics, or with clusterId -1 sets them back to
   * unplaced (undoable with topics:undo-move).
   */
  'topics:move-documents': {
    input: z
      .object({
        runId: id,
        documentIds: z.array(z.number().int().positive()).min(1).max(1_000_000),
        clusterId: z.number().int().min(-1),
      })
      .strict(),
    output: moveDocumentsResultSchema,
  },
  /** A topic's assigned documents (HDBSCAN noise placed in it), weakest first, a page at a time. */
  'topics:assigned-documents': {
    input: z
      .object({
        runId: id,
        clusterId: z.number().int().nonnegative(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    output: z.object({
      runId: z.number(),
      clusterId: z.number(),
      total: z.number(),
      documents: z.array(
        z.object({
          id: z.number(),
          title: z.string(),
          year: z.number().nullable(),
          /** 0..1; null where unknown (placed by hand, or a run made before strengths were kept). */
          strength: z.number().nullable(),
        }),
      ),
    }),
  },
  'topics:undo-move': { input: z.object({ runId: id }).strict(), output: moveDocumentsResultSchema },
  /** Moves again what the last topics:undo-move put back. */
  'topics:redo-move': { input: z.object({ runId: id }).strict(), output: moveDocumentsResultSchema },
  /** Re-clusters a taxonomy node's documents (HDBSCAN, smaller min cluster size) into child topics. */
  'taxonomy:split': {
    input: z
      .object({ ...taxonomyRef, nodeId: id, minClusterSize: z.number().int().min(2).optional() })
      .strict(),
    output: taxonomyViewSchema,
  },
  // The project's one history of curator edits, across the taxonomy, the topics and document moves.
  /** Makes an edit and records it; entry null when it changed nothing. */
  'history:apply': {
    input: z.object({ command: commandSchema }).strict(),
    output: z.object({ entry: historyEntrySchema.nullable(), history: historyStateSchema }),
  },
  /** Reverts the newest edit, whichever panel made it; entry: the edit undone (null: nothing to undo). */
  'history:undo': {
    input: empty,
    output: z.object({ entry: historyEntrySchema.nullable(), history: historyStateSchema }),
  },
  /** Replays the oldest undone edit; entry null when there is nothing to redo. */
  'history:redo': {
    input: empty,
    output: z.object({ entry: historyEntrySchema.nullable(), history: historyStateSchema }),
  },
  /** What undo and redo would take next, with their labels. */
  'history:get': { input: empty, output: historyStateSchema },
} as const;

export type Requests = typeof requests;
export type Channel = keyof Requests;
export type RequestInput<C extends Channel> = z.input<Requests[C]['input']>;
export type RequestOutput<C extends Channel> = z.infer<Requests[C]['output']>;
export const channels = Object.keys(requests) as Channel[];

export const events = {
  'job:progress': z.object({ jobId: z.string(), progress: progressSchema }),
  'job:finished': z.object({ jobId: z.string(), result: z.unknown() }),
  'job:failed': z.object({ jobId: z.string(), code: appErrorSchema.shape.code, message: z.string() }),
  'job:cancelled': z.object({ jobId: z.string() }),
  /** The host opened another project (or none): every view of the old one is stale. */
  'projects:changed': z.object({ path: z.string().nullable() }),
  /** From the desktop shell's native menu (the web host never sends it). */
  'menu:command': z.object({
    command: z.enum(['project-opened', 'import-corpus', 'export', 'undo', 'redo']),
    path: z.string().optional(),
  }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.infer<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

/** In the desktop app every event reaches the window on this one IPC channel, as an `EventMessage`. */
export const EVENT_CHANNEL = 'engine:event';
export type EventMessage = { event: EventName; payload: unknown };

/** Every answer crosses a process boundary as data: thrown errors would lose their code. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof appErrorSchema> };

/** Method name of a channel on the typed API: 'jobs:start' -> 'jobsStart'. */
export const methodName = (channel: string): string =>
  channel.replace(/[:-](\w)/g, (_, c: string) => c.toUpperCase());
