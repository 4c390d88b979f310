import type { ClusterRunParams, ReduceRunParams } from '../../shared/params';
import { defaultMinClusterSize, DEFAULTS } from '../../shared/params';
import { clusterProject } from '../cluster';
import { reduceOptionsOf, reduceProject } from '../reduce';
import { stageContext } from '../context';
import type { Progress } from '../../shared/progress';
import type { ProjectStore } from '../store';
import { countDocuments } from '../store';

type StageJobContext = { signal: AbortSignal; progress: (p: Progress) => void };

/** Jobs that run one stage on its own, with that stage's schema as their params. */
export function stageJobRunners(store: ProjectStore) {
  return {
    cluster: (params: Record<string, unknown>, ctx: StageJobContext) => {
      const p = params as ClusterRunParams;
      return clusterProject(
        store,
        {
          minClusterSize: p.minClusterSize ?? defaultMinClusterSize(countDocuments(store.db)),
          method: p.method ?? DEFAULTS.method,
          ...(p.minSamples !== undefined ? { minSamples: p.minSamples } : {}),
          ...(p.epsilon !== undefined ? { clusterSelectionEpsilon: p.epsilon } : {}),
          allowSingleCluster: p.allowSingleCluster ?? DEFAULTS.allowSingleCluster,
          assignNoise: p.assignNoise ?? DEFAULTS.assignNoise,
          ...(p.inputRun !== undefined ? { inputRunId: p.inputRun } : {}),
          ...(p.name !== undefined ? { name: p.name } : {}),
        },
        stageContext(ctx),
      );
    },
    reduce: (params: Record<string, unknown>, ctx: StageJobContext) =>
      reduceProject(store, reduceOptionsOf(params as ReduceRunParams), ctx),
  };
}
