import { AppError } from '../../shared/errors';
import { DEFAULTS, UMAP_LEARN_REPULSION } from '../../shared/params';
import type { StageContext } from '../context';
import type { ProjectStore } from '../store';
import {
  createRun,
  finishRun,
  getEmbeddingSet,
  listEmbeddingSets,
  loadVectors,
  saveProjection,
} from '../store';
import type { EmbeddingSet } from '../store';
import { umapInWorker } from './run-in-worker';
import { validateUmapInput } from './umap-run';
import type { UmapLayout, UmapRunOptions, UmapRunResult } from './umap-run';

/**
 * The repulsion strength `auto` stands for (the default of `reduce`, `build` and `umap`): 3 for
 * clustering layouts (more than 2 dimensions) of up to `STRONG_REPULSION_MAX_POINTS` points, else
 * umap-learn's 1 (2-d maps, larger corpora). A stronger negative-sample term evens out the density
 * inside clusters, so a small cluster packed against a larger neighbour separates from it before
 * most of the neighbour has thinned into noise (seed-7 reference set: when 34% instead of 61% of it
 * has), which HDBSCAN's leaf selection needs. Measured on the synthetic sets (5-d, n_neighbors 100,
 * HDBSCAN min_cluster_size 100, bench/umap.mjs), ARI eom/leaf at 1 -> 3: 25k seed 7
 * 0.971/0.958 -> 0.971/0.976, seed 42 0.980/0.980 -> 0.988/0.988, seeds 1, 3, 11 level or higher;
 * 50k 0.997/0.998 -> 0.993/0.999. With larger clusters the same push splits them instead (100k:
 * leaf 0.9999 -> 0.929), so bigger corpora keep 1 - a default chosen by size, like umap-learn's
 * epoch count.
 */
export const STRONG_REPULSION_MAX_POINTS = 50_000;

export function clusterLayoutRepulsion(n: number, components: number): number {
  return components > 2 && n <= STRONG_REPULSION_MAX_POINTS ? 3 : UMAP_LEARN_REPULSION;
}

/** A repulsion strength, or 'auto' for `clusterLayoutRepulsion`. */
export type RepulsionSetting = number | 'auto';

export const resolveRepulsion = (r: RepulsionSetting | undefined, n: number, components: number): number =>
  r === undefined || r === 'auto' ? clusterLayoutRepulsion(n, components) : r;

/**
 * One layout of a reduce run: a UMAP layout without the metric, which the run's layouts share, and
 * with a repulsion strength that may be 'auto'.
 */
export type LayoutSpec = Omit<UmapLayout, 'metric' | 'repulsionStrength'> & {
  repulsionStrength?: RepulsionSetting;
};

export type ReduceProjectOptions = Pick<UmapLayout, 'metric'> & {
  /** Embedding set to reduce; default the newest float32 set, else the newest int8/uint8 set. */
  setId?: number;
  /** One run per layout, e.g. 5-d for clustering and 2-d for the map. */
  layouts: LayoutSpec[];
  name?: string;
};

export type ReducedRun = {
  runId: number;
  components: number;
  neighbors: number;
  seconds: number;
  knnSeconds: number;
  quality: UmapRunResult['quality'];
};

export type ReduceProjectResult = { setId: number; n: number; runs: ReducedRun[] };

function chooseSet(store: ProjectStore, setId: number | undefined): EmbeddingSet {
  if (setId !== undefined) {
    const set = getEmbeddingSet(store.db, setId);
    if (!set) throw new AppError('NOT_FOUND', `no embedding set ${setId} in this project`);
    return set;
  }
  const sets = listEmbeddingSets(store.db).filter((s) => s.count > 0);
  const pick =
    sets.filter((s) => s.precision === 'float32').at(-1) ??
    sets.filter((s) => s.precision === 'int8' || s.precision === 'uint8').at(-1);
  if (!pick)
    throw new AppError('NOT_FOUND', 'this project has no float32, int8 or uint8 embeddings to reduce');
  return pick;
}

/**
 * Reduces a project's embedding set with UMAP (in a worker thread; one shared k-NN search) and
 * stores each layout as a run of kind `reduce` with its projection. Failed or cancelled runs are
 * recorded as such.
 */
export async function reduceProject(
  store: ProjectStore,
  o: ReduceProjectOptions,
  ctx: Partial<StageContext> = {},
): Promise<ReduceProjectResult> {
  const set = chooseSet(store, o.setId);
  if (set.precision === 'binary' || set.precision === 'ubinary')
    throw new AppError(
      'INVALID_INPUT',
      `embedding set ${set.id} is ${set.precision}; reduce a float32, int8 or uint8 set`,
    );
  const { documentIds, data, rowLength } = loadVectors(store.db, set);
  const n = documentIds.length;
  const layouts: (UmapRunOptions & { repulsionStrength: number })[] = o.layouts.map((l) => ({
    ...l,
    metric: o.metric,
    repulsionStrength: resolveRepulsion(l.repulsionStrength, n, l.components),
  }));
  // Bad input fails here, before any run is recorded.
  for (const l of layouts) validateUmapInput(data, n, rowLength, l);
  const runIds = o.layouts.map((l, i) =>
    createRun(store.db, {
      kind: 'reduce',
      name: o.name ?? null,
      embeddingSetId: set.id,
      params: {
        method: 'umap',
        components: l.components,
        neighbors: l.neighbors,
        minDist: l.minDist,
        metric: o.metric,
        seed: l.seed,
        spread: l.spread ?? DEFAULTS.spread,
        ...(l.epochs !== undefined ? { nEpochs: l.epochs } : {}),
        learningRate: l.learningRate ?? DEFAULTS.learningRate,
        negativeSampleRate: l.negativeSampleRate ?? DEFAULTS.negativeSampleRate,
        repulsionStrength: layouts[i]!.repulsionStrength,
        knn: l.knn ?? DEFAULTS.knn,
        init: l.init ?? DEFAULTS.init,
        precision: set.precision,
      },
    }),
  );
  let results: UmapRunResult[];
  try {
    results = await umapInWorker(data, n, rowLength, layouts, ctx);
  } catch (e) {
    const cancelled = e instanceof AppError && e.code === 'CANCELLED';
    for (const id of runIds)
      finishRun(store.db, id, {
        status: cancelled ? 'cancelled' : 'failed',
        error: e instanceof Error ? e.message : String(e),
      });
    throw e;
  }
  const runs: ReducedRun[] = [];
  store.transaction(() => {
    results.forEach((r, i) => {
      const runId = runIds[i]!;
      saveProjection(store.db, { runId, dims: r.components, documentIds, coords: r.embedding });
      finishRun(store.db, runId, {
        status: 'done',
        metrics: {
          n: r.n,
          seconds: r.seconds,
          knnSeconds: r.knnSeconds,
          layoutSeconds: r.layoutSeconds,
          init: r.init,
          initSeconds: r.initSeconds,
          knn: r.knn,
          quality: r.quality,
          edges: r.edges,
          nEpochs: r.nEpochs,
        },
      });
      runs.push({
        runId,
        components: r.components,
        neighbors: o.layouts[i]!.neighbors,
        seconds: r.seconds,
        knnSeconds: r.knnSeconds,
        quality: r.quality,
      });
    });
  });
  return { setId: set.id, n, runs };
}
