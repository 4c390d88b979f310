import { writeFile } from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';
import type { SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { RequestInput, RequestOutput } from '../shared/contract';
import { AppError } from '../shared/errors';

type SaveTextInput = Required<RequestInput<'files:save-text'>>;

/** What the save handler needs from Electron and the file system (tests pass fakes). */
export type FileDeps = {
  showSaveDialog(options: SaveDialogOptions): Promise<Pick<SaveDialogReturnValue, 'canceled' | 'filePath'>>;
  writeFile(path: string, text: string): Promise<void>;
};

const electronDeps: FileDeps = {
  showSaveDialog: (options) => {
    // Parented to the focused window so the sheet attaches to it on macOS.
    const window = BrowserWindow.getFocusedWindow();
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  },
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
};

/** The shell's own answer to 'files:save-text': a native save dialog, then the text written as UTF-8. */
export function fileHandlers(deps: FileDeps = electronDeps) {
  return {
    'files:save-text': async (input: unknown): Promise<RequestOutput<'files:save-text'>> => {
      const { suggestedName, text, filters } = input as SaveTextInput;
      const choice = await deps.showSaveDialog({
        title: 'Save as',
        defaultPath: suggestedName,
        filters: [...filters, { name: 'All files', extensions: ['*'] }],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (choice.canceled || !choice.filePath) return { path: null };
      try {
        await deps.writeFile(choice.filePath, text);
      } catch (e) {
        throw new AppError(
          'INTERNAL',
          `could not write ${choice.filePath}: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      return { path: choice.filePath };
    },
  };
}
