import { useEffect, useMemo, useRef, useState } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { TopicView } from '../../../shared/contract';
import { useEditHistory } from '../../state/EditHistoryProvider';
import { invalidateQueries, queryKey } from '../../state/query-cache';
import { useQueryWith } from '../../state/use-query';
import type { AssignedDocument } from './assigned-review';
import {
  keepListed,
  moveTargets,
  REVIEW_PAGE,
  reviewSummary,
  strengthText,
  strengthTitle,
  UNPLACED,
} from './assigned-review';

type Props = {
  api: TaxonomistApi;
  runId: number;
  topic: TopicView;
  /** Every topic of the run: the move targets. */
  topics: readonly TopicView[];
  /** Told after a move, an undo or a redo here (the counts, the map and this list reload by themselves). */
  onDataChanged?: () => void;
  onClose: () => void;
};

type Listed =
  | { status: 'loading' }
  | { status: 'ready'; total: number; documents: AssignedDocument[] }
  | { status: 'failed'; message: string };

type Note = { tone: 'info' | 'error'; text: string };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Fetches the first `count` assigned documents of a topic, a request per 1,000. */
async function loadFirst(api: TaxonomistApi, runId: number, clusterId: number, count: number) {
  const documents: AssignedDocument[] = [];
  let total = 0;
  do {
    const limit = Math.min(1000, count - documents.length);
    const page = await api.topicsAssignedDocuments({ runId, clusterId, offset: documents.length, limit });
    total = page.total;
    documents.push(...page.documents);
    if (page.documents.length < limit) break;
  } while (documents.length < count);
  return { total, documents };
}

/**
 * The documents HDBSCAN called noise that now sit in a topic, weakest first: move one or the ticked
 * ones to another topic or set them unplaced. Moves join the edit history: Undo here (or Ctrl/Cmd+Z)
 * reverts the newest edit, which is a move here unless another panel edited since.
 */
