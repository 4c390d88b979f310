import type { TaxonomyViewWire } from '../../../shared/contract';

export type TaxonomyNodeView = TaxonomyViewWire['nodes'][number];

/** The engine's id for the invisible root that top-level nodes hang from. */
export const ROOT_ID = 0;

export type DropPosition = 'before' | 'inside' | 'after';
export type MoveArgs = { nodeId: number; parentId: number; index: number };

const parentOf = (n: TaxonomyNodeView): number => n.parentId ?? ROOT_ID;

/** Child ids of `parentId` in display order (the view is flattened depth-first). */
export function childIds(nodes: readonly TaxonomyNodeView[], parentId: number): number[] {
  return nodes.filter((n) => parentOf(n) === parentId).map((n) => n.id);
}

/** Whether `id` is `ancestorId` or lies below it. */
export function isWithin(nodes: readonly TaxonomyNodeView[], id: number, ancestorId: number): boolean {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (let cur = byId.get(id); cur; cur = cur.parentId === null ? undefined : byId.get(cur.parentId)) {
    if (cur.id === ancestorId) return true;
  }
  return false;
}

/**
 * Rows to draw: the flattened view minus the descendants of collapsed nodes. `hasChildren` drives
 * the disclosure triangle.
 */
export function visibleRows(
  nodes: readonly TaxonomyNodeView[],
  collapsed: ReadonlySet<number>,
): { node: TaxonomyNodeView; hasChildren: boolean }[] {
  const parents = new Set(nodes.map(parentOf));
  const rows: { node: TaxonomyNodeView; hasChildren: boolean }[] = [];
  let hideBelow: number | null = null;
  for (const node of nodes) {
    if (hideBelow !== null && node.depth > hideBelow) continue;
    hideBelow = null;
    rows.push({ node, hasChildren: parents.has(node.id) });
    if (collapsed.has(node.id)) hideBelow = node.depth;
  }
  return rows;
}

/** Where a drag over a row lands: the top quarter drops before it, the bottom quarter after, else into it. */
export function dropPositionAt(offsetY: number, height: number): DropPosition {
  if (height <= 0) return 'inside';
  const f = offsetY / height;
  if (f < 0.25) return 'before';
  if (f > 0.75) return 'after';
  return 'inside';
}

/**
 * The `move` command for dropping `dragId` on `targetId`, or null when the drop is impossible (onto
 * itself or its own subtree) or changes nothing. The engine's index counts the new parent's children
 * with the moved node already taken out.
 */
export function moveForDrop(
  nodes: readonly TaxonomyNodeView[],
  dragId: number,
  targetId: number,
  position: DropPosition,
): MoveArgs | null {
  const drag = nodes.find((n) => n.id === dragId);
  const target = nodes.find((n) => n.id === targetId);
  if (!drag || !target || isWithin(nodes, targetId, dragId)) return null;
  const parentId = position === 'inside' ? target.id : parentOf(target);
  const siblings = childIds(nodes, parentId).filter((id) => id !== dragId);
  const index =
    position === 'inside' ? siblings.length : siblings.indexOf(targetId) + (position === 'after' ? 1 : 0);
  const unchanged = parentOf(drag) === parentId && childIds(nodes, parentId).indexOf(dragId) === index;
  return unchanged ? null : { nodeId: dragId, parentId, index };
}

/** A fresh node id: the engine wants the caller to name new nodes. */
export function nextNodeId(nodes: readonly TaxonomyNodeView[]): number {
  return nodes.reduce((max, n) => Math.max(max, n.id), 0) + 1;
}

/** Text fields keep their own undo: the tree's shortcut must not steal it. */
export function isTextEntry(tagName: string | undefined, isContentEditable = false): boolean {
  const t = (tagName ?? '').toUpperCase();
  return isContentEditable || t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT';
}

/** A file name for an exported taxonomy: its name, lower-case, dashes for anything odd. */
export function exportFileName(name: string, format: 'outline' | 'headings' | 'json' | 'csv'): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'taxonomy';
  const ext = format === 'json' ? 'json' : format === 'csv' ? 'csv' : 'md';
  return `${base}.${ext}`;
}

