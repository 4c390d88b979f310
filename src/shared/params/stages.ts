import { DEFAULT_NOISE_ASSIGNMENT } from '../noise-assignment';
import type { ParamSchema, ParamValues } from './param';
import { defaultsOf } from './param';

// Every stage's parameters, each written once: type, default, limits, choices, the CLI flag and help,
// and how the pipeline panel shows it. The contract's params, the CLI's options, the panel's fields and
// the engine's defaults are all made from these.

/** The chat-model providers that label topics and propose taxonomies. */
export const CHAT_PROVIDERS = ['mistral', 'anthropic', 'openai'] as const;
export type ChatProvider = (typeof CHAT_PROVIDERS)[number];
/** How each chat provider is named to the user, and the environment variable that holds its API key. */
export const CHAT_PROVIDER_INFO: Record<ChatProvider, { label: string; env: string }> = {
  mistral: { label: 'Mistral', env: 'MISTRAL_API_KEY' },
  anthropic: { label: 'Anthropic', env: 'ANTHROPIC_API_KEY' },
  openai: { label: 'OpenAI-compatible', env: 'OPENAI_API_KEY' },
};
/** Which chat providers have an API key in `env` (a process's environment). */
export const keysIn = (env: Readonly<Record<string, string | undefined>>): Record<ChatProvider, boolean> =>
  Object.fromEntries(CHAT_PROVIDERS.map((p) => [p, !!env[CHAT_PROVIDER_INFO[p].env]])) as Record<
    ChatProvider,
    boolean
  >;
/** Where topic labels come from: keyphrases offline, or a chat model. */
export const LABEL_PROVIDERS = ['keywords', ...CHAT_PROVIDERS] as const;
export type LabelProvider = (typeof LABEL_PROVIDERS)[number];
/** Where the taxonomy comes from: the offline tree, or a chat model. */
export const TAXONOMY_PROVIDERS = ['offline', ...CHAT_PROVIDERS] as const;
export type TaxonomyProvider = (typeof TAXONOMY_PROVIDERS)[number];

export const EMBED_DEVICES = ['auto', 'cpu', 'cuda', 'dml', 'coreml', 'webgpu'] as const;
export const EMBED_DTYPES = ['fp32', 'fp16', 'q8'] as const;
export const PRECISIONS = ['float32', 'int8', 'uint8'] as const;
export const CLUSTER_METHODS = ['eom', 'leaf'] as const;

/** The most embedding workers a build may ask for (each holds a model: about 400 MB with USE-Lite). */
export const MAX_EMBED_WORKERS = 64;

/** min_cluster_size by default: 3 + documents / 300, at least 5 (see the measurements in the build). */
export const defaultMinClusterSize = (documents: number): number =>
  Math.max(5, Math.round(3 + documents / 300));

/** Main categories for `topics` topics when none are asked for: one per five topics, 2 to 12 (35 -> 7). */
export const categoriesFor = (topics: number): number => Math.max(2, Math.min(12, Math.round(topics / 5)));

const seed = {
  type: 'integer',
  default: 42,
  min: 0,
  flag: '--seed <n>',
  help: 'random seed',
  form: { label: 'Seed', group: 'Layout (UMAP)' },
} as const;

export const importParams = {
  corpus: {
    type: 'text',
    help: 'corpus file to import',
    form: {
      label: 'Corpus file',
      group: 'Corpus',
      placeholder: 'documents already in the project',
      hint: 'CSV, TSV, JSON, JSONL, Parquet or .gz to import first',
    },
  },
  limit: {
    type: 'integer',
    min: 1,
    flag: '--limit <n>',
    help: 'import at most n documents',
    form: { label: 'Limit', group: 'Corpus', placeholder: 'all', hint: 'import at most this many documents' },
  },
} as const satisfies ParamSchema;

