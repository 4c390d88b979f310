export { lastLabelConfig, regenerateTopicLabel } from './regenerate-label';
export type { LabelProvider, RegenerateOptions, RegenerateResult } from './regenerate-label';
export {
  assignDocuments,
  assignEntriesSchema,
  assignmentScope,
  moveDocumentsToCluster,
  UNPLACED,
} from './move-documents';
export type { AssignEntry, DocumentMove } from './move-documents';
