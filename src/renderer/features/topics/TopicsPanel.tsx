import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { TopicView } from '../../../shared/contract';
import type { TopicSort, TopicSortKey } from './topic-list';
import {
  defaultTopicSort,
  filterTopics,
  inlineEditAction,
  labelToSave,
  LOCKED_TITLE,
  regenerateNote,
  renameNote,
  sizeTitle,
  sortTopics,
  sourceBadgeText,
  toggleSort,
} from './topic-list';
import { AssignedReview } from './AssignedReview';
import { listMoveTarget } from './list-keys';
import { SortableHeader } from '../../components/SortableHeader';
import { useEditHistory } from '../../state/EditHistoryProvider';
import { invalidateQueries } from '../../state/query-cache';
import { useQuery } from '../../state/use-query';
import { namedAs, useTopicLabels } from '../../state/TopicLabelsProvider';
import './topics.css';

type Props = {
  api: TaxonomistApi;
  selectedClusterId?: number | null;
  onSelectTopic?: (clusterId: number) => void;
  /** Told after a label was regenerated here or documents moved in the review (the queries of them reload by themselves). */
  onDataChanged?: () => void;
};

type Loaded =
  | { status: 'loading' }
  | { status: 'ready'; runId: number | null; topics: TopicView[] }
  | { status: 'failed'; message: string };

