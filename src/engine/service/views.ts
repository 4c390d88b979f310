import type { Database } from 'better-sqlite3';
import { toBase64 } from '../../shared/binary';
import type { MapDataWire, TaxonomyViewWire, TopicView } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import {
  countDocuments,
  documentTitleLookup,
  getRun,
  listClusters,
  listRuns,
  loadAssignments,
  loadProjection,
  memberCounts,
} from '../store';
import type { MemberCounts, ProjectStore } from '../store';
import {
  checkTaxonomy,
  childrenOf,
  EMBEDDING_DUPLICATE_THRESHOLD,
  embeddingSimilarity,
  loadTaxonomyView,
  historyScope,
  ROOT,
} from '../taxonomy';
import { canRedo, canUndo } from '../history';
import { getTopics, latestClusterRunId } from '../store/topics';
import type { Topic } from '../store/topics';

/** The newest finished reduce run with `components` dimensions. */
function latestReduceRun(db: Database, components: number): number | undefined {
  return listRuns(db, 'reduce').find((r) => r.status === 'done' && r.params.components === components)?.id;
}

export function topicView(
  db: Database,
  t: Topic,
  sizes?: Map<number, number>,
  counts?: Map<number, MemberCounts>,
): TopicView {
  const size =
    sizes?.get(t.clusterId) ?? listClusters(db, t.runId).find((c) => c.clusterId === t.clusterId)?.size ?? 0;
  const members = (counts ?? memberCounts(db, t.runId, t.clusterId)).get(t.clusterId);
  return {
    runId: t.runId,
    clusterId: t.clusterId,
    size,
    core: members?.core ?? 0,
    assigned: members?.assigned ?? 0,
    label: t.label,
    description: t.description,
    source: t.source,
    locked: t.locked,
    keyphrases: t.keyphrases.map((k) => k.term),
    sampleTitles: sampleTitles(db, t),
  };
}

const SAMPLE_TITLES = 3;

/** Titles of the representatives the label pass recorded in the topic's provenance. */
function sampleTitles(db: Database, t: Topic): string[] {
  const ids = t.provenance?.representativeDocumentIds;
  if (!Array.isArray(ids)) return [];
  const title = documentTitleLookup(db);
  const out: string[] = [];
  for (const id of ids) {
    if (out.length === SAMPLE_TITLES) break;
    if (typeof id !== 'number') continue;
    const v = title(id);
    if (v) out.push(v);
  }
  return out;
}

export function topicsOf(db: Database, runId: number): TopicView[] {
  const sizes = new Map(listClusters(db, runId).map((c) => [c.clusterId, c.size]));
  const counts = memberCounts(db, runId);
  return getTopics(db, runId).map((t) => topicView(db, t, sizes, counts));
}

/**
 * The cluster map for a 2-d reduce run (default: the newest) coloured by a cluster run (default:
 * the newest), aligned by document: clusters are looked up per document id of the projection.
 */
