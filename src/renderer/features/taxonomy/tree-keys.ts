import type { TaxonomyNodeView } from './tree-model';

type Row = { node: TaxonomyNodeView; hasChildren: boolean };

/** What a key does in the taxonomy tree (WAI-ARIA tree view pattern), or null when it does nothing. */
export type TreeKeyAction =
  | { kind: 'focus'; id: number }
  | { kind: 'expand'; id: number }
  | { kind: 'collapse'; id: number }
  | { kind: 'activate'; id: number }
  | { kind: 'rename'; id: number }
  | { kind: 'delete'; id: number };

/**
 * The action for `key` with `currentId` focused among the visible `rows`: Up/Down/Home/End move;
 * Right expands a closed node, else steps to its first child; Left collapses an open node, else steps
 * to its parent; Enter selects; F2 renames; Delete deletes. With nothing focused, a move starts at
 * the first (End: the last) row.
 */
export function treeKeyAction(
  rows: readonly Row[],
  currentId: number | null,
  collapsed: ReadonlySet<number>,
  key: string,
): TreeKeyAction | null {
  if (rows.length === 0) return null;
  const at = rows.findIndex((r) => r.node.id === currentId);
  const focus = (i: number): TreeKeyAction => ({
    kind: 'focus',
    id: rows[Math.max(0, Math.min(rows.length - 1, i))]!.node.id,
  });
  if (at < 0) {
    if (key === 'End') return focus(rows.length - 1);
    return ['ArrowDown', 'ArrowUp', 'Home', 'ArrowRight', 'ArrowLeft'].includes(key) ? focus(0) : null;
  }
  const row = rows[at]!;
  const id = row.node.id;
  const open = row.hasChildren && !collapsed.has(id);
  switch (key) {
    case 'ArrowDown':
      return at + 1 < rows.length ? focus(at + 1) : null;
    case 'ArrowUp':
      return at > 0 ? focus(at - 1) : null;
    case 'Home':
      return focus(0);
    case 'End':
      return focus(rows.length - 1);
    case 'ArrowRight':
      if (!row.hasChildren) return null;
      // Open: the first child is the next row (rows are depth-first).
      return open ? focus(at + 1) : { kind: 'expand', id };
    case 'ArrowLeft': {
      if (open) return { kind: 'collapse', id };
      const parent = rows.findIndex((r) => r.node.id === row.node.parentId);
      return parent >= 0 ? focus(parent) : null;
    }
    case 'Enter':
      return { kind: 'activate', id };
    case 'F2':
      return { kind: 'rename', id };
    case 'Delete':
      return { kind: 'delete', id };
    default:
      return null;
  }
}

/** The row to select after `id` is deleted: the next visible one outside it, else the previous. */
export function neighbourAfterDelete(rows: readonly Row[], id: number): number | null {
  const at = rows.findIndex((r) => r.node.id === id);
  if (at < 0) return null;
  // Its children move up in its place, so the next row (its first child, if any) stays.
  return rows[at + 1]?.node.id ?? rows[at - 1]?.node.id ?? null;
}
