import { useCallback, useEffect, useState } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { CurrentProject } from '../../../shared/contract';

/**
 * Which screen the app shows. `loading`: asking the host which project is open; `home`: the
 * projects screen; `workbench`: the open project's panels.
 */
export type ProjectsView = 'loading' | 'home' | 'workbench';

export type ProjectsState = {
  view: ProjectsView;
  /** The open project, null when none is (or the host could not say). */
  path: string | null;
  /** Whether the host shows native file dialogs (the desktop shell). */
  nativePicker: boolean;
  /** Shows the workbench of a project the Home screen just opened. */
  opened(current: CurrentProject): void;
  showHome(): void;
  /** Back to the open project's workbench (no-op without one). */
  showWorkbench(): void;
};

type Core = { view: ProjectsView; path: string | null; nativePicker: boolean };

const initial = (api: TaxonomistApi | undefined): Core =>
  // Without a host (a file:// page) there is nothing to ask: the workbench shows its own placeholders.
  api
    ? { view: 'loading', path: null, nativePicker: false }
    : { view: 'workbench', path: null, nativePicker: false };

/**
 * The open project as the host reports it: asked once, then followed through `projects:changed`
 * (another window or tab opened one) and the desktop menu's `project-opened`.
 */
export function useProjects(api: TaxonomistApi | undefined): ProjectsState {
  const [core, setCore] = useState<Core>(() => initial(api));

  useEffect(() => {
    if (!api) return;
    let live = true;
    const follow = (path: string | null) =>
      live &&
      setCore((c) =>
        c.path === path && c.view !== 'loading'
          ? c
          : { ...c, path, view: path === null ? 'home' : 'workbench' },
      );
    api.projectsCurrent().then(
      (current) => live && setCore({ view: current.path === null ? 'home' : 'workbench', ...current }),
      // A host without the project channels serves one project: show it as before.
      () => live && setCore({ view: 'workbench', path: null, nativePicker: false }),
    );
    const offChanged = api.on('projects:changed', ({ path }) => follow(path));
    const offMenu = api.on('menu:command', (m) => {
      if (m.command === 'project-opened' && m.path) follow(m.path);
    });
    return () => {
      live = false;
      offChanged();
      offMenu();
    };
  }, [api]);

  const opened = useCallback(
    (current: CurrentProject) => setCore({ view: current.path === null ? 'home' : 'workbench', ...current }),
    [],
  );
  const showHome = useCallback(() => setCore((c) => ({ ...c, view: 'home' })), []);
  const showWorkbench = useCallback(
    () => setCore((c) => (c.path === null ? c : { ...c, view: 'workbench' })),
    [],
  );
  return { ...core, opened, showHome, showWorkbench };
}
