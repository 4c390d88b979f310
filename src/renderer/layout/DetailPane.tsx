import type { TaxonomistApi } from '../../shared/api';
import type { TopicView } from '../../shared/contract';
import type { MapHighlight } from '../state/map-highlight';
import { unlessNotFound, useQueryWith } from '../state/use-query';
import { namedAs } from '../state/TopicLabelsProvider';

type Props = {
  api: TaxonomistApi;
  highlight: MapHighlight | null;
  /** The shared topics (one label everywhere): a rename, a lock or a new label shows without a reload. */
  shared?: ReadonlyMap<number, TopicView>;
  onSelectTopic: (clusterId: number) => void;
  onClear: () => void;
};

const n = (v: number) => v.toLocaleString('en-US');

const loadDetails = (api: TaxonomistApi) =>
  Promise.all([api.topicsList({}), unlessNotFound(api.taxonomyGet({}))]).then(([t, taxonomy]) => ({
    topics: t.topics,
    taxonomy,
  }));

/**
 * What is selected, in full: a topic's label, definition, keyphrases, counts and representative
 * titles, or a taxonomy node's definition and the topics under it. Documents show in the map's panel.
 */
export function DetailPane({ api, highlight, shared, onSelectTopic, onClear }: Props) {
  // Moves change topics' sizes; a finished job changes everything.
  const data = useQueryWith(api, 'layout:details', loadDetails, {
    invalidateOn: ['job:finished', 'documents:moved', 'history:stepped'],
  });
  const loaded = data.status === 'ready' ? data.data : null;
  const failure = data.status === 'failed' ? data.error : null;
  const current = (t: TopicView): TopicView => namedAs(t, shared?.get(t.clusterId));
  let body;
  if (failure) body = <p role="alert">Could not load the details: {failure}</p>;
  else if (!highlight)
    body = (
      <p className="detail-empty">
        Select a topic in the list, the legend or the map, or a node of the taxonomy, to see it here. Click a
        point on the map to read its paper.
      </p>
    );
  else if (!loaded) body = <p role="status">Loading…</p>;
  else if (highlight.source === 'topic') {
    const t = loaded.topics.find((x) => x.clusterId === highlight.clusterId);
    body = t ? (
      <TopicDetail topic={current(t)} />
    ) : (
      <p className="detail-empty">Topic {highlight.clusterId} is not in the current run.</p>
    );
  } else {
    const node = loaded.taxonomy?.nodes.find((x) => x.id === highlight.nodeId);
    const topics = loaded.topics
      .filter((t) => highlight.clusterIds.includes(t.clusterId))
      .map(current)
      .sort((a, b) => b.size - a.size);
    body = (
      <div className="detail-body">
        <h3 className="detail-title" data-testid="detail-title">
          {node?.label ?? highlight.label}
        </h3>
        <p className="detail-meta">
          Taxonomy node · {n(node?.documents ?? topics.reduce((s, t) => s + t.size, 0))} documents ·{' '}
          {topics.length} {topics.length === 1 ? 'topic' : 'topics'}
        </p>
        {node?.definition && <p className="detail-definition">{node.definition}</p>}
        <ul className="detail-chips" aria-label="Topics under this node">
          {topics.map((t) => (
            <li key={t.clusterId}>
              <button type="button" className="chip" onClick={() => onSelectTopic(t.clusterId)}>
                {t.label} <span className="chip-count">{n(t.size)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <section className="detail-pane" aria-label="Details" data-testid="detail-pane">
      {highlight && (
        <button
          type="button"
          className="icon-button detail-close quiet"
          aria-label="Clear the selection"
          title="Clear the selection (Escape)"
          onClick={onClear}
        >
          ×
        </button>
      )}
      {body}
    </section>
  );
}

function TopicDetail({ topic: t }: { topic: TopicView }) {
  return (
    <div className="detail-body">
      <h3 className="detail-title" data-testid="detail-title">
        {t.label}
        {t.locked && (
          <span className="badge badge-human" title="Locked: relabelling keeps this label">
            locked
          </span>
        )}
      </h3>
      <p className="detail-meta">
        Topic #{t.clusterId} · {n(t.size)} documents ({n(t.core)} core, {n(t.assigned)} assigned) · label from{' '}
        {t.source === 'llm' ? 'a model' : t.source === 'human' ? 'a curator' : 'keyphrases'}
      </p>
      {t.description && <p className="detail-definition">{t.description}</p>}
      {t.keyphrases.length > 0 && (
        <p className="detail-keyphrases" aria-label="Keyphrases">
          {t.keyphrases.slice(0, 10).join(' · ')}
        </p>
      )}
      {t.sampleTitles && t.sampleTitles.length > 0 && (
        <ul className="detail-titles" aria-label="Representative titles">
          {t.sampleTitles.map((title) => (
            <li key={title}>{title}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
