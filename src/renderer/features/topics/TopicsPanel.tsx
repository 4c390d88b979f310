import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { TopicView } from '../../../shared/contract';
import type { TopicSort, TopicSortKey } from './topic-list';
import {
  ariaSort,
  defaultTopicSort,
  filterTopics,
  inlineEditAction,
  labelToSave,
  sortTopics,
  sourceBadgeText,
  toggleSort,
} from './topic-list';
import './topics.css';

type Props = {
  api: TaxonomistApi;
  selectedClusterId?: number | null;
  onSelectTopic?: (clusterId: number) => void;
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

/** The run's topics: sort, rename inline, lock; selecting one tells the map to highlight it. */
export function TopicsPanel({ api, selectedClusterId = null, onSelectTopic }: Props) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [sort, setSort] = useState<TopicSort>(defaultTopicSort);
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<{ clusterId: number; draft: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const load = () =>
      api.topicsList({}).then(
        (r) => current && setLoaded({ status: 'ready', runId: r.runId, topics: r.topics }),
        (e: unknown) => current && setLoaded({ status: 'failed', message: messageOf(e) }),
      );
    void load();
    const off = api.on('job:finished', () => void load());
    return () => {
      current = false;
      off();
    };
  }, [api]);

  const replace = useCallback((topic: TopicView) => {
    setLoaded((l) =>
      l.status === 'ready'
        ? { ...l, topics: l.topics.map((t) => (t.clusterId === topic.clusterId ? topic : t)) }
        : l,
    );
  }, []);

  const rows = useMemo(
    () => (loaded.status === 'ready' ? sortTopics(filterTopics(loaded.topics, query), sort) : []),
    [loaded, query, sort],
  );

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

  const save = async (topic: TopicView, draft: string) => {
    setEditing(null);
    const label = labelToSave(draft, topic.label);
    if (label === null) return;
    try {
      replace(await api.topicsRename({ runId, clusterId: topic.clusterId, label }));
      setError(null);
    } catch (e) {
      setError(`Could not rename “${topic.label}”: ${messageOf(e)}`);
    }
  };

  const toggleLock = async (topic: TopicView) => {
    try {
      replace(await api.topicsLock({ runId, clusterId: topic.clusterId, locked: !topic.locked }));
      setError(null);
    } catch (e) {
      setError(`Could not ${topic.locked ? 'unlock' : 'lock'} “${topic.label}”: ${messageOf(e)}`);
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

  const header = (key: TopicSortKey, text: string, className?: string) => (
    <th scope="col" aria-sort={ariaSort(sort, key)} className={className}>
      <button type="button" className="sort-button" onClick={() => setSort((s) => toggleSort(s, key))}>
        {text}
        <span className="sort-arrow" aria-hidden="true">
          {sort.key === key ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
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
          {rows.length} of {loaded.topics.length} topics · run {runId}
        </span>
      </div>
      {error && (
        <p role="alert" className="panel-error">
          {error}
        </p>
      )}
      <div className="topics-scroll">
        <table className="topics-table" aria-label="Topics">
          <thead>
            <tr>
              {header('clusterId', '#', 'col-id')}
              {header('size', 'Size', 'col-size')}
              {header('label', 'Label')}
              <th scope="col">Keyphrases</th>
              <th scope="col" className="col-lock">
                Lock
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => {
              const isEditing = editing?.clusterId === t.clusterId;
              return (
                <tr
                  key={t.clusterId}
                  data-testid={`topic-${t.clusterId}`}
                  aria-selected={selectedClusterId === t.clusterId}
                  className={selectedClusterId === t.clusterId ? 'is-selected' : undefined}
                  onClick={() => onSelectTopic?.(t.clusterId)}
                >
                  <td className="col-id">{t.clusterId}</td>
                  <td className="col-size">{t.size.toLocaleString('en-US')}</td>
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
                          title="Rename (double-click)"
                          onDoubleClick={() => setEditing({ clusterId: t.clusterId, draft: t.label })}
                          onKeyDown={(e) => {
                            if (e.key === 'F2' || e.key === 'Enter') {
                              e.preventDefault();
                              setEditing({ clusterId: t.clusterId, draft: t.label });
                            }
                          }}
                        >
                          {t.label}
                        </button>
                        <span className={`badge badge-${t.source}`} title={`label from ${t.source}`}>
                          {sourceBadgeText[t.source]}
                        </span>
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
                      </span>
                    )}
                  </td>
                  <td className="col-keyphrases">{t.keyphrases.slice(0, 6).join(' · ')}</td>
                  <td className="col-lock">
                    <button
                      type="button"
                      className="icon-button"
                      aria-pressed={t.locked}
                      aria-label={`${t.locked ? 'Unlock' : 'Lock'} topic ${t.clusterId}`}
                      title={t.locked ? 'Locked: reruns keep this label' : 'Lock the label against reruns'}
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