export const embedParams = {
  model: {
    type: 'text',
    flag: '--model <model>',
    help: 'embedding model: use-lite, a Hugging Face id, or http:<url>',
    auto: 'jina when cached, else use-lite',
    by: 'parseModelSpec (src/engine/embed)',
    form: {
      label: 'Model',
      group: 'Embeddings',
      placeholder: 'jina when cached, else use-lite',
      hint: 'use-lite, a Hugging Face id, or http:<url>',
    },
  },
  device: {
    type: 'choice',
    choices: EMBED_DEVICES,
    default: 'auto',
    flag: '--device <device>',
    help: 'where the transformers model runs',
  },
  dtype: {
    type: 'choice',
    choices: EMBED_DTYPES,
    default: 'fp32',
    flag: '--dtype <dtype>',
    help: 'weights of the transformers model',
  },
  modelDir: { type: 'text', flag: '--model-dir <dir>', help: 'load the embedding model from this folder' },
  batchSize: { type: 'integer', min: 1, flag: '--batch-size <n>', help: 'texts per embedding batch' },
  workers: {
    type: 'integer',
    min: 1,
    max: MAX_EMBED_WORKERS,
    flag: '--workers <n>',
    help: 'embedding workers, each with its own model',
    auto: 'the cores, one left free above two, within memory; a transformers model: one session with a thread per core',
    by: 'defaultEmbedWorkers (src/engine/embed/pool.ts)',
    form: {
      label: 'Workers',
      group: 'Embeddings',
      placeholder: 'auto',
      hint: 'models embedding at once; auto: USE-Lite one per core (one left free above two), within memory; a transformers model one session on every core',
    },
  },
  offline: { type: 'flag', default: false, flag: '--offline', help: 'never download models' },
} as const satisfies ParamSchema;

/**
 * An embedding pass of its own (`taxonomist embed`, the `embed` job): the stage's parameters and the
 * command's. An API key never travels in params: `apiKeyEnv` names the variable that holds it.
 */
export const embedRunParams = {
  ...embedParams,
  maxTokens: {
    type: 'integer',
    min: 1,
    flag: '--max-tokens <n>',
    help: 'truncate texts to this many tokens (transformers)',
  },
  limit: { type: 'integer', min: 1, flag: '--limit <n>', help: 'embed only the first n documents' },
  apiKeyEnv: {
    type: 'text',
    flag: '--api-key-env <name>',
    help: 'environment variable holding the API key (http)',
  },
  concurrency: {
    type: 'integer',
    min: 1,
    flag: '--concurrency <n>',
    help: 'requests in flight (http, default 4)',
  },
  timeout: {
    type: 'integer',
    min: 1,
    flag: '--timeout <seconds>',
    help: 'per-request timeout (http, default 120)',
  },
  retries: {
    type: 'integer',
    min: 0,
    flag: '--retries <n>',
    help: 'retries on 429/5xx/timeouts (http, default 5)',
  },
} as const satisfies ParamSchema;
export type EmbedRunParams = ParamValues<typeof embedRunParams>;

export const quantizeParams = {
  precision: {
    type: 'choice',
    choices: PRECISIONS,
    default: 'float32',
    flag: '--precision <precision>',
    help: 'embeddings to reduce',
    form: { label: 'Precision', group: 'Embeddings' },
  },
  calibration: {
    type: 'integer',
    default: 10_000,
    min: 2,
    flag: '--calibration <k>',
    help: 'calibration set size for int8/uint8',
    form: { label: 'Calibration size', group: 'Embeddings', hint: 'vectors that fix the int8/uint8 ranges' },
  },
} as const satisfies ParamSchema;

/** UMAP's min_dist, the same for the clustering layout and the 2-d map (umap-learn's default). */
const minDist = { type: 'number', default: 0.1, min: 0, max: 10 } as const;

/** The map's dimensions: the 2-d layout the app draws (umap-learn's n_components). */
export const MAP_COMPONENTS = 2;

/**
 * umap-learn's repulsion_strength: what a layout's `auto` comes to for the 2-d map and for clustering
 * layouts of large corpora (clusterLayoutRepulsion in src/engine/reduce), and UMAP's own default.
 */
export const UMAP_LEARN_REPULSION = 1;

export const reduceParams = {
  components: {
    type: 'integer',
    default: 5,
    min: 1,
    max: 100,
    flag: '--components <n>',
    help: 'dimensions of the clustering layout',
    form: { label: 'Dimensions', group: 'Layout (UMAP)', hint: 'of the layout HDBSCAN clusters' },
  },
  neighbors: {
    type: 'integer',
    default: 100,
    min: 2,
    max: 1000,
    flag: '--neighbors <n>',
    help: 'n_neighbors of the clustering layout',
    form: { label: 'n_neighbors', group: 'Layout (UMAP)' },
  },
  minDist: {
    ...minDist,
    flag: '--min-dist <d>',
    help: 'min_dist of the clustering layout',
    form: { label: 'min_dist', group: 'Layout (UMAP)' },
  },
  repulsionStrength: {
    type: 'number',
    min: 0,
    max: 100,
    flag: '--repulsion-strength <g>',
    help: 'repulsive weight of the clustering layout; the map uses 1',
    auto: '3 up to 50,000 documents, else 1 as umap-learn',
    by: 'clusterLayoutRepulsion (src/engine/reduce)',
    form: {
      label: 'Repulsion',
      group: 'Layout (UMAP)',
      placeholder: 'auto',
      hint: 'of the clustering layout; auto: 3 up to 50,000 documents, else 1 (umap-learn)',
    },
  },
  mapNeighbors: {
    type: 'integer',
    default: 15,
    min: 2,
    max: 1000,
    flag: '--map-neighbors <n>',
    help: 'n_neighbors of the 2-d map',
    form: { label: 'Map n_neighbors', group: 'Layout (UMAP)', hint: 'of the 2-d map' },
  },
  mapMinDist: {
    ...minDist,
    flag: '--map-min-dist <d>',
    help: 'min_dist of the 2-d map',
    form: { label: 'Map min_dist', group: 'Layout (UMAP)' },
  },
  seed,
} as const satisfies ParamSchema;

