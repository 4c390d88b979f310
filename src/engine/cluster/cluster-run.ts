import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import type { NoiseAssignmentMode } from '../../shared/noise-assignment';
import { DEFAULTS } from '../../shared/params';
import type { ClusterRunParams, WithRequired } from '../../shared/params';
import type { StageContext } from '../context';
import { stageContext } from '../context';
import type { HdbscanOptions } from '../algorithms/hdbscan';
import type { NoiseAssignment } from '../algorithms/outliers';
import { assignNoiseByEmbedding, assignNoiseToClusters } from '../algorithms/outliers';
import { compareLabelings } from '../algorithms/matching';
import type { RunComparison } from '../algorithms/matching';
import { progressTracker } from '../progress';
import type { ProjectStore } from '../store';
import {
  createRun,
  finishRun,
  getRun,
  listRuns,
  getEmbeddingSet,
  loadAssignments,
  loadProjection,
  loadVectors,
  saveClustering,
} from '../store';
import type { Projection, Run } from '../store';
import { hdbscanCancellable } from './hdbscan-in-worker';

/**
 * A cluster run's settings: the cluster schema's parameters (clusterRunParams in src/shared/params,
 * with their defaults and limits) once min_cluster_size and the selection are settled, the merge
 * distance by HDBSCAN's name, and the reduce run to cluster by id (default: the latest finished 5-d one).
 */
export type ClusterRunOptions = WithRequired<
  Pick<
    ClusterRunParams,
    'minClusterSize' | 'minSamples' | 'method' | 'allowSingleCluster' | 'assignNoise' | 'name'
  >,
  'minClusterSize' | 'method'
> &
  Pick<HdbscanOptions, 'clusterSelectionEpsilon'> & { inputRunId?: ClusterRunParams['inputRun'] };

export type ClusterRunSummary = {
  runId: number;
  inputRunId: number;
  documents: number;
  clusters: number;
  noiseFraction: number;
  /** Fraction of documents in a cluster after noise assignment (equals 1 - noiseFraction without it). */
  coverage: number;
  assignedNoise: number;
  seconds: number;
};

/** The projection to cluster: the given reduce run's, or the latest finished 5-d reduce run's. */
export function findReduceProjection(
  db: Database,
  inputRunId?: number,
): { run: Run; projection: Projection } {
  if (inputRunId !== undefined) {
    const run = getRun(db, inputRunId);
    const projection = run && loadProjection(db, inputRunId);
    if (!run || !projection)
      throw new AppError('NOT_FOUND', `run ${inputRunId} has no projection to cluster`);
    return { run, projection };
  }
  const dimsSeen: number[] = [];
  for (const run of listRuns(db, 'reduce')) {
    if (run.status !== 'done') continue;
    const projection = loadProjection(db, run.id);
    if (!projection) continue;
    if (projection.dims === 5) return { run, projection };
    dimsSeen.push(projection.dims);
  }
  throw new AppError(
    'NOT_FOUND',
    dimsSeen.length
      ? `no finished 5-d reduce run in this project (found ${dimsSeen.join(', ')}-d ones); pick one with --input-run`
      : 'no finished reduce run in this project; run the reduce step first',
  );
}

/**
 * Clusters a reduce run's projection with HDBSCAN and stores a `cluster` run: every parameter, the
 * clusters (size, persistence, exemplar document ids), each document's assignment (with its original
 * noise flag when noise is assigned) and the condensed tree. HDBSCAN runs where a cancel reaches it
 * (see hdbscanCancellable): a cancelled run is recorded as such and rejects with CANCELLED.
 */
