import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

// The real Electron dialog module is stood in for: the default handlers reach it through this mock.
const electron = vi.hoisted(() => ({
  focused: null as object | null,
  showOpenDialog: vi.fn(),
}));
vi.mock('electron', () => ({
  app: {},
  BrowserWindow: { getFocusedWindow: () => electron.focused },
  dialog: { showOpenDialog: electron.showOpenDialog },
}));

const { CORPUS_DIALOG, fileHandlers } = await import('../../src/main/files');
const { AppError } = await import('../../src/shared/errors');
const { formatFromExtension } = await import('../../src/engine/corpus/formats/sniff');

const noOpenDialog = async () => ({ canceled: true, filePaths: [] });

const dir = mkdtempSync(join(tmpdir(), 'taxonomist-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const input = {
  suggestedName: 'scheme.md',
  text: '. Topic\n',
  filters: [{ name: 'Markdown', extensions: ['md'] }],
};

describe("the shell's files:save-text", () => {
  it('asks where with a native save dialog, then writes the text there', async () => {
    const path = join(dir, 'chosen.md');
    const showSaveDialog = vi.fn(async () => ({ canceled: false, filePath: path }));
    const save = fileHandlers({
      showSaveDialog,
      showOpenDialog: noOpenDialog,
      writeFile: (p, t) => writeFile(p, t, 'utf8'),
    })['files:save-text'];
    await expect(save(input)).resolves.toEqual({ path });
    expect(readFileSync(path, 'utf8')).toBe('. Topic\n');
    expect(showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        defaultPath: 'scheme.md',
        filters: [
          { name: 'Markdown', extensions: ['md'] },
          { name: 'All files', extensions: ['*'] },
        ],
      }),
    );
  });

  it('answers null when the dialog is cancelled and writes nothing', async () => {
    const write = vi.fn();
    const save = fileHandlers({
      showSaveDialog: async () => ({ canceled: true, filePath: '' }),
      showOpenDialog: noOpenDialog,
      writeFile: write,
    })['files:save-text'];
    await expect(save(input)).resolves.toEqual({ path: null });
    expect(write).not.toHaveBeenCalled();
  });

  it('reports a failed write with the path', async () => {
    const path = join(dir, 'missing-folder', 'x.md');
    const save = fileHandlers({
      showSaveDialog: async () => ({ canceled: false, filePath: path }),
      showOpenDialog: noOpenDialog,
      writeFile: (p, t) => writeFile(p, t, 'utf8'),
    })['files:save-text'];
    const failure = save(input);
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toThrow(`could not write ${path}`);
  });
});

describe("the shell's files:pick-corpus", () => {
  it('answers the file chosen in a native open dialog filtered to the formats the importer reads', async () => {
    electron.focused = { id: 1 };
    electron.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/data/papers.jsonl.gz'] });
    await expect(fileHandlers()['files:pick-corpus']()).resolves.toEqual({ path: '/data/papers.jsonl.gz' });
    // Parented to the focused window, so it opens as that window's sheet.
    expect(electron.showOpenDialog).toHaveBeenCalledWith(electron.focused, CORPUS_DIALOG);
    expect(CORPUS_DIALOG.properties).toEqual(['openFile']);
    const [corpus, all] = CORPUS_DIALOG.filters!;
    expect(all).toEqual({ name: 'All files', extensions: ['*'] });
    expect(corpus!.extensions).toEqual(
      expect.arrayContaining(['jsonl', 'csv', 'tsv', 'json', 'parquet', 'gz']),
    );
    // Every ending offered is one the importer takes the format from.
    for (const ext of corpus!.extensions.filter((e) => e !== 'gz')) {
      expect(formatFromExtension(`papers.${ext}`), ext).not.toBeNull();
      expect(formatFromExtension(`papers.${ext}.gz`), ext).not.toBeNull();
    }
  });

  it('answers null when the dialog is cancelled, and opens without a window when none has the focus', async () => {
    electron.focused = null;
    electron.showOpenDialog.mockClear();
    electron.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(fileHandlers()['files:pick-corpus']()).resolves.toEqual({ path: null });
    expect(electron.showOpenDialog).toHaveBeenCalledWith(CORPUS_DIALOG);
  });

  it('is answered by the shell through the IPC router, never forwarded to the engine', async () => {
    const { registerIpcHandlers } = await import('../../src/main/ipc');
    const handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    const entryUrl = 'file:///app/out/renderer/index.html';
    const engine = { request: vi.fn() };
    const showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: ['/data/papers.csv'] }));
    registerIpcHandlers(
      { handle: (channel, run) => void handlers.set(channel, run as never) },
      entryUrl,
      () => engine,
      fileHandlers({ showSaveDialog: vi.fn(), showOpenDialog, writeFile: vi.fn() }),
    );
    const event = { senderFrame: { url: entryUrl, parent: null } };
    await expect(handlers.get('files:pick-corpus')!(event, {})).resolves.toEqual({
      ok: true,
      value: { path: '/data/papers.csv' },
    });
    await expect(handlers.get('files:pick-corpus')!(event, { extra: 1 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    expect(engine.request).not.toHaveBeenCalled();
    expect(showOpenDialog).toHaveBeenCalledTimes(1);
  });
});
