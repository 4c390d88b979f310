import type { KeyboardEvent } from 'react';
import type { TaxonomyNodeView } from './tree-model';
import { isWithin, mergeCommand, mergeCompanions, mergeTargets, nodePath } from './tree-model';
import type { Structure } from './use-taxonomy-editor';

type MergeStructure = Extract<Structure, { kind: 'merge' }>;
type SplitStructure = Extract<Structure, { kind: 'split' }>;

/** Escape in a form closes it. */
const cancelOnEscape = (onCancel: () => void) => (e: KeyboardEvent<HTMLElement>) => {
  if (e.key === 'Escape') {
    e.preventDefault();
    onCancel();
  }
};

/** Merge one node, and any siblings ticked beside it, into a target: one edit. */
export function MergeForm({
  structure,
  node,
  nodes,
  busy,
  onChange,
  onSubmit,
  onCancel,
}: {
  structure: MergeStructure;
  node: TaxonomyNodeView;
  nodes: readonly TaxonomyNodeView[];
  busy: boolean;
  onChange: (next: MergeStructure) => void;
  onSubmit: (sourceId: number, targetId: number, also: readonly number[]) => void;
  onCancel: () => void;
}) {
  const companions = mergeCompanions(nodes, structure.nodeId, structure.targetId);
  return (
    <form
      className="structure-form callout"
      aria-label={`Merge ${node.label}`}
      onKeyDown={cancelOnEscape(onCancel)}
      onSubmit={(e) => {
        e.preventDefault();
        if (structure.targetId !== '') onSubmit(structure.nodeId, structure.targetId, structure.also);
      }}
    >
      <label>
        Merge “{node.label}” ({node.documents.toLocaleString('en-US')} documents) into{' '}
        <select
          aria-label="Merge target"
          autoFocus
          value={structure.targetId}
          onChange={(e) =>
            onChange({ ...structure, targetId: e.target.value === '' ? '' : Number(e.target.value) })
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
                  onChange({
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
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <span className="panel-note">
        Its clusters, documents and children join the target; undo restores it.
      </span>
    </form>
  );
}

/** Split a node into child topics by re-clustering its documents, with an optional minimum size. */
export function SplitForm({
  structure,
  node,
  busy,
  onChange,
  onSubmit,
  onCancel,
}: {
  structure: SplitStructure;
  node: TaxonomyNodeView;
  busy: boolean;
  onChange: (next: SplitStructure) => void;
  onSubmit: (nodeId: number, minSize: string) => void;
  onCancel: () => void;
}) {
  return (
    <form
      className="structure-form callout"
      aria-label={`Split ${node.label}`}
      onKeyDown={cancelOnEscape(onCancel)}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit(structure.nodeId, structure.minSize);
      }}
    >
      <label>
        Split “{node.label}” ({node.documents.toLocaleString('en-US')} documents) into child topics of at
        least{' '}
        <input
          type="number"
          min={2}
          step={1}
          aria-label="Minimum topic size"
          placeholder="auto"
          autoFocus
          value={structure.minSize}
          onChange={(e) => onChange({ ...structure, minSize: e.target.value, problem: null })}
        />{' '}
        documents
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Splitting…' : 'Split'}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      {structure.problem && (
        <span role="alert" className="panel-error">
          {structure.problem}
        </span>
      )}
      <span className="panel-note">Re-clusters its documents with HDBSCAN; undo removes the new topics.</span>
    </form>
  );
}
