export { reduceProject } from './reduce-project';
export type { LayoutSpec, ReduceProjectOptions, ReduceProjectResult, ReducedRun } from './reduce-project';
export { umapInWorker } from './run-in-worker';
export type { WorkerContext } from './run-in-worker';
export { runUmap, runUmaps, validateUmapInput } from './umap-run';
export type { UmapRunOptions, UmapRunResult, VectorInput } from './umap-run';
