import { useCallback, useEffect, useMemo, useState } from 'react';
import type { DragEvent, KeyboardEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { TaxonomyViewWire } from '../../../shared/contract';
import { inlineEditAction } from '../topics/topic-list';
import type { DropPosition, TaxonomyNodeView } from './tree-model';
import {
  ROOT_ID,
  coverageText,
  dropPositionAt,
  exportFileName,
  exportMimeType,
  historyShortcut,
  isTextEntry,
  moveForDrop,
  nextNodeId,
  visibleRows,
} from './tree-model';
import './taxonomy.css';

type Props = {
  api: TaxonomistApi;
  /** Selecting a node passes its clusters on (the map highlights their documents). */
  onSelectNode?: (node: { id: number; clusterIds: number[] }) => void;
  /** Whether the editor is on screen: only then does Ctrl/Cmd+Z reach it. */
  active?: boolean;
};

type Editing = { nodeId: number; field: 'label' | 'definition'; draft: string };
type Command = { name: string; args: Record<string, unknown> };
type ExportFormat = 'outline' | 'headings' | 'json' | 'csv';

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Saves text as a file through a temporary link (works in the desktop shell and the browser). */
function download(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The taxonomy tree: rename, define, add, delete, drag to reparent or reorder, undo and redo. */
export function TaxonomyEditor({ api, onSelectNode, active = true }: Props) {
  const [view, setView] = useState<TaxonomyViewWire | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [drag, setDrag] = useState<{ id: number; over: number | null; position: DropPosition } | null>(null);
  const [exportFormat, setExportFormat] = useState<ExportFormat>('outline');

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
  }, [api]);

  const taxonomyId = view?.taxonomy.id;

  /** Every change goes through the engine; the tree redraws from the view it returns. */
  const apply = useCallback(async (request: () => Promise<TaxonomyViewWire>, what: string) => {
    setBusy(true);
    try {
      setView(await request());
      setError(null);
    } catch (e) {
      setError(`Could not ${what}: ${messageOf(e)}`);
    } finally {
      setBusy(false);
    }
  }, []);

  const edit = useCallback(
    (command: Command, what: string) => apply(() => api.taxonomyEdit({ taxonomyId, command }), what),
    [api, apply, taxonomyId],
  );
  const undo = useCallback(
    () => apply(() => api.taxonomyUndo({ taxonomyId }), 'undo'),
    [api, apply, taxonomyId],
  );
  const redo = useCallback(
    () => apply(() => api.taxonomyRedo({ taxonomyId }), 'redo'),
    [api, apply, taxonomyId],
  );

  const exportAs = useCallback(
    async (format: ExportFormat) => {
      if (!view) return;
      try {
        const { text } = await api.taxonomyExport({ taxonomyId, format });
        download(text, exportFileName(view.taxonomy.name, format), exportMimeType(format));
      } catch (e) {
        setError(`Could not export: ${messageOf(e)}`);
      }
    },
    [api, taxonomyId, view],
  );

  // Ctrl/Cmd+Z anywhere outside a text field, and the native menu's Undo/Redo/Export.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!active) return;
      const target = e.target as HTMLElement | null;
      if (isTextEntry(target?.tagName, target?.isContentEditable)) return;
      const action = historyShortcut(e);
      if (!action || !view) return;
      e.preventDefault();
      // Not gated on the view's canUndo/canRedo: a key pressed right after another edit would see a
      // stale view and be dropped. The engine answers the unchanged tree when there is nothing to do.
      if (action === 'undo') void undo();
      if (action === 'redo') void redo();
    };
    window.addEventListener('keydown', onKey);
    const off = api.on('menu:command', ({ command }) => {
      if (command === 'undo') void undo();
      if (command === 'redo') void redo();
      if (command === 'export') void exportAs('outline');
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [api, active, view, undo, redo, exportAs]);

  const nodes = useMemo(() => view?.nodes ?? [], [view]);
  const rows = useMemo(() => visibleRows(nodes, collapsed), [nodes, collapsed]);

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

  const select = (node: TaxonomyNodeView) => {
    setSelected(node.id);
    onSelectNode?.({ id: node.id, clusterIds: node.clusterIds });
  };

  const commitEdit = (node: TaxonomyNodeView, field: Editing['field'], draft: string) => {
    setEditing(null);
    const text = draft.trim();
    if (field === 'label') {
      if (text && text !== node.label)
        void edit({ name: 'rename', args: { nodeId: node.id, label: text } }, 'rename');
    } else if (text !== (node.definition ?? '')) {
      void edit(
        { name: 'define', args: { nodeId: node.id, definition: text || null } },
        'edit the definition',
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

  const onTreeKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (editing || isTextEntry((e.target as HTMLElement).tagName)) return;
    const at = rows.findIndex((r) => r.node.id === selected);
    const row = at >= 0 ? rows[at] : undefined;
    const go = (i: number) => {
      const next = rows[Math.max(0, Math.min(rows.length - 1, i))];
      if (next) select(next.node);
    };
    if (e.key === 'ArrowDown') go(at + 1);
    else if (e.key === 'ArrowUp') go(at - 1);
    else if (e.key === 'ArrowLeft' && row?.hasChildren) setCollapsed((c) => new Set(c).add(row.node.id));
    else if (e.key === 'ArrowRight' && row)
      setCollapsed((c) => new Set([...c].filter((x) => x !== row.node.id)));
    else if (e.key === 'F2' && row)
      setEditing({ nodeId: row.node.id, field: 'label', draft: row.node.label });
    else if (e.key === 'Delete' && row) remove(row.node);
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
    if (args) void edit({ name: 'move', args }, 'move the node');
  };

  const selectedNode = nodes.find((n) => n.id === selected);

  return (
    <div className="taxonomy-editor">
      <div className="panel-toolbar">
        <div className="button-group" role="group" aria-label="History">
          <button
            type="button"
            onClick={() => void undo()}
            disabled={!view.canUndo || busy}
            title="Undo (Ctrl/Cmd+Z)"
          >
            ↶ Undo
          </button>
          <button
            type="button"
            onClick={() => void redo()}
            disabled={!view.canRedo || busy}
            title="Redo (Shift+Ctrl/Cmd+Z)"
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
        <div className="button-group" role="group" aria-label="Export">
          <select
            aria-label="Export format"
            value={exportFormat}
            onChange={(e) => setExportFormat(e.target.value as ExportFormat)}
          >
            <option value="outline">Markdown outline</option>
            <option value="headings">Markdown headings</option>
            <option value="json">JSON</option>
            <option value="csv">CSV</option>
          </select>
          <button type="button" onClick={() => void exportAs(exportFormat)}>
            Export…
          </button>
        </div>
        <span className="panel-note taxonomy-coverage">
          {view.taxonomy.name} · {coverageText(view)}
        </span>
      </div>
      {error && (
        <p role="alert" className="panel-error">
          {error}
        </p>
      )}
      <div
        className="taxonomy-tree"
        role="tree"
        aria-label="Taxonomy"
        aria-busy={busy}
        tabIndex={0}
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
        Drag a node onto another to nest it, or onto its top or bottom edge to reorder. Double-click or F2
        renames; Enter saves, Escape cancels (Shift+Enter: new line in a definition). Ctrl/Cmd+Z undoes,
        Shift+Ctrl/Cmd+Z redoes.
      </p>
    </div>
  );
}
