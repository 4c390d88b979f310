import type { MenuItemConstructorOptions } from 'electron';

/** What the menu asks the app to do; the shell wires these to dialogs, the engine and the window. */
export type MenuActions = {
  newProject(): void;
  openProject(): void;
  openRecent(path: string): void;
  importCorpus(): void;
  exportTaxonomy(): void;
  undo(): void;
  redo(): void;
};

/**
 * The native menu. Undo/Redo go to the app's own command history (taxonomy and label edits), not to
 * the focused text field's; text fields keep their own undo through the context menu and keys.
 */
export function menuTemplate(
  actions: MenuActions,
  recent: readonly string[],
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => actions.newProject() },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProject() },
      {
        label: 'Open Recent',
        enabled: recent.length > 0,
        submenu: recent.map((path) => ({ label: path, click: () => actions.openRecent(path) })),
      },
      { type: 'separator' },
      { label: 'Import Corpus…', accelerator: 'CmdOrCtrl+I', click: () => actions.importCorpus() },
      { label: 'Export Taxonomy…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportTaxonomy() },
      { type: 'separator' },
      platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.undo() },
      { label: 'Redo', accelerator: 'Shift+CmdOrCtrl+Z', click: () => actions.redo() },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return platform === 'darwin'
    ? [{ role: 'appMenu' }, file, edit, view, { role: 'windowMenu' }]
    : [file, edit, view];
}