/** A padlock drawn inline: emoji fonts are not on every machine. */
function LockIcon({ locked }: { locked: boolean }) {
  return (
    <svg width="12" height="14" viewBox="0 0 12 14" aria-hidden="true" className="lock-icon">
      <rect x="1" y="6" width="10" height="7.5" rx="1.5" fill="currentColor" />
      <path
        d={locked ? 'M3.2 6V4.2a2.8 2.8 0 0 1 5.6 0V6' : 'M3.2 6V4.2a2.8 2.8 0 0 1 5.5-.7'}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
      />
    </svg>
  );
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The run's topics: sort, rename inline, lock; selecting one tells the map to highlight it and offers
 * the review of its assigned documents.
 */
export function TopicsPanel({ api, selectedClusterId = null, onSelectTopic, onDataChanged }: Props) {
  const [sort, setSort] = useState<TopicSort>(defaultTopicSort);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<{ clusterId: number; draft: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [regenerating, setRegenerating] = useState<ReadonlySet<number>>(new Set());
  const [note, setNote] = useState<{
    tone: 'info' | 'warning';
    text: string;
    kind: 'regenerate' | 'edit';
  } | null>(null);
  const labels = useTopicLabels(api);
  const history = useEditHistory();
  // An undo or redo changed some edit: a note about the last rename no longer holds.
  useEffect(() => setNote((n) => (n?.kind === 'edit' ? null : n)), [history.version]);
  // The review of the selected topic's assigned documents is open.
  const [reviewing, setReviewing] = useState(false);

  // A finished job, a move or a label changed (here, by an undo, elsewhere): sizes, sources and locks reload.
  const listed = useQuery(
    api,
    'topics:list',
    {},
    { invalidateOn: ['job:finished', 'documents:moved', 'labels:changed', 'history:stepped'] },
  );
  const loaded = useMemo<Loaded>(
    () =>
      listed.status === 'ready'
        ? { status: 'ready', runId: listed.data.runId, topics: listed.data.topics }
        : listed.status === 'failed'
          ? { status: 'failed', message: listed.error }
          : { status: 'loading' },
    [listed],
  );
  const { setData } = listed;
  const replace = useCallback(
    (topic: TopicView) =>
      setData((l) => ({ ...l, topics: l.topics.map((t) => (t.clusterId === topic.clusterId ? topic : t)) })),
    [setData],
  );
  const changed = () => {
    invalidateQueries(api, 'documents:moved');
    onDataChanged?.();
  };

  // The shared labels are the newest word on a topic's name and lock: the list shows them at once.
  const topics = useMemo(() => {
    if (loaded.status !== 'ready') return [];
    if (labels.runId !== loaded.runId) return loaded.topics;
    return loaded.topics.map((t) => {
      return namedAs(t, labels.topics.get(t.clusterId));
    });
  }, [loaded, labels]);
  const rows = useMemo(() => sortTopics(filterTopics(topics, query), sort), [topics, query, sort]);

  // Keyboard focus: one row is in the Tab order (roving tabindex); arrows move it.
  const [active, setActive] = useState<number | null>(null);
  const focusNext = useRef<number | null>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const id = focusNext.current;
    if (id === null) return;
    focusNext.current = null;
    bodyRef.current?.querySelector<HTMLElement>(`tr[data-cluster-id="${id}"]`)?.focus();
  });

  if (loaded.status === 'loading')
    return (
      <p role="status" className="panel-note">
        Loading topics…
      </p>
    );
  if (loaded.status === 'failed')
    return (
      <p role="alert" className="panel-error">
        Could not load the topics: {loaded.message}
      </p>
    );
  if (loaded.runId === null || loaded.topics.length === 0)
    return <p className="panel-note">No topics yet: run the pipeline to cluster and label the corpus.</p>;
  const runId = loaded.runId;
  const selected = topics.find((t) => t.clusterId === selectedClusterId) ?? null;

  const save = async (topic: TopicView, draft: string) => {
    setEditing(null);
    const label = labelToSave(draft, topic.label);
    if (label === null) return;
    const clusterId = topic.clusterId;
    const before = { label: topic.label, locked: topic.locked };
    try {
      replace(await labels.rename(runId, clusterId, label));
      setError(null);
      setNote({ tone: 'info', kind: 'edit', text: renameNote(before.label, label, before.locked) });
      // The engine recorded the rename (its undo puts back name, description, lock and source).
      void history.recorded().catch(() => {});
    } catch (e) {
      setError(`Could not rename “${topic.label}”: ${messageOf(e)}`);
    }
  };

  const toggleLock = async (topic: TopicView) => {
    const clusterId = topic.clusterId;
    const locked = !topic.locked;
    try {
      replace(await labels.setLocked(runId, clusterId, locked));
      setError(null);
      setNote(null);
      void history.recorded().catch(() => {});
    } catch (e) {
      setError(`Could not ${topic.locked ? 'unlock' : 'lock'} “${topic.label}”: ${messageOf(e)}`);
    }
  };

  const regenerate = async (topic: TopicView) => {
    setRegenerating((r) => new Set(r).add(topic.clusterId));
    try {
      const result = await api.topicsRegenerate({ runId, clusterId: topic.clusterId });
      replace(result.topic);
      labels.update(result.topic);
      setNote({ ...regenerateNote(result), kind: 'regenerate' });
      setError(null);
      changed();
    } catch (e) {
      setNote(null);
      setError(`Could not regenerate the label of “${topic.label}”: ${messageOf(e)}`);
    } finally {
      setRegenerating((r) => new Set([...r].filter((c) => c !== topic.clusterId)));
    }
  };

  const onEditKey = (e: KeyboardEvent<HTMLInputElement>, topic: TopicView) => {
    const action = inlineEditAction(e.key);
    if (action === 'save') {
      e.preventDefault();
      void save(topic, e.currentTarget.value);
    } else if (action === 'cancel') {
      e.preventDefault();
      setEditing(null);
    }
  };

  const has = (id: number | null) => id !== null && rows.some((t) => t.clusterId === id);
  const tabStop = has(active)
    ? active
    : has(selectedClusterId)
      ? selectedClusterId
      : (rows[0]?.clusterId ?? null);

  /** Arrows, PageUp/PageDown, Home and End move; Enter or Space selects (the map highlights it); F2 renames. */
  const onRowsKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName === 'INPUT') {
      // Leaving the inline editor puts focus back on its row.
      if (e.key === 'Enter' || e.key === 'Escape') focusNext.current = editing?.clusterId ?? null;
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const next = listMoveTarget(
      rows.map((t) => t.clusterId),
      tabStop,
      e.key,
    );
    if (next !== null) {
      e.preventDefault();
      setActive(next);
      focusNext.current = next;
      return;
    }
    // On a row's own buttons these keys press the button.
    const topic = target.tagName === 'TR' ? rows.find((t) => t.clusterId === tabStop) : undefined;
    if (!topic) return;
    if (e.key === 'Enter' || e.key === ' ') onSelectTopic?.(topic.clusterId);
    else if (e.key === 'F2') setEditing({ clusterId: topic.clusterId, draft: topic.label });
    else return;
    e.preventDefault();
  };

  const header = (key: TopicSortKey, text: string, className?: string) => (
    <SortableHeader
      sort={sort}
      column={key}
      label={text}
      className={className}
      onSort={(k) => setSort((s) => toggleSort(s, k))}
    />
  );

  return (
    <div className="topics-panel">
      <div className="panel-toolbar">
        <input
          type="search"
          placeholder="Filter topics"
          aria-label="Filter topics"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <span className="panel-note">
          {rows.length} of {topics.length} topics · run {runId}
        </span>
      </div>
      {error && (
        <p role="alert" className="panel-error">
          {error}
        </p>
      )}
      {note && (
        <p
          role="status"
          className={note.tone === 'warning' ? 'panel-warning' : 'panel-note'}
          data-testid={note.kind === 'regenerate' ? 'regenerate-note' : 'topic-edit-note'}
        >
          {note.text}
        </p>
      )}
      {selected && (
        <div className="topic-detail" data-testid="topic-detail">
          <span>
            <strong>{selected.label}</strong> (#{selected.clusterId}): {selected.core.toLocaleString('en-US')}{' '}
            core, {selected.assigned.toLocaleString('en-US')} assigned
          </span>
          <button
            type="button"
            aria-expanded={reviewing}
            disabled={!reviewing && selected.assigned === 0}
            title="The documents HDBSCAN left as noise that were placed in this topic afterwards, weakest first"
            onClick={() => setReviewing((r) => !r)}
          >
            Review assigned ({selected.assigned.toLocaleString('en-US')})
          </button>
        </div>
      )}
      {selected && reviewing && (
        <AssignedReview
          api={api}
          runId={runId}
          topic={selected}
          topics={topics}
          onDataChanged={onDataChanged}
          onClose={() => setReviewing(false)}
        />
      )}
      <div className="topics-scroll">
        <table className="topics-table" role="grid" aria-label="Topics">
          <thead>
            <tr>
              {header('clusterId', '#', 'col-id')}
              {header('size', 'Size', 'col-size')}
              {header('assigned', 'Assigned', 'col-assigned')}
              {header('label', 'Label')}
              <th scope="col">Keyphrases and sample titles</th>
              <th scope="col" className="col-lock">
                Lock
              </th>
            </tr>
          </thead>
          <tbody ref={bodyRef} onKeyDown={onRowsKey}>
            {rows.map((t) => {
              const isEditing = editing?.clusterId === t.clusterId;
              const isRegenerating = regenerating.has(t.clusterId);
              return (
                <tr
                  key={t.clusterId}
                  data-testid={`topic-${t.clusterId}`}
                  data-cluster-id={t.clusterId}
                  tabIndex={t.clusterId === tabStop ? 0 : -1}
                  onFocus={() => setActive(t.clusterId)}
                  aria-selected={selectedClusterId === t.clusterId}
                  aria-busy={isRegenerating}
                  className={selectedClusterId === t.clusterId ? 'is-selected' : undefined}
                  onClick={() => onSelectTopic?.(t.clusterId)}
                >
                  <td className="col-id">{t.clusterId}</td>
                  <td className="col-size" title={sizeTitle(t)}>
                    {t.size.toLocaleString('en-US')}
                  </td>
                  <td className="col-assigned" title={sizeTitle(t)}>
                    {t.assigned > 0 ? `+${t.assigned.toLocaleString('en-US')}` : '0'}
                  </td>
                  <td className="col-label">
                    {isEditing ? (
                      <input
                        className="inline-edit"
                        aria-label={`New label for topic ${t.clusterId}`}
                        autoFocus
                        value={editing.draft}
                        onClick={(e) => e.stopPropagation()}
                        onChange={(e) => setEditing({ clusterId: t.clusterId, draft: e.target.value })}
                        onKeyDown={(e) => onEditKey(e, t)}
                        onBlur={() => setEditing(null)}
                      />
                    ) : (
                      <span className="label-cell">
                        <button
                          type="button"
                          className="label-text"
                          title="Rename (double-click or F2); R regenerates the label"
                          onDoubleClick={() => setEditing({ clusterId: t.clusterId, draft: t.label })}
                          onKeyDown={(e) => {
                            if (e.key === 'F2' || e.key === 'Enter') {
                              e.preventDefault();
                              setEditing({ clusterId: t.clusterId, draft: t.label });
                            }
                            // R asks for a new label, as the row's ↻ button does.
                            if (e.key === 'r' && !e.ctrlKey && !e.metaKey && !t.locked && !isRegenerating) {
                              e.preventDefault();
                              void regenerate(t);
                            }
                          }}
                        >
                          {t.label}
                        </button>
                        <span className={`badge badge-${t.source}`} title={`label from ${t.source}`}>
                          {sourceBadgeText[t.source]}
                        </span>
                        {t.locked && (
                          <span
                            className="badge badge-locked"
                            title={LOCKED_TITLE}
                            data-testid={`locked-${t.clusterId}`}
                          >
                            locked
                          </span>
                        )}
                        <button
                          type="button"
                          className="icon-button"
                          aria-label={`Rename topic ${t.clusterId}`}
                          title="Rename"
                          onClick={(e) => {
                            e.stopPropagation();
                            setEditing({ clusterId: t.clusterId, draft: t.label });
                          }}
                        >
                          ✎
                        </button>
                        {isRegenerating ? (
                          <span
                            className="spinner"
                            role="status"
                            aria-label={`Regenerating the label of topic ${t.clusterId}`}
                          />
                        ) : (
                          <button
                            type="button"
                            className="icon-button regenerate-button"
                            aria-label={`Regenerate the label of topic ${t.clusterId}`}
                            title={
                              t.locked
                                ? 'Locked: unlock the topic to regenerate its label'
                                : 'Regenerate this label with the label provider'
                            }
                            disabled={t.locked}
                            onClick={(e) => {
                              e.stopPropagation();
                              void regenerate(t);
                            }}
                          >
                            ↻
                          </button>
                        )}
                      </span>
                    )}
                  </td>
                  <td className="col-keyphrases">
                    <span className="keyphrases">{t.keyphrases.slice(0, 6).join(' · ')}</span>
                    {t.sampleTitles && t.sampleTitles.length > 0 && (
                      <ul className="sample-titles" aria-label={`Sample titles of topic ${t.clusterId}`}>
                        {t.sampleTitles.map((title, i) => (
                          <li key={i} title={title}>
                            {title}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="col-lock">
                    <button
                      type="button"
                      className="icon-button"
                      aria-pressed={t.locked}
                      aria-label={`${t.locked ? 'Unlock' : 'Lock'} topic ${t.clusterId}`}
                      title={
                        t.locked
                          ? `${LOCKED_TITLE}; unlock to let it change`
                          : 'Lock the label against relabelling'
                      }
                      onClick={(e) => {
                        e.stopPropagation();
                        void toggleLock(t);
                      }}
                    >
                      <LockIcon locked={t.locked} />
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
