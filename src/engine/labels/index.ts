export { labelTopics } from './label-topics';
export type { LabelOptions, LabelSummary, LabelFallback } from './label-topics';
export { buildRepresentations } from './representation';
export type { ClusterRepresentation, RepresentationOptions } from './representation';
export {
  DEFAULT_LABEL_PROMPT,
  LABEL_SYSTEM_PROMPT,
  labelAnswerSchema,
  promptHash,
  renderLabelPrompt,
  validatePrompt,
} from './prompts';
export type { LabelAnswer } from './prompts';
export { topicQuality } from './quality';
export type { TopicQuality } from './quality';
export { chooseDistinctNames, defineGroup, describeGroups } from './describe';
export type { EmbedTexts, GroupDescription } from './describe';
export { DISTINCT_LABEL_SIMILARITY } from './representation';
