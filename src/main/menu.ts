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

/** What the project's history would undo and redo next, as its entries name them; null: nothing. */
export type MenuHistory = { undo: string | null; redo: string | null };

/**
 * The history's next undo and redo from an engine answer the page asked for (history:get, and the
 * state history:undo and history:redo answer with); null for any other answer.
 */
export function menuHistory(channel: string, value: unknown): MenuHistory | null {
  const state =
    channel === 'history:get'
      ? value
      : channel === 'history:undo' || channel === 'history:redo'
        ? (value as { history?: unknown } | null)?.history
        : undefined;
  if (!state || typeof state !== 'object') return null;
  const label = (e: unknown) =>
    e && typeof e === 'object' && typeof (e as { label?: unknown }).label === 'string'
      ? (e as { label: string }).label
      : null;
  const s = state as { undo?: unknown; redo?: unknown };
  return { undo: label(s.undo), redo: label(s.redo) };
}

/**
 * The native menu. Undo/Redo go to the project's edit history (every curator edit), not to the
 * focused text field's; text fields keep their own undo through the context menu and keys. They stay
 * enabled, since in a text field they undo the typing; their labels name the edit they would take.
 */
export function menuTemplate(
  actions: MenuActions,
  recent: readonly string[],
  platform: NodeJS.Platform,
  history: MenuHistory = { undo: null, redo: null },
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
      {
        label: history.undo ? `Undo ${history.undo}` : 'Undo',
        accelerator: 'CmdOrCtrl+Z',
        click: () => actions.undo(),
      },
      {
        label: history.redo ? `Redo ${history.redo}` : 'Redo',
        accelerator: 'Shift+CmdOrCtrl+Z',
        click: () => actions.redo(),
      },
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