/** One UMAP layout of its own (`taxonomist reduce` and `umap`): the layout's parameters besides the pipeline's. */
export const layoutParams = {
  components: reduceParams.components,
  neighbors: reduceParams.neighbors,
  minDist: reduceParams.minDist,
  spread: { type: 'number', default: 1, above: 0, flag: '--spread <s>', help: 'spread' },
  epochs: {
    type: 'integer',
    min: 1,
    flag: '--epochs <n>',
    help: 'SGD epochs',
    auto: '500 up to 10,000 points, else 200',
    by: 'defaultEpochs (src/engine/algorithms/umap.ts)',
  },
  learningRate: {
    type: 'number',
    default: 1,
    above: 0,
    flag: '--learning-rate <a>',
    help: 'initial SGD step size',
  },
  negativeSampleRate: {
    type: 'integer',
    default: 5,
    min: 1,
    flag: '--negative-sample-rate <n>',
    help: 'negative samples per positive edge sample',
  },
  repulsionStrength: reduceParams.repulsionStrength,
  metric: {
    type: 'choice',
    choices: ['cosine', 'euclidean'],
    default: 'cosine',
    flag: '--metric <metric>',
    help: 'distance in the input space',
  },
  seed,
  knn: {
    type: 'choice',
    choices: ['auto', 'exact', 'approximate'],
    default: 'auto',
    flag: '--knn <search>',
    help: 'neighbour search: exact, approximate (inverted file), auto = exact up to 20,000 points',
  },
  probes: {
    type: 'integer',
    min: 1,
    flag: '--probes <n>',
    help: 'lists the approximate neighbour search visits per point',
    auto: 'scaled to n',
    by: 'the approximate search (src/engine/algorithms/knn.ts)',
  },
  init: {
    type: 'choice',
    choices: ['spectral', 'pca'],
    default: 'spectral',
    flag: '--init <layout>',
    help: "initial layout: the graph's spectral embedding or the principal components",
  },
} as const satisfies ParamSchema;
export type LayoutParams = ParamValues<typeof layoutParams>;

/** A reduce run of its own (`taxonomist reduce`, the `reduce` job): a clustering layout and the 2-d map. */
export const reduceRunParams = {
  set: {
    type: 'integer',
    min: 1,
    flag: '--set <id>',
    help: 'embedding set (default: the newest float32 set, else int8/uint8)',
  },
  ...layoutParams,
  mapNeighbors: reduceParams.mapNeighbors,
  mapMinDist: reduceParams.mapMinDist,
  /** The command line's `--no-map`. */
  map: { type: 'flag', default: true, help: 'make the 2-d map too' },
  name: { type: 'text', flag: '--name <name>', help: 'a name for the runs' },
} as const satisfies ParamSchema;
export type ReduceRunParams = ParamValues<typeof reduceRunParams>;

