import { useEffect, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { initialAppInfoState, loadAppInfo } from './app-info';
import type { AppInfoState, DesktopApi } from './app-info';
import { AppInfoPanel } from './components/AppInfoPanel';
import { ComparePanel } from './features/compare/ComparePanel';
import { DiagnosticsPanel } from './features/diagnostics/DiagnosticsPanel';
import { ExportDialog } from './features/export/ExportDialog';
import { HomeScreen } from './features/home/HomeScreen';
import { ProjectNav } from './features/home/ProjectNav';
import { useProjects } from './features/home/use-projects';
import { ImportLauncher } from './features/import/ImportLauncher';
import { PipelinePanel } from './features/pipeline/PipelinePanel';
import { SettingsButton } from './features/settings/SettingsButton';
import { ThemeToggle, useTheme } from './features/theme/ThemeToggle';
import { CurateView } from './layout/CurateView';
import { JobStatus } from './layout/JobStatus';
import { layoutMode } from './layout/layout-state';
import { ProjectSummary } from './layout/ProjectSummary';
import { usePaneSizes } from './layout/use-pane-sizes';
import { CurationProviders } from './state/CurationProviders';
import { useEditHistory } from './state/EditHistoryProvider';
import { unlessNotFound, useQuery } from './state/use-query';
import type { MapHighlight } from './state/map-highlight';
import './components/workbench.css';
import './layout/layout.css';

export const PRODUCT_NAME = 'Taxonomist';
export const PRODUCT_TAGLINE = 'Turn a corpus of research papers into a reviewed topic taxonomy.';

const views = [
  { id: 'curate', label: 'Curate' },
  { id: 'pipeline', label: 'Pipeline' },
  { id: 'compare', label: 'Compare' },
  { id: 'diagnostics', label: 'Diagnostics' },
] as const;
type ViewId = (typeof views)[number]['id'];

/** Whether a key press belongs to a text field or a dialog rather than to the window's shortcuts. */
function ownedElsewhere(e: globalThis.KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return true;
  return document.querySelector('[aria-modal="true"]') !== null;
}

/**
 * The app's root: a full-window workbench. A slim top bar (project, views, pipeline status, actions),
 * the project's summary, and the views: Curate (map, details, topics, taxonomy side by side), Pipeline,
 * Compare, Diagnostics. `api` is the preload's bridge, undefined when served without the desktop shell.
 */
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
  const panes = usePaneSizes();
  // One selection drives the map, the lists and the details: a topic, or a taxonomy node's clusters.
  const [highlight, setHighlight] = useState<MapHighlight | null>(null);
  const [view, setView] = useState<ViewId>('curate');
  const [importSignal, setImportSignal] = useState(0);
  const [exporting, setExporting] = useState<{ id: number; name: string } | null>(null);
  const [exportNote, setExportNote] = useState<string | null>(null);
  // Which project is open, and whether the Home screen or its workbench shows.
  const projects = useProjects(api);
  const path = projects.path;
  // A selection and a view belong to the project they were made in.
  useEffect(() => {
    setHighlight(null);
    setView('curate');
  }, [path]);

  useEffect(() => {
    let current = true;
    void loadAppInfo(api).then((next) => {
      if (current) setAppInfo(next);
    });
    return () => {
      current = false;
    };
  }, [api]);

  // The document count decides whether Import is the call to action.
  const info = useQuery(
    api,
    'project:info',
    {},
    { enabled: projects.view === 'workbench', scope: path, invalidateOn: ['job:finished'] },
  );
  const documents = info.status === 'ready' ? info.data.documents : 0;

  // Escape clears the selection when nothing closer (a dialog, a field, the map's panel) took it.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || ownedElsewhere(e)) return;
      setHighlight(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const openExport = async () => {
    if (!api) return;
    setExportNote(null);
    try {
      const t = await unlessNotFound(api.taxonomyGet({}));
      if (t) setExporting({ id: t.taxonomy.id, name: t.taxonomy.name });
      else setExportNote('Nothing to export yet: build the project first.');
    } catch (e) {
      setExportNote(`Could not open the export: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const reviewTopics = () => {
    setView('curate');
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLElement>('.pane-topics input[type="search"], .pane-topics tbody tr')
        ?.focus(),
    );
  };

  const onViewKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const at = views.findIndex((v) => v.id === view);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = views[(at + step + views.length) % views.length]!;
    setView(next.id);
    document.getElementById(`view-tab-${next.id}`)?.focus();
  };

  const history = useEditHistory();
  const workbench = projects.view === 'workbench';
  const mode = layoutMode(panes.width);

  return (
    <div className={`app layout-${mode}`} data-layout={mode}>
      <header className="top-bar workbench">
        <h1 className="app-title" title={PRODUCT_TAGLINE}>
          {PRODUCT_NAME}
        </h1>
        {api && <ProjectNav projects={projects} />}
        {workbench && (
          <div className="view-tabs" role="tablist" aria-label="Views" onKeyDown={onViewKey}>
            {views.map((v) => (
              <button
                key={v.id}
                id={`view-tab-${v.id}`}
                type="button"
                role="tab"
                className="view-tab"
                aria-selected={view === v.id}
                aria-controls={`view-${v.id}`}
                tabIndex={view === v.id ? 0 : -1}
                onClick={() => setView(v.id)}
              >
                {v.label}
              </button>
            ))}
          </div>
        )}
        {workbench && api && <JobStatus api={api} onOpen={() => setView('pipeline')} />}
        <div className="top-actions">
          {workbench && api && (
            <>
              <ImportLauncher api={api} documents={documents} compact openSignal={importSignal} />
              <button type="button" onClick={() => setView('pipeline')} title="Set the parameters and build">
                Build…
              </button>
              <button type="button" aria-haspopup="dialog" onClick={() => void openExport()}>
                Export…
              </button>
              <div className="button-group" role="group" aria-label="Edit history">
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Undo"
                  title={history.undoLabel ? `${history.undoLabel} (Ctrl/Cmd+Z)` : 'Nothing to undo'}
                  disabled={!history.canUndo || history.busy}
                  onClick={() => void history.undo()}
                >
                  ↶
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Redo"
                  title={history.redoLabel ? `${history.redoLabel} (Ctrl/Cmd+Shift+Z)` : 'Nothing to redo'}
                  disabled={!history.canRedo || history.busy}
                  onClick={() => void history.redo()}
                >
                  ↷
                </button>
              </div>
            </>
          )}
          <ThemeToggle preference={theme.preference} onChange={theme.setPreference} />
          {api && <SettingsButton api={api} />}
          <details className="about">
            <summary title="About Taxonomist">About</summary>
            <div className="about-body">
              <p className="app-tagline">{PRODUCT_TAGLINE}</p>
              <AppInfoPanel state={appInfo} />
            </div>
          </details>
        </div>
      </header>
      {history.error && (
        <p className="top-note callout callout-error" role="alert">
          {history.error}
        </p>
      )}
      {exportNote && (
        <p className="top-note callout callout-warn" role="alert">
          {exportNote}{' '}
          <button
            type="button"
            className="icon-button quiet"
            aria-label="Dismiss"
            onClick={() => setExportNote(null)}
          >
            ×
          </button>
        </p>
      )}
      {projects.view === 'loading' && (
        <p className="app-loading" role="status">
          Opening…
        </p>
      )}
      {api && projects.view === 'home' && (
        <div className="app-scroll">
          <HomeScreen
            api={api}
            openPath={projects.path}
            nativePicker={projects.nativePicker}
            onOpened={projects.opened}
            onBack={projects.showWorkbench}
          />
        </div>
      )}
      {workbench && (
        // Keyed by the project: every view starts afresh on the newly opened one.
        <div className="app-views" key={path ?? ''}>
          {api && (
            <ProjectSummary
              api={api}
              onImport={() => setImportSignal((s) => s + 1)}
              onBuild={() => setView('pipeline')}
              onReviewTopics={reviewTopics}
              onExport={() => void openExport()}
            />
          )}
          {/* Every view stays mounted so a running build keeps its progress while another is shown. */}
          <ViewPanel id="curate" shown={view}>
            <CurateView
              api={api}
              panes={panes}
              highlight={highlight}
              onHighlight={setHighlight}
              theme={theme.theme}
              active={view === 'curate'}
            />
          </ViewPanel>
          {api && (
            <>
              <ViewPanel id="pipeline" shown={view} page>
                <PipelinePanel api={api} />
              </ViewPanel>
              <ViewPanel id="compare" shown={view} page>
                <ComparePanel api={api} active={view === 'compare'} />
              </ViewPanel>
              <ViewPanel id="diagnostics" shown={view} page>
                <DiagnosticsPanel api={api} active={view === 'diagnostics'} />
              </ViewPanel>
            </>
          )}
        </div>
      )}
      {exporting && api && (
        <ExportDialog
          api={api}
          taxonomyId={exporting.id}
          taxonomyName={exporting.name}
          onClose={() => setExporting(null)}
        />
      )}
    </div>
  );
}

/** One view of the window: kept mounted while hidden; `page` views scroll inside themselves. */
function ViewPanel({
  id,
  shown,
  page = false,
  children,
}: {
  id: ViewId;
  shown: ViewId;
  page?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={page ? 'view view-page workbench' : 'view'}
      id={`view-${id}`}
      role="tabpanel"
      aria-labelledby={`view-tab-${id}`}
      hidden={shown !== id}
    >
      {children}
    </div>
  );
}
