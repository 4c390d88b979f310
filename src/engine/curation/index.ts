export { lastLabelConfig, regenerateTopicLabel } from './regenerate-label';
export type { LabelProvider, RegenerateOptions, RegenerateResult } from './regenerate-label';
export {
  assignmentScope,
  canUndoMove,
  moveDocumentsToCluster,
  redoMoveDocuments,
  undoMoveDocuments,
} from './move-documents';
export type { MoveDocumentsResult } from './move-documents';
