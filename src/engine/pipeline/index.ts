export { buildPipeline } from './build';
export type { BuildOptions, BuildSummary, StageOutcome } from './build';
