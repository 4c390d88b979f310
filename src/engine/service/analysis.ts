import type { Database } from 'better-sqlite3';
import type {
  DiagnoseParams,
  DiagnosticsView,
  DiagnosticsWire,
  RunsComparisonWire,
} from '../../shared/analysis';
import { diagnosticsSchema, precisionNames } from '../../shared/analysis';
import { toBase64 } from '../../shared/binary';
import type { Progress } from '../../shared/progress';
import { compareClusterRuns } from '../cluster';
import { diagnoseEmbeddings } from '../quantize';
import type { ProjectStore } from '../store';
import {
  createRun,
  finishRun,
  getEmbeddingSet,
  getRun,
  getTopics,
  listEmbeddingSets,
  listRuns,
  loadAssignments,
} from '../store';

/** Bins of the value histogram the view draws (the engine's 250 fine bins, summed five at a time). */
export const HISTOGRAM_GROUP = 5;

/**
 * Two cluster runs compared over their shared documents, with topic labels and per-document
 * cluster ids (ascending document id) so a view can link a selection across both runs.
 */
export function compareRuns(db: Database, a: number, b: number): RunsComparisonWire {
  const c = compareClusterRuns(db, a, b);
  const runA = getRun(db, a)!;
  const runB = getRun(db, b)!;
  const assignA = loadAssignments(db, a);
  const assignB = loadAssignments(db, b);
  const docs: number[] = [];
  const la: number[] = [];
  const lb: number[] = [];
  for (let i = 0, j = 0; i < assignA.documentIds.length && j < assignB.documentIds.length;) {
    const x = assignA.documentIds[i]!;
    const y = assignB.documentIds[j]!;
    if (x === y) {
      docs.push(x);
      la.push(assignA.clusterIds[i++]!);
      lb.push(assignB.clusterIds[j++]!);
    } else if (x < y) i++;
    else j++;
  }
  const refs = (runId: number, labels: number[], count: number) => {
    const sizes = new Array<number>(count).fill(0);
    for (const l of labels) if (l >= 0 && l < count) sizes[l]!++;
    const names = new Map(getTopics(db, runId).map((t) => [t.clusterId, t.label]));
    return sizes.map((size, clusterId) => ({ clusterId, label: names.get(clusterId) ?? null, size }));
  };
  const summary = (run: NonNullable<ReturnType<typeof getRun>>, clusters: number, noise: number) => ({
    id: run.id,
    name: run.name,
    params: run.params,
    precision:
      run.embeddingSetId === null ? null : (getEmbeddingSet(db, run.embeddingSetId)?.precision ?? null),
    clusters,
    noiseFraction: noise,
  });
  return {
    runA: summary(runA, c.clustersA, c.noiseFractionA),
    runB: summary(runB, c.clustersB, c.noiseFractionB),
    sharedDocuments: c.sharedDocuments,
    ari: c.ari,
    nmi: c.nmi,
    clustersA: refs(a, la, c.clustersA),
    clustersB: refs(b, lb, c.clustersB),
    matches: c.matches.map((m) => ({ a: m.a, b: m.b, overlap: m.overlap, jaccard: m.jaccard })),
    splits: c.splits,
    merges: c.merges,
    vanished: c.vanished,
    appeared: c.appeared,
    documentIds: toBase64(Int32Array.from(docs)),
    clusterIdsA: toBase64(Int32Array.from(la)),
    clusterIdsB: toBase64(Int32Array.from(lb)),
  };
}

/** Sums each `group` neighbouring bins (the last group may be shorter). */
export function coarsenHistogram(counts: readonly number[], group: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < counts.length; i += group) {
    let sum = 0;
    for (let j = i; j < Math.min(i + group, counts.length); j++) sum += counts[j]!;
    out.push(sum);
  }
  return out;
}

/**
 * The diagnostics job: runs the embedding diagnostics and stores the outcome as a finished run
 * of kind `diagnose` (its metrics hold the whole result), so the view can show it after a reload.
 */
export async function runDiagnostics(
  store: ProjectStore,
  params: DiagnoseParams,
  ctx: { signal: AbortSignal; progress: (p: Progress) => void },
): Promise<DiagnosticsWire> {
  const db = store.db;
  const runId = createRun(db, { kind: 'diagnose', params });
  try {
    const r = await diagnoseEmbeddings(
      store,
      {
        ...(params.set !== undefined ? { sourceSetId: params.set } : {}),
        ...(params.calibration !== undefined ? { size: params.calibration } : {}),
        ...(params.calibrationSample !== undefined ? { sample: params.calibrationSample } : {}),
        ...(params.queries !== undefined ? { queries: params.queries } : {}),
        ...(params.titles !== undefined ? { titles: params.titles } : {}),
        ...(params.seed !== undefined ? { seed: params.seed } : {}),
      },
      { signal: ctx.signal, progress: ctx.progress },
    );
    const run = getRun(db, runId)!;
    const result: DiagnosticsWire = {
      runId,
      createdAt: run.createdAt,
      set: r.set,
      histogram: {
        min: r.histogram.min,
        max: r.histogram.max,
        counts: coarsenHistogram(r.histogram.counts, HISTOGRAM_GROUP),
      },
      calibration: r.calibration,
      calibrationCoverage: r.calibrationCoverage,
      precisions: precisionNames.map((p) => ({ precision: p, ...r.precisions[p] })),
      projected: r.projected.map((row) => ({ embeddings: row.embeddings, bytes: { ...row.bytes } })),
      neighbours: r.neighbours,
      titleSimilarity: r.titleSimilarity,
      seconds: r.seconds,
    };
    finishRun(db, runId, { status: 'done', metrics: result });
    return result;
  } catch (e) {
    const cancelled = (e as { code?: string }).code === 'CANCELLED';
    finishRun(db, runId, {
      status: cancelled ? 'cancelled' : 'failed',
      error: e instanceof Error ? e.message : String(e),
    });
    throw e;
  }
}

/** The newest finished diagnostics, or null (a stored result that no longer parses counts as none). */
export function latestDiagnostics(db: Database): DiagnosticsView | null {
  const run = listRuns(db, 'diagnose').find((r) => r.status === 'done' && r.metrics);
  if (!run) return null;
  const parsed = diagnosticsSchema.safeParse(run.metrics);
  return parsed.success ? { ...parsed.data, stale: diagnosticsStaleness(db, parsed.data.set) } : null;
}

/**
 * Why diagnostics of embedding set `set` no longer describe the project's embeddings (null while
 * they do): the set is gone, its vectors changed in number, or a newer float32 set would be
 * diagnosed now.
 */
export function diagnosticsStaleness(db: Database, set: DiagnosticsWire['set']): string | null {
  const sets = listEmbeddingSets(db);
  const same = sets.find((s) => s.id === set.id);
  if (!same) return `embedding set ${set.id} has been deleted since`;
  if (same.count !== set.documents)
    return `set ${set.id} holds ${same.count.toLocaleString('en-US')} embeddings now, ${set.documents.toLocaleString('en-US')} when diagnosed`;
  const newest = sets.filter((s) => s.precision === 'float32' && s.count > 0).at(-1);
  if (newest && newest.id !== set.id) return `newer embeddings exist (set ${newest.id}, ${newest.model})`;
  return null;
}