export async function clusterProject(
  store: ProjectStore,
  options: ClusterRunOptions,
  context: Partial<StageContext> = {},
): Promise<ClusterRunSummary> {
  const ctx = stageContext(context);
  const db = store.db;
  const { run: input, projection } = findReduceProjection(db, options.inputRunId);
  const n = projection.documentIds.length;
  const assignMode = options.assignNoise ?? DEFAULTS.assignNoise;
  const params = {
    minClusterSize: options.minClusterSize,
    minSamples: options.minSamples ?? Math.min(options.minClusterSize, n - 1),
    method: options.method,
    clusterSelectionEpsilon: options.clusterSelectionEpsilon ?? DEFAULTS.epsilon,
    allowSingleCluster: options.allowSingleCluster ?? DEFAULTS.allowSingleCluster,
    assignNoise: assignMode,
    metric: 'euclidean',
    dims: projection.dims,
  };
  const runId = createRun(db, {
    kind: 'cluster',
    params,
    name: options.name ?? null,
    inputRunId: input.id,
    embeddingSetId: input.embeddingSetId,
  });
  try {
    const tracker = progressTracker('cluster', ctx.progress, { total: n, unit: 'points' });
    const started = performance.now();
    const result = await hdbscanCancellable(
      projection.coords,
      n,
      projection.dims,
      {
        minClusterSize: params.minClusterSize,
        ...(options.minSamples !== undefined ? { minSamples: options.minSamples } : {}),
        method: params.method,
        clusterSelectionEpsilon: params.clusterSelectionEpsilon,
        allowSingleCluster: params.allowSingleCluster,
      },
      {
        signal: ctx.signal,
        onProgress: (stage, done, total) =>
          tracker.update(Math.round((done / Math.max(1, total)) * n), { message: stage }),
      },
    );
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'cancelled');
    const seconds = (performance.now() - started) / 1000;
    let noise = 0;
    for (const l of result.labels) if (l < 0) noise++;
    const assignment = assignNoise(db, input, projection, result.labels, assignMode);
    if (ctx.signal.aborted) throw new AppError('CANCELLED', 'cancelled');
    const finalLabels = assignment ? assignment.labels : result.labels;
    const sizes = new Int32Array(result.clusterCount);
    for (const l of finalLabels) if (l >= 0) sizes[l]!++;
    const docs = projection.documentIds;
    const clusters = Array.from({ length: result.clusterCount }, (_, c) => ({
      clusterId: c,
      size: sizes[c]!,
      persistence: result.persistence[c]!,
      exemplars: Array.from(
        result.exemplars.subarray(result.exemplarOffsets[c]!, result.exemplarOffsets[c + 1]!),
        (row) => docs[row]!,
      ),
    }));
    saveClustering(db, runId, {
      clusters,
      assignments: {
        documentIds: docs,
        clusterIds: finalLabels,
        probabilities: result.probabilities,
        outlierScores: result.outlierScores,
        wasNoise: assignment ? assignment.wasNoise : Uint8Array.from(result.labels, (l) => (l < 0 ? 1 : 0)),
        strengths: Float64Array.from(result.labels, (l, i) =>
          l >= 0 ? result.probabilities[i]! : (assignment?.strengths?.[i] ?? NaN),
        ),
      },
      condensedTree: result.condensedTree,
    });
    const summary: ClusterRunSummary = {
      runId,
      inputRunId: input.id,
      documents: n,
      clusters: result.clusterCount,
      noiseFraction: n ? noise / n : 0,
      coverage: assignment ? assignment.coverageAfter : n ? (n - noise) / n : 0,
      assignedNoise: assignment ? assignment.assigned : 0,
      seconds,
    };
    tracker.update(n, { force: true });
    finishRun(db, runId, {
      status: 'done',
      metrics: {
        clusters: summary.clusters,
        noiseFraction: summary.noiseFraction,
        coverage: summary.coverage,
        assignedNoise: summary.assignedNoise,
        seconds,
      },
    });
    return summary;
  } catch (e) {
    const cancelled = e instanceof AppError && e.code === 'CANCELLED';
    finishRun(db, runId, {
      status: cancelled ? 'cancelled' : 'failed',
      error: e instanceof Error ? e.message : String(e),
    });
    throw e;
  }
}

/**
 * HDBSCAN's noise given a cluster as `mode` says (null for `none`). The embedding mode reads the float32
 * vectors the layout was made from (or their float32 source; an int8 set as stored); without any,
 * it falls back to the layout's centroids within 3 radii.
 */
