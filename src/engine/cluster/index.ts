export { clusterProject, compareClusterRuns, findReduceProjection } from './cluster-run';
export type { ClusterRunOptions, ClusterRunSummary, RunsComparison } from './cluster-run';
export { hdbscanCancellable, IN_THREAD_MAX_POINTS } from './hdbscan-in-worker';
export type { HdbscanRunContext } from './hdbscan-in-worker';
