import type { Stage } from '../context';
import { clusterProject } from '../cluster';
import type { ClusterRunOptions, ClusterRunSummary } from '../cluster';
import { importCorpus } from '../corpus';
import type { ImportParams, ImportSummary } from '../corpus';
import { embedDocuments } from '../embed';
import type { EmbedDocumentsSummary, EmbedParams } from '../embed';
import { labelTopics } from '../labels';
import type { LabelOptions, LabelSummary } from '../labels';
import { quantizeEmbeddingSet } from '../quantize';
import type { QuantizeOptions, QuantizeSummary } from '../quantize';
import { reduceProject } from '../reduce';
import type { ReduceProjectOptions, ReduceProjectResult } from '../reduce';
import { generateLlmTaxonomy, generateOfflineTaxonomy } from '../taxonomy';
import type {
  LlmTaxonomyParams,
  LlmTaxonomySummary,
  OfflineTaxonomyOptions,
  OfflineTaxonomySummary,
} from '../taxonomy';

/**
 * The pipeline's stages, in the order `build` runs them, each one `Stage`: (project, parameters,
 * context) to a promised summary. The taxonomy is made either offline or by a chat model.
 */
export type PipelineStages = {
  import: Stage<ImportParams, ImportSummary>;
  embed: Stage<EmbedParams, EmbedDocumentsSummary>;
  quantize: Stage<QuantizeOptions, QuantizeSummary>;
  reduce: Stage<ReduceProjectOptions, ReduceProjectResult>;
  cluster: Stage<ClusterRunOptions, ClusterRunSummary>;
  label: Stage<LabelOptions, LabelSummary>;
  offlineTaxonomy: Stage<OfflineTaxonomyOptions, OfflineTaxonomySummary>;
  llmTaxonomy: Stage<LlmTaxonomyParams, LlmTaxonomySummary>;
};

export const pipelineStages: PipelineStages = {
  import: importCorpus,
  embed: embedDocuments,
  quantize: quantizeEmbeddingSet,
  reduce: reduceProject,
  cluster: clusterProject,
  label: labelTopics,
  offlineTaxonomy: generateOfflineTaxonomy,
  llmTaxonomy: generateLlmTaxonomy,
};