export function AssignedReview({ api, runId, topic, topics, onDataChanged, onClose }: Props) {
  const clusterId = topic.clusterId;
  const [shown, setShown] = useState(REVIEW_PAGE);
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set());
  const [target, setTarget] = useState<number | ''>('');
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<Note | null>(null);
  const history = useEditHistory();
  // History entries of the moves made here, with how many documents each moved.
  const ownMoves = useRef(new Map<number, number>());

  // Moves (here, on the map, by an undo) change the list; the previous list stays until the next arrives.
  const query = useQueryWith(
    api,
    queryKey('topics:assigned-documents', { runId, clusterId, shown }),
    (a) => loadFirst(a, runId, clusterId, shown),
    { invalidateOn: ['documents:moved', 'history:stepped'], keepPrevious: true },
  );
  const listed: Listed =
    query.status === 'ready'
      ? { status: 'ready', ...query.data }
      : query.status === 'failed'
        ? { status: 'failed', message: query.error }
        : { status: 'loading' };
  // Each new answer unticks the documents no longer listed (while rendering, not after).
  const answer = query.status === 'ready' ? query.data : null;
  const [prunedFor, setPrunedFor] = useState(answer);
  if (answer !== prunedFor) {
    setPrunedFor(answer);
    if (answer) setChecked((c) => keepListed(c, answer.documents));
  }
  const changed = () => {
    invalidateQueries(api, 'documents:moved');
    onDataChanged?.();
  };

  // Another topic: a fresh list, nothing ticked, and a target that may not apply any more (noticed
  // while rendering).
  const [reviewed, setReviewed] = useState(clusterId);
  if (clusterId !== reviewed) {
    setReviewed(clusterId);
    setShown(REVIEW_PAGE);
    setChecked(new Set());
    setTarget((t) => (t === clusterId ? '' : t));
  }

  const targets = useMemo(() => moveTargets(topics, clusterId), [topics, clusterId]);
  const labelOf = (id: number) => topics.find((t) => t.clusterId === id)?.label ?? `topic ${id}`;

  const move = async (documentIds: number[], to: number) => {
    if (documentIds.length === 0 || busy) return;
    setBusy(true);
    try {
      const r = await api.topicsMoveDocuments({ runId, documentIds, clusterId: to });
      const target = to === UNPLACED ? null : labelOf(to);
      setNote({ tone: 'info', text: reviewSummary({ action: 'move', moved: r.moved, target }) });
      changed();
      // The engine recorded the move: remember its entry, to word its undo and redo here.
      if (r.moved > 0) {
        const id = (await history.recorded()).undo?.id;
        if (id !== undefined) ownMoves.current.set(id, r.moved);
      }
    } catch (e) {
      setNote({ tone: 'error', text: `Could not move the documents: ${messageOf(e)}` });
    } finally {
      setBusy(false);
    }
  };

  // One of these moves undone or redone (by Ctrl+Z, the button or the menu): the note says so.
  const lastStep = history.lastStep;
  const notify = useRef(onDataChanged);
  notify.current = onDataChanged;
  useEffect(() => {
    if (!lastStep) return;
    const moved = ownMoves.current.get(lastStep.entry.id);
    if (moved === undefined) return;
    setNote({ tone: 'info', text: reviewSummary({ action: lastStep.direction, moved }) });
    notify.current?.();
  }, [lastStep]);

  const documents = listed.status === 'ready' ? listed.documents : [];
  const total = listed.status === 'ready' ? listed.total : topic.assigned;
  const ticked = documents.filter((d) => checked.has(d.id)).map((d) => d.id);
  const allTicked = documents.length > 0 && ticked.length === documents.length;
  const toggle = (id: number, on: boolean) =>
    setChecked((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const targetLabel = target === '' ? null : labelOf(target);

  return (
    <section
      className="assigned-review"
      aria-label={`Assigned documents of “${topic.label}”`}
      data-testid="assigned-review"
    >
      <header className="assigned-review-head">
        <h3>
          Assigned to “{topic.label}”: {total.toLocaleString('en-US')}
        </h3>
        <p className="panel-note">
          Documents HDBSCAN left as noise and placed in this topic afterwards, weakest first. Move the ones
          that belong elsewhere, or set them back to unplaced.
        </p>
        <button type="button" className="icon-button" aria-label="Close the review" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="assigned-review-toolbar">
        <label>
          <input
            type="checkbox"
            aria-label="Tick all listed documents"
            checked={allTicked}
            disabled={documents.length === 0}
            onChange={(e) => setChecked(e.target.checked ? new Set(documents.map((d) => d.id)) : new Set())}
          />{' '}
          {ticked.length.toLocaleString('en-US')} ticked
        </label>
        <select
          aria-label="Move to topic"
          value={target}
          onChange={(e) => setTarget(e.target.value === '' ? '' : Number(e.target.value))}
        >
          <option value="">Move to topic…</option>
          {targets.map((t) => (
            <option key={t.clusterId} value={t.clusterId}>
              {t.label} (#{t.clusterId})
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={busy || target === '' || ticked.length === 0}
          title={targetLabel ? `Move the ticked documents to “${targetLabel}”` : 'Choose a topic first'}
          onClick={() => target !== '' && void move(ticked, target)}
        >
          Move ticked ({ticked.length.toLocaleString('en-US')})
        </button>
        <button
          type="button"
          disabled={busy || ticked.length === 0}
          onClick={() => void move(ticked, UNPLACED)}
        >
          Set ticked unplaced
        </button>
        <span className="button-group">
          <button
            type="button"
            disabled={busy || history.busy || !history.canUndo}
            title={`${history.undoLabel ?? 'Undo'} (Ctrl/Cmd+Z)`}
            onClick={() => void history.undo()}
          >
            Undo
          </button>
          <button
            type="button"
            disabled={busy || history.busy || !history.canRedo}
            title={`${history.redoLabel ?? 'Redo'} (Shift+Ctrl/Cmd+Z)`}
            onClick={() => void history.redo()}
          >
            Redo
          </button>
        </span>
      </div>
      {note && (
        <p
          role={note.tone === 'error' ? 'alert' : 'status'}
          className={note.tone === 'error' ? 'panel-error' : 'panel-note'}
          data-testid="assigned-review-note"
        >
          {note.text}
        </p>
      )}
      {listed.status === 'loading' && (
        <p role="status" className="panel-note">
          Loading the assigned documents…
        </p>
      )}
      {listed.status === 'failed' && (
        <p role="alert" className="panel-error">
          Could not load the assigned documents: {listed.message}
        </p>
      )}
      {listed.status === 'ready' && documents.length === 0 && (
        <p className="panel-note">No assigned documents in this topic.</p>
      )}
      {documents.length > 0 && (
        // Focusable, so the list can be scrolled and take Ctrl/Cmd+Z from the keyboard.
        <div className="assigned-scroll" tabIndex={0} data-testid="assigned-list">
          <table className="assigned-table" aria-label="Assigned documents, weakest first" aria-busy={busy}>
            <thead>
              <tr>
                <th scope="col" className="col-tick" aria-label="Ticked" />
                <th scope="col">Title</th>
                <th scope="col" className="col-year">
                  Year
                </th>
                <th scope="col" className="col-strength">
                  Strength
                </th>
                <th scope="col" className="col-actions" aria-label="Actions" />
              </tr>
            </thead>
            <tbody>
              {documents.map((d) => (
                <tr
                  key={d.id}
                  data-testid={`assigned-${d.id}`}
                  className={checked.has(d.id) ? 'is-ticked' : ''}
                >
                  <td className="col-tick">
                    <input
                      type="checkbox"
                      aria-label={`Tick “${d.title}”`}
                      checked={checked.has(d.id)}
                      onChange={(e) => toggle(d.id, e.target.checked)}
                    />
                  </td>
                  <td className="col-title" title={d.title}>
                    {d.title}
                  </td>
                  <td className="col-year">{d.year ?? '—'}</td>
                  <td className="col-strength" title={strengthTitle(d.strength)}>
                    <span className="strength-bar" aria-hidden="true">
                      <span style={{ width: `${Math.round((d.strength ?? 0) * 100)}%` }} />
                    </span>
                    {strengthText(d.strength)}
                  </td>
                  <td className="col-actions">
                    <button
                      type="button"
                      disabled={busy || target === ''}
                      title={
                        targetLabel ? `Move to “${targetLabel}”` : 'Choose a topic in “Move to topic” first'
                      }
                      aria-label={`Move “${d.title}” to the chosen topic`}
                      onClick={() => target !== '' && void move([d.id], target)}
                    >
                      Move
                    </button>
                    <button
                      type="button"
                      disabled={busy}
                      aria-label={`Set “${d.title}” unplaced`}
                      onClick={() => void move([d.id], UNPLACED)}
                    >
                      Set unplaced
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {listed.status === 'ready' && documents.length < listed.total && (
        <button type="button" className="assigned-more" onClick={() => setShown((n) => n + REVIEW_PAGE)}>
          Show more ({(listed.total - documents.length).toLocaleString('en-US')} not shown)
        </button>
      )}
    </section>
  );
}
