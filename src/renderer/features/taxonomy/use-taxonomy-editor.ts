import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { TaxonomyEdit } from '../../../shared/commands';
import type { TaxonomyViewWire } from '../../../shared/contract';
import type { DropPosition, TaxonomyNodeView } from './tree-model';
import {
  ROOT_ID,
  mergeCommand,
  nextNodeId,
  parseMinClusterSize,
  subtreeClusterIds,
  visibleRows,
} from './tree-model';
import { quoted } from '../../state/edit-history';
import { useEditHistory } from '../../state/EditHistoryProvider';
import { useQuery } from '../../state/use-query';

export type SelectedNode = { id: number; label: string; clusterIds: number[] };
export type Editing = { nodeId: number; field: 'label' | 'definition'; draft: string };
/** The open merge or split form, for one node. */
export type Structure =
  | { kind: 'merge'; nodeId: number; targetId: number | ''; also: number[] }
  | { kind: 'split'; nodeId: number; minSize: string; problem: string | null };
export type Drag = { id: number; over: number | null; position: DropPosition };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The taxonomy editor's state and edits: the tree as the engine last answered it, the selection,
 * the inline edit, the collapsed nodes, a drag, the open merge or split form, and the edits, each
 * sent to the engine and recorded in the edit history.
 */
