import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DragEvent, KeyboardEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { TaxonomyViewWire } from '../../../shared/contract';
import { ExportDialog } from '../export/ExportDialog';
import { inlineEditAction } from '../topics/topic-list';
import type { TreeKeyAction } from './tree-keys';
import { neighbourAfterDelete, treeKeyAction } from './tree-keys';
import type { DropPosition, TaxonomyNodeView } from './tree-model';
import {
  ROOT_ID,
  coverageText,
  dropPositionAt,
  isTextEntry,
  isWithin,
  mergeCommand,
  mergeCompanions,
  mergeTargets,
  moveForDrop,
  nextNodeId,
  nodePath,
  parseMinClusterSize,
  subtreeClusterIds,
  visibleRows,
} from './tree-model';
import type { TaxonomyEdit } from '../../../shared/commands';
import { quoted } from '../../state/edit-history';
import { useEditHistory } from '../../state/EditHistoryProvider';
import { useTopicLabels } from '../../state/TopicLabelsProvider';
import './taxonomy.css';

type Props = {
  api: TaxonomistApi;
  /** Selecting a node passes its subtree's clusters on (the map highlights their documents). */
  onSelectNode?: (node: { id: number; label: string; clusterIds: number[] }) => void;
  /** Changes when documents moved between topics: document counts reload. */
  dataVersion?: number;
  /** Whether the editor is on screen. */
  active?: boolean;
};

type Editing = { nodeId: number; field: 'label' | 'definition'; draft: string };
/** The open merge or split form, for one node. */
type Structure =
  | { kind: 'merge'; nodeId: number; targetId: number | ''; also: number[] }
  | { kind: 'split'; nodeId: number; minSize: string; problem: string | null };

