import type { TaxonomyViewWire } from '../../../shared/contract';
import type { EditHistory } from '../../state/EditHistoryProvider';
import type { TaxonomyNodeView } from './tree-model';
import { ROOT_ID, coverageText } from './tree-model';

type Props = {
  view: TaxonomyViewWire;
  history: EditHistory;
  busy: boolean;
  selectedNode: TaxonomyNodeView | undefined;
  nodeCount: number;
  onAddChild: (parentId: number) => void;
  onMerge: (node: TaxonomyNodeView) => void;
  onSplit: (node: TaxonomyNodeView) => void;
  onExport: () => void;
};

/** The editor's toolbar: undo and redo, add, merge and split the selected node, export, and the coverage. */
export function TaxonomyToolbar({
  view,
  history,
  busy,
  selectedNode,
  nodeCount,
  onAddChild,
  onMerge,
  onSplit,
  onExport,
}: Props) {
  return (
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
        <button type="button" onClick={() => onAddChild(ROOT_ID)} disabled={busy}>
          + Top-level node
        </button>
        <button
          type="button"
          onClick={() => selectedNode && onAddChild(selectedNode.id)}
          disabled={busy || !selectedNode}
        >
          + Child
        </button>
      </div>
      <div className="button-group" role="group" aria-label="Structure">
        <button
          type="button"
          onClick={() => selectedNode && onMerge(selectedNode)}
          disabled={busy || !selectedNode || nodeCount < 2}
          title="Merge the selected node into another (M)"
        >
          Merge into…
        </button>
        <button
          type="button"
          onClick={() => selectedNode && onSplit(selectedNode)}
          disabled={busy || !selectedNode}
          title="Split the selected node by re-clustering its documents (S)"
        >
          Split…
        </button>
      </div>
      <div className="button-group" role="group" aria-label="Export">
        <button type="button" aria-haspopup="dialog" onClick={onExport}>
          Export…
        </button>
      </div>
      <span className="panel-note taxonomy-coverage">
        {view.taxonomy.name} · {coverageText(view)}
      </span>
    </div>
  );
}
