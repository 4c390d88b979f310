import type { CSSProperties } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import { ClusterMapSection } from '../features/cluster-map/ClusterMapSection';
import { TaxonomyEditor } from '../features/taxonomy/TaxonomyEditor';
import { TopicsPanel } from '../features/topics/TopicsPanel';
import type { MapHighlight } from '../state/map-highlight';
import { useTopicLabels } from '../state/TopicLabelsProvider';
import { highlightedClustersOf, selectedTopicOf, selectNode } from '../state/map-highlight';
import { DetailPane } from './DetailPane';
import { LIMITS } from './layout-state';
import { Splitter } from './Splitter';
import type { usePaneSizes } from './use-pane-sizes';

type Props = {
  api: TaxonomistApi | undefined;
  panes: ReturnType<typeof usePaneSizes>;
  highlight: MapHighlight | null;
  onHighlight: (h: MapHighlight | null) => void;
  theme: 'light' | 'dark';
  /** Whether this view is the one shown (hidden views keep their state but do no work). */
  active: boolean;
};

/**
 * The curating view: the map in the centre with the selection's details under it, and beside it the
 * topic list over the taxonomy tree. Splitters between them resize the panes; the sizes are kept.
 */
export function CurateView({ api, panes, highlight, onHighlight, theme, active }: Props) {
  const { sizes, resize, reset } = panes;
  const labels = useTopicLabels(api);
  const selectedTopic = selectedTopicOf(highlight);
  const style = {
    '--side-width': `${sizes.side}px`,
    '--detail-height': `${sizes.detail}px`,
    '--topics-share': String(sizes.topics),
  } as CSSProperties;
  const sideHeight = () => document.querySelector('.side-pane')?.clientHeight ?? 600;

  return (
    <div className="curate" style={style} data-testid="curate-view">
      <div className="center-pane">
        <div className="map-pane" data-testid="map-pane">
          <p className="map-placeholder">
            No map yet. Build the project: its papers will be laid out here, coloured by topic.
          </p>
          <ClusterMapSection
            api={api}
            selectedTopic={selectedTopic}
            highlightClusters={highlightedClustersOf(highlight)}
            highlightLabel={highlight?.source === 'taxonomy' ? highlight.label : null}
            onClearHighlight={() => onHighlight(null)}
            theme={theme}
          />
        </div>
        {highlight && (
          <Splitter
            orientation="horizontal"
            label="Resize the details pane"
            testId="splitter-detail"
            value={sizes.detail}
            min={LIMITS.detail.min}
            max={LIMITS.detail.max}
            onResize={(d, phase) => resize('detail', (start) => start - d, phase)}
            onReset={() => reset('detail')}
          />
        )}
        <div className={`detail-wrap workbench${highlight ? '' : ' is-empty'}`}>
          {api && (
            <DetailPane
              api={api}
              highlight={highlight}
              shared={labels.topics}
              onSelectTopic={(clusterId) => onHighlight({ source: 'topic', clusterId })}
              onClear={() => onHighlight(null)}
            />
          )}
        </div>
      </div>
      <Splitter
        orientation="vertical"
        label="Resize the side pane"
        testId="splitter-side"
        value={sizes.side}
        min={LIMITS.side.min}
        max={LIMITS.side.max}
        onResize={(d, phase) => resize('side', (start) => start - d, phase)}
        onReset={() => reset('side')}
      />
      <aside className="side-pane workbench" aria-label="Topics and taxonomy">
        <section className="pane pane-topics" aria-labelledby="pane-topics-title">
          <h2 className="pane-title" id="pane-topics-title">
            Topics
          </h2>
          <div className="pane-body">
            {api && (
              <TopicsPanel
                api={api}
                selectedClusterId={selectedTopic}
                onSelectTopic={(clusterId) => onHighlight({ source: 'topic', clusterId })}
              />
            )}
          </div>
        </section>
        <Splitter
          orientation="horizontal"
          label="Resize the topic list against the taxonomy"
          testId="splitter-topics"
          value={sizes.topics * 100}
          min={LIMITS.topics.min * 100}
          max={LIMITS.topics.max * 100}
          onResize={(d, phase) => resize('topics', (start) => start + d / Math.max(sideHeight(), 1), phase)}
          onReset={() => reset('topics')}
        />
        <section className="pane pane-taxonomy" aria-labelledby="pane-taxonomy-title">
          <h2 className="pane-title" id="pane-taxonomy-title">
            Taxonomy
          </h2>
          <div className="pane-body">
            {api && (
              <TaxonomyEditor
                api={api}
                active={active}
                onSelectNode={(node) => onHighlight(selectNode(node))}
              />
            )}
          </div>
        </section>
      </aside>
    </div>
  );
}