export function mapData(db: Database, input: { reduceRunId?: number; clusterRunId?: number }): MapDataWire {
  const reduceRunId = input.reduceRunId ?? latestReduceRun(db, 2);
  if (reduceRunId === undefined)
    throw new AppError('NOT_FOUND', 'the project has no 2-d map yet: run the reduce stage');
  const run = getRun(db, reduceRunId);
  const projection = loadProjection(db, reduceRunId);
  if (!run || run.kind !== 'reduce' || !projection)
    throw new AppError('NOT_FOUND', `run ${reduceRunId} is not a reduce run with coordinates`);
  if (projection.dims !== 2)
    throw new AppError(
      'INVALID_INPUT',
      `run ${reduceRunId} is ${projection.dims}-d; the map needs a 2-d layout`,
    );
  const n = projection.documentIds.length;

  const clusterRunId = input.clusterRunId ?? latestClusterRunId(db) ?? null;
  const clusterIds = new Int32Array(n).fill(-1);
  const probabilities = new Float32Array(n);
  const assigned = new Uint8Array(n);
  const strengths = new Float32Array(n).fill(NaN);
  let topics: MapDataWire['topics'] = [];
  if (clusterRunId !== null) {
    const a = loadAssignments(db, clusterRunId);
    const row = new Map<number, number>();
    for (let i = 0; i < a.documentIds.length; i++) row.set(a.documentIds[i]!, i);
    for (let i = 0; i < n; i++) {
      const r = row.get(projection.documentIds[i]!);
      if (r === undefined) continue;
      clusterIds[i] = a.clusterIds[r]!;
      probabilities[i] = a.probabilities ? a.probabilities[r]! : 1;
      assigned[i] = a.clusterIds[r]! >= 0 && a.wasNoise[r] === 1 ? 1 : 0;
      if (a.strengths) strengths[i] = a.strengths[r]!;
    }
    const labels = new Map(getTopics(db, clusterRunId).map((t) => [t.clusterId, t.label]));
    topics = listClusters(db, clusterRunId).map((c) => ({
      clusterId: c.clusterId,
      size: c.size,
      label: labels.get(c.clusterId) ?? `Cluster ${c.clusterId}`,
    }));
  }

  const titleOf = documentTitleLookup(db);
  const titles = Array.from(projection.documentIds, (id) => titleOf(id) ?? '');
  return {
    reduceRunId,
    clusterRunId,
    count: n,
    documentIds: toBase64(projection.documentIds),
    positions: toBase64(projection.coords),
    clusterIds: toBase64(clusterIds),
    probabilities: toBase64(probabilities),
    assigned: toBase64(assigned),
    strengths: toBase64(strengths),
    titles,
    topics,
  };
}

/** The stored taxonomy (default: the newest) for the tree editor, with quality issues per node. */
export async function taxonomyView(store: ProjectStore, taxonomyId?: number): Promise<TaxonomyViewWire> {
  const view = loadTaxonomyView(store, taxonomyId);
  // Near-duplicate labels by meaning (offline sentence embeddings of the labels, ~4 ms a label).
  const labels = [...view.tree.nodes.values()].map((n) => n.label);
  const quality = checkTaxonomy(view.tree, view.assignments, {
    labelSimilarity: await embeddingSimilarity(labels),
    duplicateThreshold: EMBEDDING_DUPLICATE_THRESHOLD,
  });
  const byNode = new Map(quality.nodes.map((q) => [q.nodeId, q]));
  const nodes: TaxonomyViewWire['nodes'] = [];
  const visit = (parent: number, depth: number) => {
    for (const id of childrenOf(view.tree, parent)) {
      const n = view.tree.nodes.get(id)!;
      const q = byNode.get(id);
      nodes.push({
        id,
        parentId: parent === ROOT ? null : parent,
        depth,
        label: n.label,
        definition: n.definition,
        flags: Object.fromEntries(Object.entries(n.flags).filter(([, v]) => v === true)) as Record<
          string,
          boolean
        >,
        clusterIds: n.clusterIds,
        documents: q?.documents ?? 0,
        issues: (q?.issues ?? []).map((i) => ({ kind: i.kind, message: i.message })),
      });
      visit(id, depth + 1);
    }
  };
  visit(ROOT, 0);
  const fallback = view.taxonomy.provenance?.fallback as { reason?: unknown } | undefined;
  return {
    taxonomy: {
      id: view.taxonomy.id,
      name: view.taxonomy.name,
      source: view.taxonomy.source,
      runId: view.taxonomy.runId,
    },
    nodes,
    unplacedClusterIds: quality.unplacedClusterIds,
    coverage: { ...quality.coverage, corpus: countDocuments(store.db) },
    fallback: typeof fallback?.reason === 'string' ? fallback.reason : null,
    canUndo: canUndo(store, historyScope(view.taxonomy.id)),
    canRedo: canRedo(store, historyScope(view.taxonomy.id)),
  };
}
