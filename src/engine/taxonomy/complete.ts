import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { ProjectStore, TopicLabel } from '../store';
import {
  createTaxonomy,
  loadRunAssignments,
  loadRunClusters,
  loadRunTopicLabels,
  maxTaxonomyNodeId,
  saveTree,
} from '../store';
import type { OutlineEntry } from './markdown';
import { parseTaxonomyMarkdown, treeFromEntries } from './markdown';
import { resolveClusterRun } from './offline';
import type { NodeFlags, Tree } from './tree';
import { childrenOf, documentPlacement, ROOT, walk } from './tree';
import { UNPLACED_LABEL } from './llm';

type JsonNode = { label: string; definition?: string | null; children?: JsonNode[] };
const jsonNode: z.ZodType<JsonNode> = z.lazy(() =>
  z.object({
    label: z.string().trim().min(1),
    definition: z.string().nullable().optional(),
    children: z.array(jsonNode).optional(),
  }),
);
const jsonTaxonomy = z.object({ nodes: z.array(jsonNode).min(1) });

/** Outline entries from an existing scheme: the JSON export, or either Markdown form. */
export function parseExistingTaxonomy(text: string): OutlineEntry[] {
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('{')) return parseTaxonomyMarkdown(text);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('INVALID_INPUT', `not valid JSON: ${(e as Error).message}`);
  }
  const parsed = jsonTaxonomy.safeParse(raw);
  if (!parsed.success)
    throw new AppError(
      'INVALID_INPUT',
      `not a taxonomy JSON: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const out: OutlineEntry[] = [];
  const visit = (nodes: JsonNode[], depth: number): void => {
    for (const n of nodes) {
      out.push({ depth, label: n.label, definition: n.definition ?? null });
      visit(n.children ?? [], depth + 1);
    }
  };
  visit(parsed.data.nodes, 1);
  return out;
}

const words = (s: string): Set<string> =>
  new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 2 && !['and', 'the', 'for', 'with', 'from', 'into', 'papers'].includes(w))
      .map((w) => (w.length > 4 && w.endsWith('s') ? w.slice(0, -1) : w)),
  );

/** Cosine of two word sets: shared words over the geometric mean of their sizes. */
export function lexicalSimilarity(a: string, b: string): number {
  const wa = words(a);
  const wb = words(b);
  if (!wa.size || !wb.size) return 0;
  let shared = 0;
  for (const w of wa) if (wb.has(w)) shared++;
  return shared / Math.sqrt(wa.size * wb.size);
}

/**
 * Stores an existing scheme as it is (source "imported"), tied to the newest finished cluster run when
 * there is one, so it can be edited and exported; exporting it again gives back the same Markdown.
 */
export function importTaxonomy(
  store: ProjectStore,
  entries: readonly OutlineEntry[],
  options: { name?: string; source?: string; runId?: number } = {},
): { taxonomyId: number; nodes: number } {
  if (entries.length === 0) throw new AppError('INVALID_INPUT', 'the taxonomy has no nodes');
  let runId: number | null = null;
  try {
    runId = resolveClusterRun(store, options.runId);
  } catch (e) {
    if (options.runId !== undefined) throw e;
  }
  const tree = treeFromEntries(entries, maxTaxonomyNodeId(store.db) + 1);
  const taxonomyId = store.transaction(() => {
    const id = createTaxonomy(store.db, {
      runId,
      name: options.name ?? `Imported scheme${options.source ? ` from ${options.source}` : ''}`,
      source: 'imported',
      provenance: { method: 'import', from: options.source ?? null, createdAt: new Date().toISOString() },
    });
    saveTree(store.db, id, tree);
    return id;
  });
  return { taxonomyId, nodes: tree.nodes.size };
}

/** What a scheme's node is compared by: its label and definition. */
const nodeTextOf = (n: { label: string; definition: string | null }): string =>
  `${n.label} ${n.definition ?? ''}`;

/** What a corpus topic is compared by: its label with its keyphrases (and the label alone for "same subject"). */
function topicTextOf(t: TopicLabel | undefined, clusterId: number): { label: string; text: string } {
  const label = t?.label ?? `Cluster ${clusterId}`;
  return { label, text: `${label} ${(t?.keyphrases ?? []).map((k) => k.term).join(' ')}` };
}

/**
 * Every text `completeTaxonomy` compares, so a caller can embed them up front and pass an
 * embedding similarity (see similarity.ts).
 */
export function completionTexts(
  store: ProjectStore,
  entries: readonly OutlineEntry[],
  runId?: number,
): string[] {
  const run = resolveClusterRun(store, runId);
  const topics = loadRunTopicLabels(store.db, run);
  const tree = treeFromEntries(entries, 1);
  const out: string[] = [];
  for (const n of tree.nodes.values()) out.push(nodeTextOf(n), n.label);
  for (const { clusterId } of loadRunClusters(store.db, run)) {
    const { label, text } = topicTextOf(topics.get(clusterId), clusterId);
    out.push(label, text);
  }
  return out;
}

export type CompletionOptions = {
  runId?: number;
  name?: string;
  source?: string;
  /** Similarity in [0, 1] of a topic's text to a node's; default `lexicalSimilarity`. */
  similarity?: (topic: string, node: string) => number;
  /** A topic this similar to a node's own label joins that node instead of becoming its child (default 0.8). */
  sameTopicThreshold?: number;
};

export type CompletionSummary = {
  taxonomyId: number;
  runId: number;
  existingNodes: number;
  /** Topics added under existing nodes, flagged "new". */
  attached: number;
  /** Topics that joined an existing node with the same subject. */
  joined: number;
  /** Topics like no node at all, under "Unplaced". */
  unplaced: number;
  /** Existing nodes no document of this corpus falls in. */
  noDocuments: number;
};

/**
 * Completes an existing scheme with the corpus: each topic of the cluster run goes to the closest
 * node (by its label and definition), as a new child flagged "new", or into the node itself when the
 * labels say the same thing; topics like nothing go under "Unplaced"; existing nodes left without
 * documents are flagged "no documents in this corpus". The scheme's own nodes and order are kept.
 */
export function completeTaxonomy(
  store: ProjectStore,
  entries: readonly OutlineEntry[],
  options: CompletionOptions = {},
): CompletionSummary {
  if (entries.length === 0) throw new AppError('INVALID_INPUT', 'the existing taxonomy has no nodes');
  const similarity = options.similarity ?? lexicalSimilarity;
  const same = options.sameTopicThreshold ?? 0.8;
  const runId = resolveClusterRun(store, options.runId);
  const clusters = loadRunClusters(store.db, runId);
  const topics = loadRunTopicLabels(store.db, runId);
  const tree: Tree = treeFromEntries(entries, maxTaxonomyNodeId(store.db) + 1);
  const existing = walk(tree).map((w) => w.id);
  let nextId = Math.max(...existing) + 1;
  const nodeText = new Map(existing.map((id) => [id, nodeTextOf(tree.nodes.get(id)!)]));
  const add = (
    parentId: number,
    label: string,
    definition: string | null,
    clusterId: number,
    flags: NodeFlags,
    topicId: number | null,
  ): void => {
    const id = nextId++;
    tree.nodes.set(id, { id, parentId, label, definition, flags, clusterIds: [clusterId], topicId });
    tree.children.set(parentId, [...childrenOf(tree, parentId), id]);
  };
  const depth = new Map(walk(tree).map((w) => [w.id, w.depth]));
  let attached = 0;
  let joined = 0;
  const loose: number[] = [];
  for (const { clusterId } of clusters) {
    const t = topics.get(clusterId);
    const { label, text } = topicTextOf(t, clusterId);
    let best = -1;
    let bestScore = 0;
    for (const id of existing) {
      const s = similarity(text, nodeText.get(id)!);
      // Deeper nodes win ties: they are the more specific home.
      if (s > bestScore || (s > 0 && s === bestScore && depth.get(id)! > depth.get(best)!)) {
        best = id;
        bestScore = s;
      }
    }
    if (best < 0) {
      loose.push(clusterId);
      continue;
    }
    const node = tree.nodes.get(best)!;
    if (similarity(label, node.label) >= same) {
      node.clusterIds = [...node.clusterIds, clusterId].sort((a, b) => a - b);
      joined++;
    } else {
      add(best, label, t?.description ?? null, clusterId, { new: true }, t?.id ?? null);
      attached++;
    }
  }
  if (loose.length) {
    const u = nextId++;
    tree.nodes.set(u, {
      id: u,
      parentId: ROOT,
      label: UNPLACED_LABEL,
      definition: null,
      flags: { unplaced: true },
      clusterIds: [],
      topicId: null,
    });
    tree.children.set(ROOT, [...childrenOf(tree, ROOT), u]);
    for (const c of loose) {
      const t = topics.get(c);
      add(
        u,
        t?.label ?? `Cluster ${c}`,
        t?.description ?? null,
        c,
        { new: true, unplaced: true },
        t?.id ?? null,
      );
    }
  }
  // Flag existing nodes with no document in them or below them.
  const placement = documentPlacement(tree, loadRunAssignments(store.db, runId));
  const withDocs = new Set<number>();
  for (const node of new Set(placement.values()))
    for (
      let cur: number | undefined = node;
      cur !== undefined && cur !== ROOT;
      cur = tree.nodes.get(cur)?.parentId
    )
      withDocs.add(cur);
  let noDocuments = 0;
  for (const id of existing) {
    if (withDocs.has(id)) continue;
    tree.nodes.get(id)!.flags.noDocuments = true;
    noDocuments++;
  }
  const taxonomyId = store.transaction(() => {
    const id = createTaxonomy(store.db, {
      runId,
      name: options.name ?? `Completed scheme (run ${runId})`,
      source: 'imported',
      provenance: {
        method: 'completion',
        similarity: options.similarity ? 'custom' : 'lexical',
        from: options.source ?? null,
        runId,
        createdAt: new Date().toISOString(),
      },
    });
    saveTree(store.db, id, tree);
    return id;
  });
  return {
    taxonomyId,
    runId,
    existingNodes: existing.length,
    attached,
    joined,
    unplaced: loose.length,
    noDocuments,
  };
}
