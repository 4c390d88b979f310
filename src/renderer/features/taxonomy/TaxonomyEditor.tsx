import { useEffect, useRef } from 'react';
import type { DragEvent, KeyboardEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import { ExportDialog } from '../export/ExportDialog';
import { inlineEditAction } from '../topics/topic-list';
import type { TreeKeyAction } from './tree-keys';
import { neighbourAfterDelete, treeKeyAction } from './tree-keys';
import type { TaxonomyNodeView } from './tree-model';
import { dropPositionAt, isTextEntry, moveForDrop } from './tree-model';
import { quoted } from '../../state/edit-history';
import { MergeForm, SplitForm } from './StructureForms';
import { TaxonomyRow } from './TaxonomyRow';
import { TaxonomyToolbar } from './TaxonomyToolbar';
import type { SelectedNode } from './use-taxonomy-editor';
import { useTaxonomyEditor } from './use-taxonomy-editor';
import './taxonomy.css';

type Props = {
  api: TaxonomistApi;
  /** Selecting a node passes its subtree's clusters on (the map highlights their documents). */
  onSelectNode?: (node: SelectedNode) => void;
  /** Whether the editor is on screen. */
  active?: boolean;
};

/** The taxonomy tree: rename, define, add, delete, drag to reparent or reorder, undo and redo. */
export function TaxonomyEditor({ api, onSelectNode }: Props) {
  const state = useTaxonomyEditor(api, onSelectNode);
  const {
    history,
    view,
    loadError,
    error,
    busy,
    nodes,
    rows,
    taxonomyId,
    selected,
    editing,
    setEditing,
    collapsed,
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
    openMerge,
    openSplit,
    commitEdit,
    addChild,
    remove,
  } = state;
  // A row that keyboard navigation moved to: focused once it has rendered (roving tabindex).
  const focusNext = useRef<number | null>(null);
  const treeRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const id = focusNext.current;
    if (id === null) return;
    focusNext.current = null;
    treeRef.current?.querySelector<HTMLElement>(`[data-node-id="${id}"]`)?.focus();
  });

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

  const runTreeKey = (action: TreeKeyAction) => {
    const node = nodes.find((n) => n.id === action.id);
    if (!node) return;
    setNotice(null);
    if (action.kind === 'focus' || action.kind === 'activate') {
      select(node);
      focusNext.current = node.id;
    } else if (action.kind === 'expand') state.expand(node.id);
    else if (action.kind === 'collapse') state.collapse(node.id);
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
  const closeStructure = () => setStructure(null);

  return (
    <div className="taxonomy-editor">
      <TaxonomyToolbar
        view={view}
        history={history}
        busy={busy}
        selectedNode={selectedNode}
        nodeCount={nodes.length}
        onAddChild={addChild}
        onMerge={openMerge}
        onSplit={openSplit}
        onExport={() => setExportOpen(true)}
      />
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
        <MergeForm
          structure={structure}
          node={structureNode}
          nodes={nodes}
          busy={busy}
          onChange={setStructure}
          onSubmit={(sourceId, targetId, also) => void state.submitMerge(sourceId, targetId, also)}
          onCancel={closeStructure}
        />
      )}
      {structure?.kind === 'split' && structureNode && (
        <SplitForm
          structure={structure}
          node={structureNode}
          busy={busy}
          onChange={setStructure}
          onSubmit={(nodeId, minSize) => void state.submitSplit(nodeId, minSize)}
          onCancel={closeStructure}
        />
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
        {rows.map(({ node, hasChildren }) => (
          <TaxonomyRow
            key={node.id}
            node={node}
            hasChildren={hasChildren}
            isOpen={!collapsed.has(node.id)}
            isSelected={selected === node.id}
            isTabStop={node.id === tabStop}
            editing={editing?.nodeId === node.id ? editing : null}
            drag={drag}
            onSelect={() => select(node)}
            onToggle={() => state.toggle(node.id)}
            onEdit={setEditing}
            onEditKey={(e) => onEditKey(e, node)}
            onAddChild={() => addChild(node.id)}
            onMerge={() => openMerge(node)}
            onSplit={() => openSplit(node)}
            onDelete={() => remove(node)}
            onDragStart={() => setDrag({ id: node.id, over: null, position: 'inside' })}
            onDragEnd={() => setDrag(null)}
            onDragOver={(e) => onDragOver(e, node)}
            onDrop={(e) => onDrop(e, node)}
          />
        ))}
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
