import { AppError } from '../../shared/errors';
import type { ProjectStore, Taxonomy } from '../store';
import { getTaxonomy, listTaxonomies, loadDocumentTitles, loadRunAssignments, loadTree } from '../store';
import { toHeadings, toOutline } from './markdown';
import type { NodeFlags, Tree } from './tree';
import { childrenOf, clusterPlacement, documentPlacement, pathOf, ROOT } from './tree';

export type ExportFormat = 'outline' | 'headings' | 'json' | 'csv';

/** A stored taxonomy with what placing its documents needs. */
export type TaxonomyView = {
  taxonomy: Taxonomy;
  tree: Tree;
  /** Document id -> cluster id (-1 = noise) of the taxonomy's cluster run; empty without one. */
  assignments: Map<number, number>;
};

/** The taxonomy asked for, or the newest one. */
export function resolveTaxonomy(store: ProjectStore, id?: number): Taxonomy {
  const t = id === undefined ? listTaxonomies(store.db)[0] : getTaxonomy(store.db, id);
  if (!t) {
    throw new AppError(
      'NOT_FOUND',
      id === undefined
        ? `${store.path} has no taxonomy yet: run \`taxonomist taxonomy --project ${store.path}\` first`
        : `no taxonomy ${id} in ${store.path}`,
    );
  }
  return t;
}

export function loadTaxonomyView(store: ProjectStore, taxonomyId?: number): TaxonomyView {
  const taxonomy = resolveTaxonomy(store, taxonomyId);
  return {
    taxonomy,
    tree: loadTree(store.db, taxonomy.id),
    assignments: taxonomy.runId === null ? new Map() : loadRunAssignments(store.db, taxonomy.runId),
  };
}

export type JsonTaxonomyNode = {
  id: number;
  label: string;
  definition: string | null;
  flags: NodeFlags;
  clusterIds: number[];
  /** Documents placed in this node itself, ascending. */
  documentIds: number[];
  documentCount: number;
  /** Documents in this node and everything below it. */
  totalDocuments: number;
  children: JsonTaxonomyNode[];
};

export type JsonTaxonomy = {
  format: 'taxonomist-taxonomy';
  version: 1;
  taxonomy: { id: number; name: string; source: string; runId: number | null; createdAt: string };
  provenance: Record<string, unknown> | null;
  nodes: JsonTaxonomyNode[];
  unplacedClusterIds: number[];
};

export function toJson(view: TaxonomyView): JsonTaxonomy {
  const { tree, taxonomy } = view;
  const docsByNode = new Map<number, number[]>();
  for (const [doc, node] of [...documentPlacement(tree, view.assignments)].sort((a, b) => a[0] - b[0])) {
    const list = docsByNode.get(node) ?? [];
    list.push(doc);
    docsByNode.set(node, list);
  }
  const build = (id: number): JsonTaxonomyNode => {
    const n = tree.nodes.get(id)!;
    const children = childrenOf(tree, id).map(build);
    const documentIds = docsByNode.get(id) ?? [];
    return {
      id,
      label: n.label,
      definition: n.definition,
      flags: Object.fromEntries(Object.entries(n.flags).filter(([, v]) => v)),
      clusterIds: [...n.clusterIds],
      documentIds,
      documentCount: documentIds.length,
      totalDocuments: documentIds.length + children.reduce((s, c) => s + c.totalDocuments, 0),
      children,
    };
  };
  const placed = clusterPlacement(tree);
  const clusters = new Set([...view.assignments.values()].filter((c) => c >= 0));
  return {
    format: 'taxonomist-taxonomy',
    version: 1,
    taxonomy: {
      id: taxonomy.id,
      name: taxonomy.name,
      source: taxonomy.source,
      runId: taxonomy.runId,
      createdAt: taxonomy.createdAt,
    },
    provenance: taxonomy.provenance,
    nodes: childrenOf(tree, ROOT).map(build),
    unplacedClusterIds: [...clusters].filter((c) => !placed.has(c)).sort((a, b) => a - b),
  };
}

/** One CSV field per RFC 4180: quoted when it holds a quote, comma, CR or LF; quotes doubled. */
export const csvField = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * Every document of the run (and every hand-moved one) with its topic path, labels joined by " > ";
 * noise and unplaced documents have an empty path. CRLF line ends, as RFC 4180 has them.
 */
export function toCsv(
  view: TaxonomyView,
  documents: ReadonlyMap<number, { extId: string; title: string | null }>,
): string {
  const placement = documentPlacement(view.tree, view.assignments);
  const ids = [...new Set([...view.assignments.keys(), ...view.tree.documents.keys()])].sort((a, b) => a - b);
  const rows = [['document_id', 'ext_id', 'title', 'cluster_id', 'topic_path'].join(',')];
  for (const id of ids) {
    const doc = documents.get(id);
    const node = placement.get(id);
    rows.push(
      [
        id,
        doc?.extId ?? null,
        doc?.title ?? null,
        view.assignments.get(id) ?? null,
        node === undefined ? null : pathOf(view.tree, node).join(' > '),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${rows.join('\r\n')}\r\n`;
}

/** The taxonomy in one of the export formats, as the text to write. */
export function exportTaxonomy(store: ProjectStore, format: ExportFormat, taxonomyId?: number): string {
  const view = loadTaxonomyView(store, taxonomyId);
  switch (format) {
    case 'outline':
      return toOutline(view.tree);
    case 'headings':
      return toHeadings(view.tree);
    case 'json':
      return `${JSON.stringify(toJson(view), null, 2)}\n`;
    case 'csv':
      return toCsv(view, loadDocumentTitles(store.db));
  }
}