function assignNoise(
  db: Database,
  input: Run,
  projection: Projection,
  labels: Int32Array,
  mode: NoiseAssignmentMode,
): (NoiseAssignment & { strengths?: Float64Array }) | null {
  const n = projection.documentIds.length;
  if (mode === 'none') return null;
  if (typeof mode === 'number')
    return assignNoiseToClusters(projection.coords, n, projection.dims, labels, mode);
  const vectors = unitVectorsFor(db, input.embeddingSetId, projection.documentIds);
  if (!vectors) return assignNoiseToClusters(projection.coords, n, projection.dims, labels, 3);
  return assignNoiseByEmbedding(vectors.data, n, vectors.dims, labels);
}

/**
 * Unit-length float32 vectors of `documentIds`, in that order, from the given set's float32 source (or
 * the set itself when float32 or int8); null when some document has none.
 */
function unitVectorsFor(
  db: Database,
  setId: number | null,
  documentIds: Int32Array,
): { data: Float32Array; dims: number } | null {
  let set = setId != null ? getEmbeddingSet(db, setId) : undefined;
  if (set && set.precision !== 'float32' && set.sourceSetId != null) {
    const source = getEmbeddingSet(db, set.sourceSetId);
    if (source?.precision === 'float32') set = source;
  }
  if (!set || (set.precision !== 'float32' && set.precision !== 'int8')) return null;
  const v = loadVectors(db, set);
  const d = set.dims;
  const row = new Map<number, number>();
  v.documentIds.forEach((id, i) => row.set(id, i));
  const out = new Float32Array(documentIds.length * d);
  for (let i = 0; i < documentIds.length; i++) {
    const r = row.get(documentIds[i]!);
    if (r === undefined) return null;
    let norm = 0;
    for (let j = 0; j < d; j++) norm += Number(v.data[r * d + j]!) ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < d; j++) out[i * d + j] = Number(v.data[r * d + j]!) * inv;
  }
  return { data: out, dims: d };
}

export type RunsComparison = Omit<RunComparison, 'overlap'> & {
  runA: number;
  runB: number;
  /** Documents in both runs (the comparison is over these). */
  sharedDocuments: number;
  /** Overlap matrix rows = clusters of A, columns = clusters of B. */
  overlap: number[][];
};

/** Compares two cluster runs of the same corpus over the documents both assigned (noise included). */
export function compareClusterRuns(db: Database, runA: number, runB: number, share?: number): RunsComparison {
  for (const id of [runA, runB]) {
    const run = getRun(db, id);
    if (!run) throw new AppError('NOT_FOUND', `no run ${id} in this project`);
    if (run.kind !== 'cluster')
      throw new AppError('INVALID_INPUT', `run ${id} is a ${run.kind} run, not a cluster run`);
    if (run.status !== 'done')
      throw new AppError('INVALID_INPUT', `run ${id} did not finish (${run.status})`);
  }
  const a = loadAssignments(db, runA);
  const b = loadAssignments(db, runB);
  // Both are ordered by document id: walk them together and keep the shared documents.
  const la: number[] = [];
  const lb: number[] = [];
  for (let i = 0, j = 0; i < a.documentIds.length && j < b.documentIds.length;) {
    const x = a.documentIds[i]!;
    const y = b.documentIds[j]!;
    if (x === y) {
      la.push(a.clusterIds[i++]!);
      lb.push(b.clusterIds[j++]!);
    } else if (x < y) i++;
    else j++;
  }
  if (!la.length) throw new AppError('INVALID_INPUT', `runs ${runA} and ${runB} share no documents`);
  const cmp = compareLabelings(Int32Array.from(la), Int32Array.from(lb), share);
  const kb = cmp.clustersB;
  const overlap = Array.from({ length: cmp.clustersA }, (_, i) =>
    Array.from(cmp.overlap.subarray(i * kb, (i + 1) * kb)),
  );
  return { ...cmp, runA, runB, sharedDocuments: la.length, overlap };
}
