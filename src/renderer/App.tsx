import { useEffect, useState } from 'react';
import { initialAppInfoState, loadAppInfo } from './app-info';
import type { AppInfoState, DesktopApi } from './app-info';
import { AppInfoPanel } from './components/AppInfoPanel';
import { ProjectPanel } from './components/ProjectPanel';
import { WorkbenchPanels } from './components/WorkbenchPanels';
import { ClusterMapSection } from './features/cluster-map/ClusterMapSection';

export const PRODUCT_NAME = 'Taxonomist';
export const PRODUCT_TAGLINE = 'Turn a corpus of research papers into a reviewed topic taxonomy.';

/** The app's root. `api` is the preload's bridge, undefined when served without the desktop shell. */
export function App({ api }: { api: DesktopApi | undefined }) {
  const [appInfo, setAppInfo] = useState<AppInfoState>(() => initialAppInfoState(api));
  const [selectedTopic, setSelectedTopic] = useState<number | null>(null);

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
        <h1 className="app-title">{PRODUCT_NAME}</h1>
        <p className="app-tagline">{PRODUCT_TAGLINE}</p>
      </header>
      {api && <ProjectPanel api={api} />}
      <ClusterMapSection api={api} selectedTopic={selectedTopic} />
      {api && <WorkbenchPanels api={api} selectedTopic={selectedTopic} onSelectTopic={setSelectedTopic} />}
      <section className="app-section" aria-label="About this app">
        <AppInfoPanel state={appInfo} />
      </section>
    </main>
  );
}
