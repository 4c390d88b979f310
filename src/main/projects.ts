import type { ProjectSessionOptions } from '../host/project-session';

const FILTERS = [{ name: 'Taxonomist project', extensions: ['taxonomist'] }];

/** The slice of Electron's `dialog` the Home screen's Browse buttons use (tests stand in for it). */
export type ProjectDialogs = {
  showOpenDialog(options: {
    title: string;
    properties: 'openFile'[];
    filters: typeof FILTERS;
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: typeof FILTERS;
  }): Promise<{ canceled: boolean; filePath?: string }>;
};

/**
 * The desktop's project picker: a native open or save dialog, null when the person cancels it. The
 * project session (src/host) does the rest, as it does for the web host.
 */
export function nativeProjectPicker(dialogs: ProjectDialogs): NonNullable<ProjectSessionOptions['pick']> {
  return async (purpose) => {
    if (purpose === 'open') {
      const r = await dialogs.showOpenDialog({
        title: 'Open project',
        properties: ['openFile'],
        filters: FILTERS,
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    }
    const r = await dialogs.showSaveDialog({
      title: 'New project',
      defaultPath: 'papers.taxonomist',
      filters: FILTERS,
    });
    return r.canceled ? null : (r.filePath ?? null);
  };
}

/** A project file named on the desktop app's command line (`electron . path/to/file.taxonomist`), if any. */
export function projectArgument(argv: readonly string[]): string | null {
  return argv.slice(1).find((a) => !a.startsWith('-') && a.endsWith('.taxonomist')) ?? null;
}