export const clusterParams = {
  minClusterSize: {
    type: 'integer',
    min: 2,
    flag: '--min-cluster-size <n>',
    help: 'HDBSCAN min_cluster_size',
    auto: '3 + documents / 300, at least 5',
    by: 'defaultMinClusterSize',
    form: {
      label: 'min_cluster_size',
      group: 'Clusters (HDBSCAN)',
      placeholder: 'auto',
      hint: 'auto: 3 + documents / 300, at least 5 (86 at 25,000 papers)',
    },
  },
  minSamples: {
    type: 'integer',
    min: 1,
    flag: '--min-samples <n>',
    help: 'HDBSCAN min_samples',
    auto: 'min cluster size',
    by: 'hdbscan (src/engine/algorithms)',
    form: { label: 'min_samples', group: 'Clusters (HDBSCAN)', placeholder: 'min_cluster_size' },
  },
  method: {
    type: 'choice',
    choices: CLUSTER_METHODS,
    default: 'leaf',
    flag: '--method <method>',
    help: 'cluster selection: excess of mass or leaves',
    form: { label: 'Selection', group: 'Clusters (HDBSCAN)', choices: ['leaf', 'eom'] },
  },
  assignNoise: {
    type: 'noise',
    default: DEFAULT_NOISE_ASSIGNMENT,
    flag: '--assign-noise <mode>',
    help: 'noise documents: embedding (the nearest topic in the embedding space, when as close as its own members), none (kept as noise), or T (the nearest layout centroid within T radii; inf = all)',
    form: {
      label: 'Noise documents',
      group: 'Clusters (HDBSCAN)',
      choices: ['embedding', 'none'],
      hint: 'embedding: each joins the nearest topic when as close as its members; none: left unplaced',
    },
  },
} as const satisfies ParamSchema;

/** A cluster run of its own (`taxonomist cluster`, the `cluster` job): the stage's parameters and its run's. */
export const clusterRunParams = {
  ...clusterParams,
  epsilon: {
    type: 'number',
    default: 0,
    min: 0,
    infinity: true,
    flag: '--epsilon <d>',
    help: 'merge clusters born below this distance',
  },
  allowSingleCluster: {
    type: 'flag',
    default: false,
    flag: '--allow-single-cluster',
    help: 'allow all documents to form one cluster',
  },
  inputRun: {
    type: 'integer',
    min: 1,
    flag: '--input-run <id>',
    help: 'reduce run to cluster (default: the latest 5-d one)',
  },
  name: { type: 'text', flag: '--name <name>', help: 'a name for the run' },
} as const satisfies ParamSchema;
export type ClusterRunParams = ParamValues<typeof clusterRunParams>;

/** What `taxonomist quantize` and the `quantize` job make of a float32 set (binary too, unlike a build). */
export const QUANTIZE_PRECISIONS = ['int8', 'uint8', 'binary', 'ubinary'] as const;

/** A quantized set of its own (`taxonomist quantize`, the `quantize` job). */
export const quantizeRunParams = {
  precision: {
    type: 'choice',
    choices: QUANTIZE_PRECISIONS,
    required: true,
    flag: '--precision <precision>',
    help: 'target precision',
  },
  calibration: { ...quantizeParams.calibration, help: 'embeddings in the calibration set' },
  calibrationSample: {
    type: 'choice',
    choices: ['first', 'seeded'],
    default: 'first',
    flag: '--calibration-sample <mode>',
    help: 'the first k embeddings, or a seeded random sample',
  },
  seed: { ...seed, help: 'seed of the calibration sample' },
  set: {
    type: 'integer',
    min: 1,
    flag: '--set <id>',
    help: 'float32 embedding set to quantize (default: the newest)',
  },
  dropFloat32: {
    type: 'flag',
    default: false,
    flag: '--drop-float32',
    help: 'delete the float32 vectors afterwards to save space',
  },
} as const satisfies ParamSchema;
export type QuantizeRunParams = ParamValues<typeof quantizeRunParams>;

export const labelParams = {
  provider: {
    type: 'choice',
    choices: LABEL_PROVIDERS,
    default: 'keywords',
    flag: '--provider <provider>',
    help: 'topic labels from',
    form: { label: 'Provider', group: 'Labels' },
  },
  labelModel: {
    type: 'text',
    flag: '--label-model <model>',
    help: 'chat model for labels',
    auto: "the provider's",
    by: 'DEFAULT_MODELS (src/engine/llm)',
    form: { label: 'Label model', group: 'Labels', placeholder: "provider's default" },
  },
  baseUrl: { type: 'text', url: true, flag: '--base-url <url>', help: 'chat endpoint base URL' },
  sample: {
    type: 'integer',
    default: 25,
    min: 1,
    max: 200,
    flag: '--sample <n>',
    help: 'titles per cluster in the label prompt',
    form: { label: 'Sample titles', group: 'Labels', hint: 'titles per cluster in the prompt' },
  },
  concurrency: {
    type: 'integer',
    default: 4,
    min: 1,
    max: 64,
    flag: '--concurrency <n>',
    help: 'label requests in flight',
  },
  seed: { ...seed, help: 'seed of the title sample' },
} as const satisfies ParamSchema;

