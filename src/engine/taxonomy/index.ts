export * from './tree';
export { commands, performCommand, capture } from './commands';
export type { CommandCall, EditCommand, Patch } from './commands';
export { EditHistory } from './history';
export { TaxonomyEditor, historyScope } from './editor';
export { toOutline, toHeadings, parseTaxonomyMarkdown, treeFromEntries } from './markdown';
export type { OutlineEntry } from './markdown';
export { exportTaxonomy, loadTaxonomyView, resolveTaxonomy, toJson, toCsv, csvField } from './export';
export type { ExportFormat, TaxonomyView, JsonTaxonomy, JsonTaxonomyNode } from './export';
export { categoriesFor, generateOfflineTaxonomy, organiseTopics, resolveClusterRun } from './offline';
export type { OfflineTaxonomyOptions, OfflineTaxonomySummary } from './offline';
export { checkTaxonomy, tokenSetSimilarity } from './quality';
export type { QualityIssue, QualityReport, NodeQuality, QualityOptions } from './quality';
export { planSplit } from './split';
export type { SplitOptions } from './split';
export { generateLlmTaxonomy, placementProblems, taxonomyAnswerSchema, UNPLACED_LABEL } from './llm';
export type { LlmTaxonomyOptions, LlmTaxonomyParams, LlmTaxonomySummary, TaxonomyAnswer } from './llm';
export {
  completeTaxonomy,
  completionTexts,
  importTaxonomy,
  parseExistingTaxonomy,
  lexicalSimilarity,
} from './complete';
export type { CompletionOptions, CompletionSummary } from './complete';
export {
  embeddingSimilarity,
  labelEmbedder,
  EMBEDDING_DUPLICATE_THRESHOLD,
  EMBEDDING_SAME_TOPIC_THRESHOLD,
} from './similarity';
