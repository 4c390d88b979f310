import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import { PipelinePanel } from '../features/pipeline/PipelinePanel';
import { TaxonomyEditor } from '../features/taxonomy/TaxonomyEditor';
import { TopicsPanel } from '../features/topics/TopicsPanel';
import { ComparePanel } from '../features/compare/ComparePanel';
import { DiagnosticsPanel } from '../features/diagnostics/DiagnosticsPanel';
import './workbench.css';

const tabs = [
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'topics', label: 'Topics' },
  { id: 'taxonomy', label: 'Taxonomy' },
  { id: 'compare', label: 'Compare' },
  { id: 'diagnostics', label: 'Diagnostics' },
] as const;
type TabId = (typeof tabs)[number]['id'];

type Props = {
  api: TaxonomistApi;
  selectedTopic?: number | null;
  onSelectTopic?: (clusterId: number) => void;
  /** A taxonomy node was selected: the map highlights the clusters of its subtree. */
  onSelectNode?: (node: { id: number; label: string; clusterIds: number[] }) => void;
  /** Changes when documents moved between topics; panels showing sizes reload. */
  dataVersion?: number;
  onDataChanged?: () => void;
};

/** The working panels under one tab bar: run the pipeline, review topics, curate the taxonomy. */
export function WorkbenchPanels({
  api,
  selectedTopic = null,
  onSelectTopic,
  onSelectNode,
  dataVersion = 0,
  onDataChanged,
}: Props) {
  const [tab, setTab] = useState<TabId>('topics');
  const onTabKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((t) => t.id === tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = tabs[(at + step + tabs.length) % tabs.length]!;
    setTab(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <section className="workbench" aria-label="Workbench">
      <div className="tab-bar" role="tablist" aria-label="Panels" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {/* Every panel stays mounted so a running build keeps its progress while another tab is open. */}
      {tabs.map((t) => (
        <div
          key={t.id}
          className="tab-panel"
          role="tabpanel"
          id={`panel-${t.id}`}
          aria-labelledby={`tab-${t.id}`}
          hidden={tab !== t.id}
        >
          {t.id === 'pipeline' && <PipelinePanel api={api} />}
          {t.id === 'compare' && <ComparePanel api={api} active={tab === 'compare'} />}
          {t.id === 'diagnostics' && <DiagnosticsPanel api={api} active={tab === 'diagnostics'} />}
          {t.id === 'topics' && (
            <TopicsPanel
              api={api}
              selectedClusterId={selectedTopic}
              onSelectTopic={onSelectTopic}
              dataVersion={dataVersion}
              onDataChanged={onDataChanged}
            />
          )}
          {t.id === 'taxonomy' && (
            <TaxonomyEditor
              api={api}
              active={tab === 'taxonomy'}
              onSelectNode={onSelectNode}
              dataVersion={dataVersion}
            />
          )}
        </div>
      ))}
    </section>
  );
}