/** Two branches joining (merge) or parting (split), drawn inline: symbol fonts vary between machines. */
function BranchIcon({ kind }: { kind: 'merge' | 'split' }) {
  const d = kind === 'merge' ? 'M2 2 L7 7 L12 2 M7 7 V13' : 'M7 1 V7 L2 12 M7 7 L12 12';
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      <path
        d={d}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The taxonomy tree: rename, define, add, delete, drag to reparent or reorder, undo and redo. */
export function TaxonomyEditor({ api, onSelectNode, dataVersion = 0 }: Props) {
  const history = useEditHistory();
  // A topic rename renames the leaves that show the topic in the engine: the tree reloads with it.
  const labelsVersion = useTopicLabels(api).version;
  const [view, setView] = useState<TaxonomyViewWire | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [drag, setDrag] = useState<{ id: number; over: number | null; position: DropPosition } | null>(null);
  const [exportOpen, setExportOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // A row that keyboard navigation moved to: focused once it has rendered (roving tabindex).
  const focusNext = useRef<number | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);
  const [structure, setStructure] = useState<Structure | null>(null);

  useEffect(() => {
    let current = true;
    const load = () =>
      api.taxonomyGet({}).then(
        (v) => {
          if (!current) return;
          setView(v);
          setLoadError(null);
        },
        (e: unknown) => current && setLoadError(messageOf(e)),
      );
    void load();
    const off = api.on('job:finished', () => void load());
    return () => {
      current = false;
      off();
    };
  }, [api, dataVersion, labelsVersion]);

  const taxonomyId = view?.taxonomy.id;

  /** Every change goes through the engine; the tree redraws from the view it returns. */
  // The map's highlight follows the selected node when an edit (a merge, its undo) changes its clusters.
  const highlightRef = useRef({ selected, onSelectNode, nodes: view?.nodes ?? [] });
  highlightRef.current = { selected, onSelectNode, nodes: view?.nodes ?? [] };
  const showView = useCallback((next: TaxonomyViewWire) => {
    const h = highlightRef.current;
    const node = next.nodes.find((n) => n.id === h.selected);
    if (node && h.onSelectNode) {
      const clusterIds = subtreeClusterIds(next.nodes, node.id);
      if (clusterIds.join() !== subtreeClusterIds(h.nodes, node.id).join())
        h.onSelectNode({ id: node.id, label: node.label, clusterIds });
    }
    setView(next);
    setError(null);
  }, []);

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

  useEffect(() => {
    const id = focusNext.current;
    if (id === null) return;
    focusNext.current = null;
    treeRef.current?.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.focus();
  });
  // Once an undo has happened, the note about undoing the delete has served.
  useEffect(() => {
    if (view?.canRedo) setNotice(null);
  }, [view]);

  if (loadError)
    return (
      <p role="alert" className="panel-error">
        No taxonomy to edit: {loadError}. Run the pipeline to build one.
      </p>
    );
  if (!view)
    return (
      <p role="status" className="panel-note">
        Loading the taxonomy…
      </p>
    );

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

  const onEditKey = (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>, node: TaxonomyNodeView) => {
    if (!editing) return;
    // A definition is prose: Shift+Enter keeps a newline in it.
    if (e.key === 'Enter' && e.shiftKey && editing.field === 'definition') return;
    const action = inlineEditAction(e.key);
    if (action === 'save') {
      e.preventDefault();
      commitEdit(node, editing.field, e.currentTarget.value);
    } else if (action === 'cancel') {
      e.preventDefault();
      setEditing(null);
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

  const runTreeKey = (action: TreeKeyAction) => {
    const node = nodes.find((n) => n.id === action.id);
    if (!node) return;
    setNotice(null);
    if (action.kind === 'focus' || action.kind === 'activate') {
      select(node);
      focusNext.current = node.id;
    } else if (action.kind === 'expand') setCollapsed((c) => new Set([...c].filter((x) => x !== node.id)));
    else if (action.kind === 'collapse') setCollapsed((c) => new Set(c).add(node.id));
    else if (action.kind === 'rename') setEditing({ nodeId: node.id, field: 'label', draft: node.label });
    else {
      const neighbour = nodes.find((n) => n.id === neighbourAfterDelete(rows, node.id));
      remove(node);
      if (neighbour) {
        select(neighbour);
        focusNext.current = neighbour.id;
      }
      setNotice(`Deleted “${node.label}”: Undo (Ctrl/Cmd+Z) brings it back.`);
    }
  };

  const onTreeKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    if (editing || isTextEntry(target.tagName)) return;
    // Enter and Space on a row's own buttons press them.
    if (target.tagName === 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) return;
    const at = rows.findIndex((r) => r.node.id === selected);
    const row = at >= 0 ? rows[at] : undefined;
    const action = e.altKey || e.ctrlKey || e.metaKey ? null : treeKeyAction(rows, tabStop, collapsed, e.key);
    if (action) runTreeKey(action);
    else if (e.key === 'm' && !e.ctrlKey && !e.metaKey && row) openMerge(row.node);
    else if (e.key === 's' && !e.ctrlKey && !e.metaKey && row) openSplit(row.node);
    else return;
    e.preventDefault();
  };

  const onDragOver = (e: DragEvent<HTMLElement>, target: TaxonomyNodeView) => {
    if (!drag) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const position = dropPositionAt(e.clientY - rect.top, rect.height);
    if (!moveForDrop(nodes, drag.id, target.id, position)) {
      if (drag.over !== null) setDrag({ ...drag, over: null });
      return;
    }
    e.preventDefault();
    e.dataTransfer.dropEffect = 'move';
    if (drag.over !== target.id || drag.position !== position)
      setDrag({ ...drag, over: target.id, position });
  };

  const onDrop = (e: DragEvent<HTMLElement>, target: TaxonomyNodeView) => {
    e.preventDefault();
    if (!drag) return;
    const args = moveForDrop(nodes, drag.id, target.id, drag.position);
    setDrag(null);
    const moved = nodes.find((n) => n.id === drag.id);
    if (args) void edit({ name: 'move', args }, `move ${quoted(moved?.label ?? String(drag.id))}`);
  };

  const selectedNode = nodes.find((n) => n.id === selected);
  // The one row Tab reaches: the selected one, else the first.
  const tabStop = rows.some((r) => r.node.id === selected) ? selected : (rows[0]?.node.id ?? null);
  const structureNode = structure ? nodes.find((n) => n.id === structure.nodeId) : undefined;
  const companions =
    structure?.kind === 'merge' ? mergeCompanions(nodes, structure.nodeId, structure.targetId) : [];
  const cancelOnEscape = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setStructure(null);
    }
  };

  return (
    <div className="taxonomy-editor">
      <div className="panel-toolbar">
        <div className="button-group" role="group" aria-label="History">
          <button
            type="button"
            onClick={() => void history.undo()}
            disabled={!history.canUndo || history.busy}
            title={`${history.undoLabel ?? 'Undo'} (Ctrl/Cmd+Z)`}
          >
            ↶ Undo
          </button>
          <button
            type="button"
            onClick={() => void history.redo()}
            disabled={!history.canRedo || history.busy}
            title={`${history.redoLabel ?? 'Redo'} (Shift+Ctrl/Cmd+Z)`}
          >
            ↷ Redo
          </button>
        </div>
        <div className="button-group" role="group" aria-label="Edit">
          <button type="button" onClick={() => addChild(ROOT_ID)} disabled={busy}>
            + Top-level node
          </button>
          <button
            type="button"
            onClick={() => selectedNode && addChild(selectedNode.id)}
            disabled={busy || !selectedNode}
          >
            + Child
          </button>
        </div>
        <div className="button-group" role="group" aria-label="Structure">
          <button
            type="button"
            onClick={() => selectedNode && openMerge(selectedNode)}
            disabled={busy || !selectedNode || nodes.length < 2}
            title="Merge the selected node into another (M)"
          >
            Merge into…
          </button>
          <button
            type="button"
            onClick={() => selectedNode && openSplit(selectedNode)}
            disabled={busy || !selectedNode}
            title="Split the selected node by re-clustering its documents (S)"
          >
            Split…
          </button>
        </div>
        <div className="button-group" role="group" aria-label="Export">
          <button type="button" aria-haspopup="dialog" onClick={() => setExportOpen(true)}>
            Export…
          </button>
        </div>
        <span className="panel-note taxonomy-coverage">
          {view.taxonomy.name} · {coverageText(view)}
        </span>
      </div>
      {view.fallback && (
        <p role="note" className="taxonomy-fallback">
          The model could not organise the topics ({view.fallback}); this is the offline tree.
        </p>
      )}
      {error && (
        <p role="alert" className="panel-error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="panel-note">
          {notice}
        </p>
      )}
      {exportOpen && (
        <ExportDialog
          api={api}
          taxonomyId={taxonomyId}
          taxonomyName={view.taxonomy.name}
          onClose={() => setExportOpen(false)}
        />
      )}
      {structure?.kind === 'merge' && structureNode && (
        <form
          className="structure-form callout"
          aria-label={`Merge ${structureNode.label}`}
          onKeyDown={cancelOnEscape}
          onSubmit={(e) => {
            e.preventDefault();
            if (structure.targetId !== '')
              void submitMerge(structure.nodeId, structure.targetId, structure.also);
          }}
        >
          <label>
            Merge “{structureNode.label}” ({structureNode.documents.toLocaleString('en-US')} documents) into{' '}
            <select
              aria-label="Merge target"
              autoFocus
              value={structure.targetId}
              onChange={(e) =>
                setStructure({ ...structure, targetId: e.target.value === '' ? '' : Number(e.target.value) })
              }
            >
              <option value="">Choose a node…</option>
              {mergeTargets(nodes, structure.nodeId)
                .filter((n) => !structure.also.some((a) => isWithin(nodes, n.id, a)))
                .map((n) => (
                  <option key={n.id} value={n.id}>
                    {nodePath(nodes, n.id)}
                  </option>
                ))}
            </select>
          </label>
          {companions.length > 0 && (
            <fieldset className="merge-also">
              <legend>Also merge</legend>
              {companions.map((n) => (
                <label key={n.id}>
                  <input
                    type="checkbox"
                    checked={structure.also.includes(n.id)}
                    onChange={(e) =>
                      setStructure({
                        ...structure,
                        also: e.target.checked
                          ? [...structure.also, n.id]
                          : structure.also.filter((a) => a !== n.id),
                      })
                    }
                  />
                  {n.label} ({n.documents.toLocaleString('en-US')})
                </label>
              ))}
            </fieldset>
          )}
          <button
            type="submit"
            disabled={
              busy ||
              structure.targetId === '' ||
              !mergeCommand(nodes, structure.targetId, [structure.nodeId, ...structure.also])
            }
          >
            {structure.also.length ? `Merge ${structure.also.length + 1} nodes` : 'Merge'}
          </button>
          <button type="button" onClick={() => setStructure(null)}>
            Cancel
          </button>
          <span className="panel-note">
            Its clusters, documents and children join the target; undo restores it.
          </span>
        </form>
      )}
      {structure?.kind === 'split' && structureNode && (
        <form
          className="structure-form callout"
          aria-label={`Split ${structureNode.label}`}
          onKeyDown={cancelOnEscape}
          onSubmit={(e) => {
            e.preventDefault();
            void submitSplit(structure.nodeId, structure.minSize);
          }}
        >
          <label>
            Split “{structureNode.label}” ({structureNode.documents.toLocaleString('en-US')} documents) into
            child topics of at least{' '}
            <input
              type="number"
              min={2}
              step={1}
              aria-label="Minimum topic size"
              placeholder="auto"
              autoFocus
              value={structure.minSize}
              onChange={(e) => setStructure({ ...structure, minSize: e.target.value, problem: null })}
            />{' '}
            documents
          </label>
          <button type="submit" disabled={busy}>
            {busy ? 'Splitting…' : 'Split'}
          </button>
          <button type="button" onClick={() => setStructure(null)}>
            Cancel
          </button>
          {structure.problem && (
            <span role="alert" className="panel-error">
              {structure.problem}
            </span>
          )}
          <span className="panel-note">
            Re-clusters its documents with HDBSCAN; undo removes the new topics.
          </span>
        </form>
      )}
      <div
        className="taxonomy-tree"
        role="tree"
        aria-label="Taxonomy"
        aria-busy={busy}
        ref={treeRef}
        onKeyDown={onTreeKey}
      >
        {rows.length === 0 && <p className="panel-note">The taxonomy is empty: add a top-level node.</p>}
        {rows.map(({ node, hasChildren }) => {
          const isOpen = !collapsed.has(node.id);
          const editingThis = editing?.nodeId === node.id ? editing : null;
          const dropClass = drag?.over === node.id ? ` drop-${drag.position}` : '';
          return (
            <div
              key={node.id}
              role="treeitem"
              aria-level={node.depth + 1}
              aria-expanded={hasChildren ? isOpen : undefined}
              aria-selected={selected === node.id}
              tabIndex={node.id === tabStop ? 0 : -1}
              data-node-id={node.id}
              data-testid={`taxonomy-node-${node.id}`}
              className={`tree-row${selected === node.id ? ' is-selected' : ''}${drag?.id === node.id ? ' is-dragging' : ''}${dropClass}`}
              style={{ paddingLeft: `${0.5 + node.depth * 1.25}rem` }}
              draggable={!editingThis}
              onDragStart={(e) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', String(node.id));
                setDrag({ id: node.id, over: null, position: 'inside' });
              }}
              onDragEnd={() => setDrag(null)}
              onDragOver={(e) => onDragOver(e, node)}
              onDrop={(e) => onDrop(e, node)}
              onClick={() => select(node)}
            >
              <button
                type="button"
                className="disclosure"
                aria-label={isOpen ? 'Collapse' : 'Expand'}
                tabIndex={-1}
                style={{ visibility: hasChildren ? 'visible' : 'hidden' }}
                onClick={(e) => {
                  e.stopPropagation();
                  setCollapsed((c) => {
                    const next = new Set(c);
                    if (isOpen) next.add(node.id);
                    else next.delete(node.id);
                    return next;
                  });
                }}
              >
                {isOpen ? '▾' : '▸'}
              </button>
              <div className="tree-main">
                <div className="tree-line">
                  {editingThis?.field === 'label' ? (
                    <input
                      className="inline-edit"
                      aria-label={`New label for ${node.label}`}
                      autoFocus
                      value={editingThis.draft}
                      onClick={(e) => e.stopPropagation()}
                      onChange={(e) => setEditing({ ...editingThis, draft: e.target.value })}
                      onKeyDown={(e) => onEditKey(e, node)}
                      onBlur={() => setEditing(null)}
                    />
                  ) : (
                    <span
                      className="tree-label"
                      onDoubleClick={() => setEditing({ nodeId: node.id, field: 'label', draft: node.label })}
                    >
                      {node.label}
                    </span>
                  )}
                  <span className="tree-count" title="documents">
                    {node.documents.toLocaleString('en-US')}
                  </span>
                  {node.flags.new && <span className="badge badge-new">new</span>}
                  {node.issues.map((issue, i) => (
                    <span key={i} className={`issue issue-${issue.kind}`} title={issue.message}>
                      ⚠ {issue.kind.replace(/-/g, ' ')}
                    </span>
                  ))}
                  <span className="tree-actions">
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Rename ${node.label}`}
                      title="Rename (F2)"
                      onClick={(e) => {
                        e.stopPropagation();
                        setEditing({ nodeId: node.id, field: 'label', draft: node.label });
                      }}
                    >
                      ✎
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Edit the definition of ${node.label}`}
                      title="Edit definition"
                      onClick={(e) => {
                        e.stopPropagation();
                        setEditing({ nodeId: node.id, field: 'definition', draft: node.definition ?? '' });
                      }}
                    >
                      ¶
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Add a child to ${node.label}`}
                      title="Add child"
                      onClick={(e) => {
                        e.stopPropagation();
                        addChild(node.id);
                      }}
                    >
                      +
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Merge ${node.label} into another node`}
                      title="Merge into… (M)"
                      onClick={(e) => {
                        e.stopPropagation();
                        openMerge(node);
                      }}
                    >
                      <BranchIcon kind="merge" />
                    </button>
                    <button
                      type="button"
                      className="icon-button"
                      aria-label={`Split ${node.label}`}
                      title="Split by re-clustering (S)"
                      onClick={(e) => {
                        e.stopPropagation();
                        openSplit(node);
                      }}
                    >
                      <BranchIcon kind="split" />
                    </button>
                    <button
                      type="button"
                      className="icon-button danger"
                      aria-label={`Delete ${node.label}`}
                      title="Delete (children move up)"
                      onClick={(e) => {
                        e.stopPropagation();
                        remove(node);
                      }}
                    >
                      ×
                    </button>
                  </span>
                </div>
                {editingThis?.field === 'definition' ? (
                  <textarea
                    className="inline-edit definition-edit"
                    aria-label={`Definition of ${node.label}`}
                    autoFocus
                    rows={2}
                    value={editingThis.draft}
                    onClick={(e) => e.stopPropagation()}
                    onChange={(e) => setEditing({ ...editingThis, draft: e.target.value })}
                    onKeyDown={(e) => onEditKey(e, node)}
                    onBlur={() => setEditing(null)}
                  />
                ) : (
                  node.definition && <p className="tree-definition">{node.definition}</p>
                )}
              </div>
            </div>
          );
        })}
      </div>
      <p className="panel-note panel-hint">
        Arrow keys move through the tree (Left and Right close and open a node), Enter selects, Delete
        deletes. Drag a node onto another to nest it, or onto its top or bottom edge to reorder. Double-click
        or F2 renames; Enter saves, Escape cancels (Shift+Enter: new line in a definition). M merges the
        selected node into another, S splits it. Ctrl/Cmd+Z undoes, Shift+Ctrl/Cmd+Z redoes.
      </p>
    </div>
  );
}
