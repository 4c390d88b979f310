export {
  applyCommand,
  canRedo,
  canUndo,
  historyState,
  labelScope,
  redoEdit,
  taxonomyEdit,
  undoEdit,
} from './history';
export type { Applied, Stepped, StepOutcome } from './history';
