import { writeFile } from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';
import type {
  OpenDialogOptions,
  OpenDialogReturnValue,
  SaveDialogOptions,
  SaveDialogReturnValue,
} from 'electron';
import { CORPUS_EXTENSIONS } from '../shared/contract';
import type { RequestInput, RequestOutput } from '../shared/contract';
import { AppError } from '../shared/errors';

type SaveTextInput = Required<RequestInput<'files:save-text'>>;

/** What the file handlers need from Electron and the file system (tests pass fakes). */
export type FileDeps = {
  showSaveDialog(options: SaveDialogOptions): Promise<Pick<SaveDialogReturnValue, 'canceled' | 'filePath'>>;
  showOpenDialog(options: OpenDialogOptions): Promise<Pick<OpenDialogReturnValue, 'canceled' | 'filePaths'>>;
  writeFile(path: string, text: string): Promise<void>;
};

// Dialogs are parented to the focused window so the sheet attaches to it on macOS.
const electronDeps: FileDeps = {
  showSaveDialog: (options) => {
    const window = BrowserWindow.getFocusedWindow();
    return window ? dialog.showSaveDialog(window, options) : dialog.showSaveDialog(options);
  },
  showOpenDialog: (options) => {
    const window = BrowserWindow.getFocusedWindow();
    return window ? dialog.showOpenDialog(window, options) : dialog.showOpenDialog(options);
  },
  writeFile: (path, text) => writeFile(path, text, 'utf8'),
};

/**
 * The open dialog for a corpus file. Dialog filters match one extension, so ".gz" stands for every
 * compressed format; "All files" stays, since the importer also sniffs a file's format from its bytes.
 */
export const CORPUS_DIALOG: OpenDialogOptions = {
  title: 'Import corpus',
  properties: ['openFile'],
  filters: [
    {
      name: 'Corpus files (CSV, TSV, JSON, JSON Lines, Parquet, gzip)',
      extensions: [...CORPUS_EXTENSIONS, 'gz'],
    },
    { name: 'All files', extensions: ['*'] },
  ],
};

/** Asks for a corpus file in a native open dialog; null when the person cancels. */
export async function pickCorpus(
  deps: Pick<FileDeps, 'showOpenDialog'> = electronDeps,
): Promise<string | null> {
  const choice = await deps.showOpenDialog(CORPUS_DIALOG);
  return choice.canceled ? null : (choice.filePaths[0] ?? null);
}

/**
 * The shell's own answers to 'files:save-text' (a native save dialog, then the text written as UTF-8)
 * and 'files:pick-corpus' (a native open dialog for the import wizard's Browse… button).
 */
export function fileHandlers(deps: FileDeps = electronDeps) {
  return {
    'files:pick-corpus': async (): Promise<RequestOutput<'files:pick-corpus'>> => ({
      path: await pickCorpus(deps),
    }),
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
