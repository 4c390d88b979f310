import { useEffect, useState } from 'react';
import { initialAppInfoState, loadAppInfo } from './app-info';
import type { AppInfoState, DesktopApi } from './app-info';
import { AppInfoPanel } from './components/AppInfoPanel';
import { ProjectPanel } from './components/ProjectPanel';
import { WorkbenchPanels } from './components/WorkbenchPanels';
import { ClusterMapSection } from './features/cluster-map/ClusterMapSection';
import { ThemeToggle, useTheme } from './features/theme/ThemeToggle';
import { HomeScreen } from './features/home/HomeScreen';
import { ProjectNav } from './features/home/ProjectNav';
import { useProjects } from './features/home/use-projects';
import type { MapHighlight } from './state/map-highlight';
import { highlightedClustersOf, selectedTopicOf, selectNode } from './state/map-highlight';
import { CurationProviders } from './state/CurationProviders';

export const PRODUCT_NAME = 'Taxonomist';
export const PRODUCT_TAGLINE = 'Turn a corpus of research papers into a reviewed topic taxonomy.';

/** The app's root. `api` is the preload's bridge, undefined when served without the desktop shell. */
export function App({ api }: { api: DesktopApi | undefined }) {
  return (
    <CurationProviders api={api}>
      <AppContent api={api} />
    </CurationProviders>
  );
}

function AppContent({ api }: { api: DesktopApi | undefined }) {
  const [appInfo, setAppInfo] = useState<AppInfoState>(() => initialAppInfoState(api));
  const theme = useTheme();
  // One selection drives the map: a topic (topics panel) or a taxonomy node's clusters.
  const [highlight, setHighlight] = useState<MapHighlight | null>(null);
  const selectedTopic = selectedTopicOf(highlight);
  // Bumped after an edit that changes documents' topics, so every view of them reloads.
  const [dataVersion, setDataVersion] = useState(0);
  const onDataChanged = () => setDataVersion((v) => v + 1);
  // Which project is open, and whether the Home screen or its workbench shows.
  const projects = useProjects(api);
  // A selection belongs to the project it was made in.
  useEffect(() => setHighlight(null), [projects.path]);

  useEffect(() => {
    let current = true;
    void loadAppInfo(api).then((next) => {
      if (current) setAppInfo(next);
    });
    return () => {
      current = false;
    };
  }, [api]);

  return (
    <main className="app">
      <header className="app-header">
        <ThemeToggle preference={theme.preference} onChange={theme.setPreference} />
        <h1 className="app-title">{PRODUCT_NAME}</h1>
        <p className="app-tagline">{PRODUCT_TAGLINE}</p>
        {api && <ProjectNav projects={projects} />}
      </header>
      {projects.view === 'loading' && <p role="status">Opening…</p>}
      {api && projects.view === 'home' && (
        <HomeScreen
          api={api}
          openPath={projects.path}
          nativePicker={projects.nativePicker}
          onOpened={projects.opened}
          onBack={projects.showWorkbench}
        />
      )}
      {projects.view === 'workbench' && (
        // Keyed by the project: every panel starts afresh on the newly opened one.
        <div className="app-workbench" key={projects.path ?? ''}>
          {api && <ProjectPanel api={api} />}
          <ClusterMapSection
            api={api}
            selectedTopic={selectedTopic}
            highlightClusters={highlightedClustersOf(highlight)}
            highlightLabel={highlight?.source === 'taxonomy' ? highlight.label : null}
            onClearHighlight={() => setHighlight(null)}
            dataVersion={dataVersion}
            onDataChanged={onDataChanged}
            theme={theme.theme}
          />
          {api && (
            <WorkbenchPanels
              api={api}
              selectedTopic={selectedTopic}
              onSelectTopic={(clusterId) => setHighlight({ source: 'topic', clusterId })}
              onSelectNode={(node) => setHighlight(selectNode(node))}
              dataVersion={dataVersion}
              onDataChanged={onDataChanged}
            />
          )}
        </div>
      )}
      <section className="app-section" aria-label="About this app">
        <AppInfoPanel state={appInfo} />
      </section>
    </main>
  );
}
