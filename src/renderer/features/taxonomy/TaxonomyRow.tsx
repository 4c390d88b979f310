import type { DragEvent, KeyboardEvent, ReactNode } from 'react';
import type { TaxonomyNodeView } from './tree-model';
import type { Drag, Editing } from './use-taxonomy-editor';

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

type Props = {
  node: TaxonomyNodeView;
  hasChildren: boolean;
  isOpen: boolean;
  isSelected: boolean;
  /** The one row Tab reaches. */
  isTabStop: boolean;
  /** The inline edit of this row, if one is open. */
  editing: Editing | null;
  drag: Drag | null;
  onSelect: () => void;
  onToggle: () => void;
  onEdit: (editing: Editing | null) => void;
  onEditKey: (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  onAddChild: () => void;
  onMerge: () => void;
  onSplit: () => void;
  onDelete: () => void;
  onDragStart: () => void;
  onDragEnd: () => void;
  onDragOver: (e: DragEvent<HTMLElement>) => void;
  onDrop: (e: DragEvent<HTMLElement>) => void;
};

/** One node of the tree: its label (or its inline edit), count, flags, issues and row actions. */
/** One of a row's action buttons; its click stays with it (a click on the row selects the row). */
function RowAction({
  label,
  title,
  danger = false,
  onClick,
  children,
}: {
  label: string;
  title: string;
  danger?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className={danger ? 'icon-button danger' : 'icon-button'}
      aria-label={label}
      title={title}
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
    >
      {children}
    </button>
  );
}

export function TaxonomyRow({
  node,
  hasChildren,
  isOpen,
  isSelected,
  isTabStop,
  editing,
  drag,
  onSelect,
  onToggle,
  onEdit,
  onEditKey,
  onAddChild,
  onMerge,
  onSplit,
  onDelete,
  onDragStart,
  onDragEnd,
  onDragOver,
  onDrop,
}: Props) {
  const dropClass = drag?.over === node.id ? ` drop-${drag.position}` : '';
  return (
    <div
      role="treeitem"
      aria-level={node.depth + 1}
      aria-expanded={hasChildren ? isOpen : undefined}
      aria-selected={isSelected}
      tabIndex={isTabStop ? 0 : -1}
      data-node-id={node.id}
      data-testid={`taxonomy-node-${node.id}`}
      className={`tree-row${isSelected ? ' is-selected' : ''}${drag?.id === node.id ? ' is-dragging' : ''}${dropClass}`}
      style={{ paddingLeft: `${0.5 + node.depth * 1.25}rem` }}
      draggable={!editing}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', String(node.id));
        onDragStart();
      }}
      onDragEnd={onDragEnd}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onClick={onSelect}
    >
      <button
        type="button"
        className="disclosure"
        aria-label={isOpen ? 'Collapse' : 'Expand'}
        tabIndex={-1}
        style={{ visibility: hasChildren ? 'visible' : 'hidden' }}
        onClick={(e) => {
          e.stopPropagation();
          onToggle();
        }}
      >
        {isOpen ? '▾' : '▸'}
      </button>
      <div className="tree-main">
        <div className="tree-line">
          {editing?.field === 'label' ? (
            <input
              className="inline-edit"
              aria-label={`New label for ${node.label}`}
              autoFocus
              value={editing.draft}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => onEdit({ ...editing, draft: e.target.value })}
              onKeyDown={onEditKey}
              onBlur={() => onEdit(null)}
            />
          ) : (
            <span
              className="tree-label"
              onDoubleClick={() => onEdit({ nodeId: node.id, field: 'label', draft: node.label })}
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
            <RowAction
              label={`Rename ${node.label}`}
              title="Rename (F2)"
              onClick={() => onEdit({ nodeId: node.id, field: 'label', draft: node.label })}
            >
              ✎
            </RowAction>
            <RowAction
              label={`Edit the definition of ${node.label}`}
              title="Edit definition"
              onClick={() => onEdit({ nodeId: node.id, field: 'definition', draft: node.definition ?? '' })}
            >
              ¶
            </RowAction>
            <RowAction label={`Add a child to ${node.label}`} title="Add child" onClick={() => onAddChild()}>
              +
            </RowAction>
            <RowAction
              label={`Merge ${node.label} into another node`}
              title="Merge into… (M)"
              onClick={() => onMerge()}
            >
              <BranchIcon kind="merge" />
            </RowAction>
            <RowAction
              label={`Split ${node.label}`}
              title="Split by re-clustering (S)"
              onClick={() => onSplit()}
            >
              <BranchIcon kind="split" />
            </RowAction>
            <RowAction
              label={`Delete ${node.label}`}
              title="Delete (children move up)"
              danger
              onClick={() => onDelete()}
            >
              ×
            </RowAction>
          </span>
        </div>
        {editing?.field === 'definition' ? (
          <textarea
            className="inline-edit definition-edit"
            aria-label={`Definition of ${node.label}`}
            autoFocus
            rows={2}
            value={editing.draft}
            onClick={(e) => e.stopPropagation()}
            onChange={(e) => onEdit({ ...editing, draft: e.target.value })}
            onKeyDown={onEditKey}
            onBlur={() => onEdit(null)}
          />
        ) : (
          node.definition && <p className="tree-definition">{node.definition}</p>
        )}
      </div>
    </div>
  );
}