export function useTaxonomyEditor(api: TaxonomistApi, onSelectNode?: (node: SelectedNode) => void) {
  const history = useEditHistory();
  // A finished job, a move (document counts) or a topic rename (it renames the leaves that show the
  // topic in the engine) changes the tree: it reloads.
  const loaded = useQuery(
    api,
    'taxonomy:get',
    {},
    { invalidateOn: ['job:finished', 'documents:moved', 'labels:changed'] },
  );
  const view = loaded.status === 'ready' ? loaded.data : null;
  const loadError = loaded.status === 'failed' ? loaded.error : null;
  const { setData } = loaded;
  const setView = useCallback((next: TaxonomyViewWire) => setData(() => next), [setData]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [drag, setDrag] = useState<Drag | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [structure, setStructure] = useState<Structure | null>(null);

  const taxonomyId = view?.taxonomy.id;

  /** Every change goes through the engine; the tree redraws from the view it returns. */
  // The map's highlight follows the selected node when an edit (a merge, its undo) changes its clusters.
  const highlightRef = useRef({ selected, onSelectNode, nodes: view?.nodes ?? [] });
  useLayoutEffect(() => {
    highlightRef.current = { selected, onSelectNode, nodes: view?.nodes ?? [] };
  });
  const showView = useCallback(
    (next: TaxonomyViewWire) => {
      const h = highlightRef.current;
      const node = next.nodes.find((n) => n.id === h.selected);
      if (node && h.onSelectNode) {
        const clusterIds = subtreeClusterIds(next.nodes, node.id);
        if (clusterIds.join() !== subtreeClusterIds(h.nodes, node.id).join())
          h.onSelectNode({ id: node.id, label: node.label, clusterIds });
      }
      setView(next);
      setError(null);
    },
    [setView],
  );

  // An undo or redo (of any panel's edit) may have changed the tree: it redraws from the engine's view.
  const stepped = history.version;
  useEffect(() => {
    if (stepped === 0) return;
    let current = true;
    api.taxonomyGet({}).then(
      (v) => current && showView(v),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [api, stepped, showView]);

  /** Runs an edit; the engine records it in the project's history, whose undo and redo revert and replay it. */
  const apply = useCallback(
    async (request: () => Promise<TaxonomyViewWire>, what: string): Promise<TaxonomyViewWire | null> => {
      setBusy(true);
      try {
        const next = await request();
        showView(next);
        void history.recorded().catch(() => {});
        return next;
      } catch (e) {
        setError(`Could not ${what}: ${messageOf(e)}`);
        return null;
      } finally {
        setBusy(false);
      }
    },
    [history, showView],
  );

  const edit = useCallback(
    (command: TaxonomyEdit, what: string) => apply(() => api.taxonomyEdit({ taxonomyId, command }), what),
    [api, apply, taxonomyId],
  );

  // The native menu's Export opens the dialog; its Undo and Redo go to the edit history.
  useEffect(
    () =>
      api.on('menu:command', ({ command }) => {
        if (command === 'export') setExportOpen(true);
      }),
    [api],
  );

  const nodes = useMemo(() => view?.nodes ?? [], [view]);
  const rows = useMemo(() => visibleRows(nodes, collapsed), [nodes, collapsed]);

  // Once an undo has happened, the note about undoing the delete has served (noticed while rendering).
  const [seenView, setSeenView] = useState(view);
  if (view !== seenView) {
    setSeenView(view);
    if (view?.canRedo) setNotice(null);
  }

  const selectIn = (all: readonly TaxonomyNodeView[], node: TaxonomyNodeView) => {
    setSelected(node.id);
    onSelectNode?.({ id: node.id, label: node.label, clusterIds: subtreeClusterIds(all, node.id) });
  };
  const select = (node: TaxonomyNodeView) => selectIn(nodes, node);

  const openMerge = (node: TaxonomyNodeView) => {
    select(node);
    setStructure({ kind: 'merge', nodeId: node.id, targetId: '', also: [] });
  };
  const openSplit = (node: TaxonomyNodeView) => {
    select(node);
    setStructure({ kind: 'split', nodeId: node.id, minSize: '', problem: null });
  };

  const submitMerge = async (sourceId: number, targetId: number, also: readonly number[]) => {
    const command = mergeCommand(nodes, targetId, [sourceId, ...also]);
    if (!command) return;
    const source = nodes.find((n) => n.id === sourceId);
    const what = `“${source?.label ?? sourceId}”${also.length ? ` and ${also.length} more` : ''}`;
    const next = await edit(command, `merge ${what}`);
    if (!next) return;
    setStructure(null);
    // The merged node is gone: select what it joined, so the map shows the combined documents.
    const target = next.nodes.find((n) => n.id === targetId);
    if (target) selectIn(next.nodes, target);
  };

  const submitSplit = async (nodeId: number, minSize: string) => {
    const parsed = parseMinClusterSize(minSize);
    if (!parsed.ok) {
      setStructure({ kind: 'split', nodeId, minSize, problem: parsed.message });
      return;
    }
    const node = nodes.find((n) => n.id === nodeId);
    const next = await apply(
      () =>
        api.taxonomySplit({
          taxonomyId,
          nodeId,
          ...(parsed.value !== undefined ? { minClusterSize: parsed.value } : {}),
        }),
      `split “${node?.label ?? nodeId}”`,
    );
    if (!next) return;
    setStructure(null);
    setCollapsed((c) => new Set([...c].filter((x) => x !== nodeId)));
  };

  const commitEdit = (node: TaxonomyNodeView, field: Editing['field'], draft: string) => {
    setEditing(null);
    const text = draft.trim();
    if (field === 'label') {
      if (text && text !== node.label)
        void edit(
          { name: 'rename', args: { nodeId: node.id, label: text } },
          `rename ${quoted(node.label)} to ${quoted(text)}`,
        );
    } else if (text !== (node.definition ?? '')) {
      void edit(
        { name: 'define', args: { nodeId: node.id, definition: text || null } },
        `edit the definition of ${quoted(node.label)}`,
      );
    }
  };

  const addChild = (parentId: number) => {
    const id = nextNodeId(nodes);
    void edit(
      { name: 'add', args: { id, parentId, label: 'New topic', flags: { new: true } } },
      'add a node',
    ).then(() => {
      setSelected(id);
      setEditing({ nodeId: id, field: 'label', draft: 'New topic' });
      if (parentId !== ROOT_ID) setCollapsed((c) => new Set([...c].filter((x) => x !== parentId)));
    });
  };

  const remove = (node: TaxonomyNodeView) => {
    void edit({ name: 'delete', args: { nodeId: node.id } }, `delete “${node.label}”`);
    if (selected === node.id) setSelected(null);
  };

  const expand = (id: number) => setCollapsed((c) => new Set([...c].filter((x) => x !== id)));
  const collapse = (id: number) => setCollapsed((c) => new Set(c).add(id));
  const toggle = (id: number) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return {
    history,
    view,
    loadError,
    error,
    busy,
    nodes,
    rows,
    taxonomyId,
    selected,
    setSelected,
    editing,
    setEditing,
    collapsed,
    expand,
    collapse,
    toggle,
    drag,
    setDrag,
    structure,
    setStructure,
    exportOpen,
    setExportOpen,
    notice,
    setNotice,
    edit,
    select,
    selectIn,
    openMerge,
    openSplit,
    submitMerge,
    submitSplit,
    commitEdit,
    addChild,
    remove,
  };
}

export type TaxonomyEditorState = ReturnType<typeof useTaxonomyEditor>;