export const exportMimeType = (format: 'outline' | 'headings' | 'json' | 'csv'): string =>
  format === 'json' ? 'application/json' : format === 'csv' ? 'text/csv' : 'text/markdown';

/** A short summary line for the editor's header. */
/**
 * The header's count: how much of the whole project the tree covers, and how much no topic holds.
 * Without the project's count (an older engine), the clustered documents stand in for it.
 */
export function coverageText(view: Pick<TaxonomyViewWire, 'coverage' | 'unplacedClusterIds'>): string {
  const { placed, total } = view.coverage;
  const corpus = view.coverage.corpus ?? total;
  const pct = corpus ? Math.round((placed / corpus) * 100) : 0;
  const outside = corpus - total;
  const unplaced = view.unplacedClusterIds.length;
  const n = (x: number) => x.toLocaleString('en-US');
  return `Covers ${n(placed)} of ${n(corpus)} documents (${pct}%)${
    outside > 0 ? `; ${n(outside)} not in any topic` : ''
  }${unplaced ? `; ${unplaced} unplaced cluster${unplaced === 1 ? '' : 's'}` : ''}`;
}

/** The clusters of a node and of everything below it, ascending: the documents it stands for. */
export function subtreeClusterIds(nodes: readonly TaxonomyNodeView[], id: number): number[] {
  const out = new Set<number>();
  for (const n of nodes) if (isWithin(nodes, n.id, id)) for (const c of n.clusterIds) out.add(c);
  return [...out].sort((a, b) => a - b);
}

/** Labels from the top level down to a node, joined for a pick list: "Speech › Recognition". */
export function nodePath(nodes: readonly TaxonomyNodeView[], id: number): string {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const parts: string[] = [];
  for (let cur = byId.get(id); cur; cur = cur.parentId === null ? undefined : byId.get(cur.parentId))
    parts.unshift(cur.label);
  return parts.join(' › ');
}

/**
 * Nodes `sourceId` may merge into: any but itself and its own subtree (the engine refuses a node that
 * contains its target), in display order.
 */
export function mergeTargets(nodes: readonly TaxonomyNodeView[], sourceId: number): TaxonomyNodeView[] {
  return nodes.filter((n) => !isWithin(nodes, n.id, sourceId));
}

/**
 * Nodes that can join `sourceId` in one merge: its siblings, less the chosen target (if any) and any
 * node the target lies within.
 */
export function mergeCompanions(
  nodes: readonly TaxonomyNodeView[],
  sourceId: number,
  targetId: number | '',
): TaxonomyNodeView[] {
  const source = nodes.find((n) => n.id === sourceId);
  if (!source) return [];
  return nodes.filter(
    (n) =>
      n.parentId === source.parentId &&
      n.id !== sourceId &&
      (targetId === '' || !isWithin(nodes, targetId, n.id)),
  );
}

/** The `merge` command folding `sourceIds` into `targetId`, or null when it would be refused. */
export function mergeCommand(
  nodes: readonly TaxonomyNodeView[],
  targetId: number,
  sourceIds: readonly number[],
): { name: 'merge'; args: { targetId: number; sourceIds: number[] } } | null {
  const sources = [...new Set(sourceIds)].filter((s) => s !== targetId);
  if (!nodes.some((n) => n.id === targetId) || sources.length === 0) return null;
  if (sources.some((s) => !nodes.some((n) => n.id === s) || isWithin(nodes, targetId, s))) return null;
  return { name: 'merge', args: { targetId, sourceIds: sources } };
}

/** A split's minimum topic size from the form: empty means the engine's default; else an integer >= 2. */
export function parseMinClusterSize(
  text: string,
): { ok: true; value: number | undefined } | { ok: false; message: string } {
  const t = text.trim();
  if (!t) return { ok: true, value: undefined };
  const n = Number(t);
  if (!Number.isInteger(n) || n < 2)
    return { ok: false, message: 'Minimum topic size must be a whole number of at least 2.' };
  return { ok: true, value: n };
}
