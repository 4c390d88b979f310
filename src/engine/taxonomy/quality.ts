import type { Tree } from './tree';
import { childrenOf, clusterPlacement, documentPlacement, pathOf, walk } from './tree';

export type QualityIssue =
  | { kind: 'single-child'; message: string }
  | { kind: 'empty'; message: string }
  | { kind: 'near-duplicate'; message: string; otherId: number; similarity: number }
  | { kind: 'no-evidence'; message: string }
  | { kind: 'unplaced'; message: string };

export type NodeQuality = {
  nodeId: number;
  path: string[];
  /** Documents in the node and below it. */
  documents: number;
  /** Those documents as a share of all clustered (non-noise) documents. */
  share: number;
  issues: QualityIssue[];
};

export type QualityReport = {
  nodes: NodeQuality[];
  /** Clusters of the run no node holds. */
  unplacedClusterIds: number[];
  /** Clusters more than one node holds. */
  duplicatedClusterIds: number[];
  /** Non-noise documents that sit in some node, of all non-noise documents. */
  coverage: { placed: number; total: number; share: number };
};

export type QualityOptions = {
  /** Similarity in [0, 1] of two labels (e.g. cosine of their embeddings); default token-set Jaccard. */
  labelSimilarity?: (a: string, b: string) => number;
  /** Labels at least this similar are reported as near duplicates (default 0.8). */
  duplicateThreshold?: number;
};

const tokens = (s: string): Set<string> =>
  new Set(
    s
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w && w !== 'and' && w !== 'of' && w !== 'the'),
  );

/** Jaccard similarity of the labels' word sets (case and punctuation ignored). */
export function tokenSetSimilarity(a: string, b: string): number {
  const ta = tokens(a);
  const tb = tokens(b);
  if (ta.size === 0 && tb.size === 0) return a.trim().toLowerCase() === b.trim().toLowerCase() ? 1 : 0;
  let inter = 0;
  for (const t of ta) if (tb.has(t)) inter++;
  return inter / (ta.size + tb.size - inter);
}

/**
 * What a curator should look at, node by node: parents with one child, nodes with no documents or no
 * cluster behind them, near-duplicate labels, clusters left unplaced, and how much of the clustered
 * corpus the tree covers. `assignments`: document id -> cluster id (-1 = noise).
 */
export function checkTaxonomy(
  tree: Tree,
  assignments: ReadonlyMap<number, number>,
  options: QualityOptions = {},
): QualityReport {
  const similarity = options.labelSimilarity ?? tokenSetSimilarity;
  const threshold = options.duplicateThreshold ?? 0.8;
  const order = walk(tree).map((w) => w.id);

  const docsIn = new Map<number, number>();
  const placement = documentPlacement(tree, assignments);
  let placed = 0;
  for (const [doc, node] of placement) {
    if ((assignments.get(doc) ?? -1) >= 0) placed++;
    docsIn.set(node, (docsIn.get(node) ?? 0) + 1);
  }
  const total = [...assignments.values()].filter((c) => c >= 0).length;
  const subtreeDocs = new Map<number, number>();
  const subtreeClusters = new Map<number, number>();
  for (const id of [...order].reverse()) {
    const kids = childrenOf(tree, id);
    subtreeDocs.set(id, (docsIn.get(id) ?? 0) + kids.reduce((s, k) => s + subtreeDocs.get(k)!, 0));
    subtreeClusters.set(
      id,
      tree.nodes.get(id)!.clusterIds.length + kids.reduce((s, k) => s + subtreeClusters.get(k)!, 0),
    );
  }

  const issues = new Map<number, QualityIssue[]>(order.map((id) => [id, []]));
  for (const id of order) {
    const n = tree.nodes.get(id)!;
    const list = issues.get(id)!;
    const kids = childrenOf(tree, id);
    if (kids.length === 1)
      list.push({ kind: 'single-child', message: 'has a single child: merge it up or add siblings' });
    if (subtreeDocs.get(id) === 0) list.push({ kind: 'empty', message: 'no documents' });
    if (n.flags.noEvidence || subtreeClusters.get(id) === 0)
      list.push({ kind: 'no-evidence', message: 'proposed, no evidence: no cluster stands behind it' });
    if (n.flags.unplaced) list.push({ kind: 'unplaced', message: 'holds clusters nothing else placed' });
  }
  for (let i = 0; i < order.length; i++) {
    const a = tree.nodes.get(order[i]!)!;
    for (let j = i + 1; j < order.length; j++) {
      const b = tree.nodes.get(order[j]!)!;
      const s = similarity(a.label, b.label);
      if (s < threshold) continue;
      const pct = `${Math.round(s * 100)}%`;
      issues.get(a.id)!.push({
        kind: 'near-duplicate',
        otherId: b.id,
        similarity: s,
        message: `label ${pct} like "${b.label}"`,
      });
      issues.get(b.id)!.push({
        kind: 'near-duplicate',
        otherId: a.id,
        similarity: s,
        message: `label ${pct} like "${a.label}"`,
      });
    }
  }

  const holders = new Map<number, number>();
  for (const n of tree.nodes.values())
    for (const c of n.clusterIds) holders.set(c, (holders.get(c) ?? 0) + 1);
  const runClusters = new Set([...assignments.values()].filter((c) => c >= 0));
  const byCluster = clusterPlacement(tree);
  return {
    nodes: order.map((id) => ({
      nodeId: id,
      path: pathOf(tree, id),
      documents: subtreeDocs.get(id)!,
      share: total ? subtreeDocs.get(id)! / total : 0,
      issues: issues.get(id)!,
    })),
    unplacedClusterIds: [...runClusters].filter((c) => !byCluster.has(c)).sort((a, b) => a - b),
    duplicatedClusterIds: [...holders]
      .filter(([, k]) => k > 1)
      .map(([c]) => c)
      .sort((a, b) => a - b),
    coverage: { placed, total, share: total ? placed / total : 0 },
  };
}
