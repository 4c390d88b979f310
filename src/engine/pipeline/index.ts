export { buildPipeline, defaultMinClusterSize } from './build';
export type { BuildOptions, BuildSummary, StageOutcome } from './build';
export { pipelineStages } from './stages';
export type { PipelineStages } from './stages';
