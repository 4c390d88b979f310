import { AppError } from '../../shared/errors';
import type { Progress } from '../../shared/progress';
import type { KnnMetric } from '../algorithms/knn';
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
import type { UmapRunOptions, UmapRunResult } from './umap-run';

export type LayoutSpec = {
  components: number;
  neighbors: number;
  minDist: number;
  seed: number;
  spread?: number;
  nEpochs?: number;
  /** Neighbour search (default 'auto': exact up to 20,000 points). */
  knn?: 'exact' | 'approximate' | 'auto';
  /** Lists the approximate search visits per point. */
  probes?: number;
  /** Initial layout (default 'spectral'). */
  init?: 'spectral' | 'pca';
};

export type ReduceProjectOptions = {
  /** Embedding set to reduce; default the newest float32 set, else the newest int8/uint8 set. */
  setId?: number;
  metric: KnnMetric;
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
  ctx: { progress?: (p: Progress) => void; signal?: AbortSignal } = {},
): Promise<ReduceProjectResult> {
  const set = chooseSet(store, o.setId);
  if (set.precision === 'binary' || set.precision === 'ubinary')
    throw new AppError(
      'INVALID_INPUT',
      `embedding set ${set.id} is ${set.precision}; reduce a float32, int8 or uint8 set`,
    );
  const { documentIds, data, rowLength } = loadVectors(store.db, set);
  const n = documentIds.length;
  const layouts: UmapRunOptions[] = o.layouts.map((l) => ({ ...l, metric: o.metric }));
  // Bad input fails here, before any run is recorded.
  for (const l of layouts) validateUmapInput(data, n, rowLength, l);
  const runIds = o.layouts.map((l) =>
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
        spread: l.spread ?? 1,
        ...(l.nEpochs !== undefined ? { nEpochs: l.nEpochs } : {}),
        knn: l.knn ?? 'auto',
        init: l.init ?? 'spectral',
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
  store.db.transaction(() => {
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
  })();
  return { setId: set.id, n, runs };
}