/**
 * A labelling pass of its own (`taxonomist label`, the `label` job): the stage's parameters and the
 * command's; the job's `clusters` (the ids to re-label) is a list, added by the contract.
 */
export const labelRunParams = {
  run: { type: 'integer', min: 1, flag: '--run <id>', help: 'cluster run to label (default: the newest)' },
  ...labelParams,
  temperature: {
    type: 'number',
    min: 0,
    flag: '--temperature <t>',
    help: 'sampling temperature (default 0.2)',
  },
  maxTokens: {
    type: 'integer',
    min: 1,
    flag: '--max-tokens <n>',
    help: 'longest answer in tokens (default 300)',
  },
  timeout: {
    type: 'number',
    min: 0.001,
    flag: '--timeout <seconds>',
    help: 'per-request timeout (default 60)',
  },
  /** The prompt template itself (the command line reads it from `--prompt-file`); kept as the project's. */
  prompt: {
    type: 'text',
    help: 'prompt template with {representatives}, {titles}, {keywords}, {abstracts}; kept as the project prompt',
  },
} as const satisfies ParamSchema;
export type LabelRunParams = ParamValues<typeof labelRunParams> & { clusters?: number[] };

export const taxonomyParams = {
  taxonomyProvider: {
    type: 'choice',
    choices: TAXONOMY_PROVIDERS,
    flag: '--taxonomy <source>',
    help: 'taxonomy from',
    auto: 'offline with keyword labels, else the label provider',
    by: 'buildPipeline (src/engine/pipeline)',
    form: { label: 'Taxonomy from', group: 'Taxonomy', initial: 'offline' },
  },
  taxonomyModel: { type: 'text', flag: '--taxonomy-model <model>', help: 'chat model for the taxonomy' },
  categories: {
    type: 'integer',
    min: 1,
    max: 50,
    flag: '--categories <n>',
    help: 'main categories',
    auto: 'one per five topics, 2 to 12',
    by: 'categoriesFor',
    form: {
      label: 'Main categories',
      group: 'Taxonomy',
      placeholder: 'auto',
      hint: 'auto: one per five topics, 2 to 12 (7 for 35 topics)',
    },
  },
} as const satisfies ParamSchema;

/** A taxonomy of its own (`taxonomist taxonomy`, the `taxonomy` job): offline, or by a chat model. */
export const taxonomyRunParams = {
  provider: {
    type: 'choice',
    choices: TAXONOMY_PROVIDERS,
    default: 'anthropic',
    flag: '--provider <provider>',
    help: 'language model that organises the topics, or offline',
  },
  model: { type: 'text', flag: '--model <model>', help: 'chat model (default per provider)' },
  baseUrl: {
    type: 'text',
    url: true,
    flag: '--base-url <url>',
    help: 'API endpoint, e.g. a compatible local server',
  },
  maxRepairs: {
    type: 'integer',
    min: 0,
    flag: '--max-repairs <n>',
    help: 'answers sent back to place missing or repeated clusters (default 2)',
  },
  timeout: {
    type: 'integer',
    min: 1,
    flag: '--timeout <seconds>',
    help: 'per-request timeout (default 300)',
  },
  categories: taxonomyParams.categories,
  run: {
    type: 'integer',
    min: 1,
    flag: '--run <id>',
    help: 'cluster run (default: the newest finished one)',
  },
  set: {
    type: 'integer',
    min: 1,
    flag: '--set <id>',
    help: 'embedding set for the topic centroids, offline (default: the newest float32 set)',
  },
  name: { type: 'text', flag: '--name <name>', help: 'name of the new taxonomy' },
} as const satisfies ParamSchema;
export type TaxonomyRunParams = ParamValues<typeof taxonomyRunParams>;

/** The whole pipeline: every stage's parameters (the seed is the layout's) and `force`. */
export const buildParams = {
  ...importParams,
  ...embedParams,
  ...quantizeParams,
  ...reduceParams,
  ...clusterParams,
  ...labelParams,
  seed,
  ...taxonomyParams,
  force: {
    type: 'flag',
    default: false,
    flag: '--force',
    help: 'rerun every stage, even unchanged ones',
    form: { label: 'Rerun every stage', group: 'Taxonomy' },
  },
} as const satisfies ParamSchema;

export type BuildParams = ParamValues<typeof buildParams>;

/** Every fixed default of the pipeline and its stages, e.g. `DEFAULTS.minDist`. */
export const DEFAULTS = defaultsOf({ ...buildParams, ...clusterRunParams, ...reduceRunParams });
