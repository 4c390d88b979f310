export { buildPipeline, defaultMinClusterSize } from './build';
export type { BuildOptions, BuildSummary, StageOutcome } from './build';
