export {
  clusterLayoutRepulsion,
  reduceProject,
  resolveRepulsion,
  STRONG_REPULSION_MAX_POINTS,
} from './reduce-project';
export type {
  LayoutSpec,
  RepulsionSetting,
  ReduceProjectOptions,
  ReduceProjectResult,
  ReducedRun,
} from './reduce-project';
export { layoutSpecOf, reduceOptionsOf } from './layout-params';
export { umapInWorker } from './run-in-worker';
export type { WorkerContext } from './run-in-worker';
export { runUmap, runUmaps, validateUmapInput } from './umap-run';
export type { UmapLayout, UmapRunOptions, UmapRunResult, VectorInput } from './umap-run';
