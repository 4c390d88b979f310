import { buildParamsSchema } from '../../../shared/contract';
import type { z } from 'zod';

export type BuildParams = z.infer<typeof buildParamsSchema>;
export type FieldKind = 'text' | 'integer' | 'number' | 'choice' | 'flag';

export type BuildField = {
  name: keyof BuildParams;
  label: string;
  kind: FieldKind;
  group: 'Corpus' | 'Embeddings' | 'Layout (UMAP)' | 'Clusters (HDBSCAN)' | 'Labels' | 'Taxonomy';
  /** The case study's value; '' leaves the choice to the engine. */
  initial: string | boolean;
  choices?: readonly string[];
  placeholder?: string;
  hint?: string;
};

/** Every build option the panel shows, with the case study's defaults (the CLI `build` uses the same). */
export const buildFields: readonly BuildField[] = [
  {
    name: 'corpus',
    label: 'Corpus file',
    kind: 'text',
    group: 'Corpus',
    initial: '',
    placeholder: 'documents already in the project',
    hint: 'CSV, TSV, JSON, JSONL, Parquet or .gz to import first',
  },
  {
    name: 'limit',
    label: 'Limit',
    kind: 'integer',
    group: 'Corpus',
    initial: '',
    placeholder: 'all',
    hint: 'import at most this many documents',
  },
  {
    name: 'model',
    label: 'Model',
    kind: 'text',
    group: 'Embeddings',
    initial: '',
    placeholder: 'jina when cached, else use-lite',
    hint: 'use-lite, a Hugging Face id, or http:<url>',
  },
  {
    name: 'workers',
    label: 'Workers',
    kind: 'integer',
    group: 'Embeddings',
    initial: '',
    placeholder: 'auto',
    hint: 'models embedding at once; auto: USE-Lite one per core (one left free above two), within memory; a transformers model one session on every core',
  },
  {
    name: 'precision',
    label: 'Precision',
    kind: 'choice',
    group: 'Embeddings',
    initial: 'float32',
    choices: ['float32', 'int8', 'uint8'],
  },
  {
    name: 'calibration',
    label: 'Calibration size',
    kind: 'integer',
    group: 'Embeddings',
    initial: '10000',
    hint: 'vectors that fix the int8/uint8 ranges',
  },
  {
    name: 'components',
    label: 'Dimensions',
    kind: 'integer',
    group: 'Layout (UMAP)',
    initial: '5',
    hint: 'of the layout HDBSCAN clusters',
  },
  { name: 'neighbors', label: 'n_neighbors', kind: 'integer', group: 'Layout (UMAP)', initial: '100' },
  { name: 'minDist', label: 'min_dist', kind: 'number', group: 'Layout (UMAP)', initial: '0.1' },
  {
    name: 'repulsionStrength',
    label: 'Repulsion',
    kind: 'number',
    group: 'Layout (UMAP)',
    initial: '',
    placeholder: 'auto',
    hint: 'of the clustering layout; auto: 3 up to 50,000 documents, else 1 (umap-learn)',
  },
  {
    name: 'mapNeighbors',
    label: 'Map n_neighbors',
    kind: 'integer',
    group: 'Layout (UMAP)',
    initial: '15',
    hint: 'of the 2-d map',
  },
  { name: 'mapMinDist', label: 'Map min_dist', kind: 'number', group: 'Layout (UMAP)', initial: '0.1' },
  { name: 'seed', label: 'Seed', kind: 'integer', group: 'Layout (UMAP)', initial: '42' },
  {
    name: 'minClusterSize',
    label: 'min_cluster_size',
    kind: 'integer',
    group: 'Clusters (HDBSCAN)',
    initial: '',
    placeholder: 'auto',
    hint: 'auto: 3 + documents / 300, at least 5 (86 at 25,000 papers)',
  },
  {
    name: 'minSamples',
    label: 'min_samples',
    kind: 'integer',
    group: 'Clusters (HDBSCAN)',
    initial: '',
    placeholder: 'min_cluster_size',
  },
  {
    name: 'method',
    label: 'Selection',
    kind: 'choice',
    group: 'Clusters (HDBSCAN)',
    initial: 'leaf',
    choices: ['leaf', 'eom'],
  },
  {
    name: 'assignNoise',
    label: 'Noise documents',
    kind: 'choice',
    group: 'Clusters (HDBSCAN)',
    initial: 'embedding',
    choices: ['embedding', 'none'],
    hint: 'embedding: each joins the nearest topic when as close as its members; none: left unplaced',
  },
  {
    name: 'provider',
    label: 'Provider',
    kind: 'choice',
    group: 'Labels',
    initial: 'keywords',
    choices: ['keywords', 'mistral', 'anthropic', 'openai'],
  },
  {
    name: 'labelModel',
    label: 'Label model',
    kind: 'text',
    group: 'Labels',
    initial: '',
    placeholder: "provider's default",
  },
  {
    name: 'sample',
    label: 'Sample titles',
    kind: 'integer',
    group: 'Labels',
    initial: '25',
    hint: 'titles per cluster in the prompt',
  },
  {
    name: 'taxonomyProvider',
    label: 'Taxonomy from',
    kind: 'choice',
    group: 'Taxonomy',
    initial: 'offline',
    choices: ['offline', 'mistral', 'anthropic', 'openai'],
  },
  {
    name: 'categories',
    label: 'Main categories',
    kind: 'integer',
    group: 'Taxonomy',
    initial: '',
    placeholder: 'auto',
    hint: 'auto: one per five topics, 2 to 12 (7 for 35 topics)',
  },
  { name: 'force', label: 'Rerun every stage', kind: 'flag', group: 'Taxonomy', initial: false },
];

export type BuildForm = Record<string, string | boolean>;

export function initialBuildForm(): BuildForm {
  return Object.fromEntries(buildFields.map((f) => [f.name, f.initial]));
}

/** Range errors in the panel's words ("at least 2"); anything else as the contract says it. */
function issueText(issue: { code: string; message: string; minimum?: unknown; maximum?: unknown }): string {
  if (issue.code === 'too_small' && issue.minimum !== undefined) return `at least ${String(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.maximum !== undefined) return `at most ${String(issue.maximum)}`;
  return issue.message;
}

export type FormResult = { ok: true; params: BuildParams } | { ok: false; errors: Record<string, string> };

/** The form as `jobs:start` params: blanks are left to the engine, numbers parsed, then the contract checks. */
export function toBuildParams(form: BuildForm): FormResult {
  const raw: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of buildFields) {
    const v = form[f.name];
    if (f.kind === 'flag') {
      if (v === true) raw[f.name] = true;
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : '';
    if (text === '') continue;
    if (f.kind === 'integer' || f.kind === 'number') {
      const n = Number(text);
      if (!Number.isFinite(n) || (f.kind === 'integer' && !Number.isInteger(n))) {
        errors[f.name] = f.kind === 'integer' ? 'a whole number' : 'a number';
        continue;
      }
      raw[f.name] = n;
    } else raw[f.name] = text;
  }
  const parsed = buildParamsSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      errors[key] ??= issueText(issue);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, params: parsed.data };
}
