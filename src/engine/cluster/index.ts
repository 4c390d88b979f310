export { clusterProject, compareClusterRuns, findReduceProjection } from './cluster-run';
export type { ClusterRunOptions, ClusterRunSummary, RunsComparison } from './cluster-run';
