import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({ BrowserWindow: { getFocusedWindow: () => null }, dialog: {} }));

const { fileHandlers } = await import('../../src/main/files');
const { AppError } = await import('../../src/shared/errors');

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
    const save = fileHandlers({ showSaveDialog, writeFile: (p, t) => writeFile(p, t, 'utf8') })[
      'files:save-text'
    ];
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
      writeFile: write,
    })['files:save-text'];
    await expect(save(input)).resolves.toEqual({ path: null });
    expect(write).not.toHaveBeenCalled();
  });

  it('reports a failed write with the path', async () => {
    const path = join(dir, 'missing-folder', 'x.md');
    const save = fileHandlers({
      showSaveDialog: async () => ({ canceled: false, filePath: path }),
      writeFile: (p, t) => writeFile(p, t, 'utf8'),
    })['files:save-text'];
    const failure = save(input);
    await expect(failure).rejects.toBeInstanceOf(AppError);
    await expect(failure).rejects.toThrow(`could not write ${path}`);
  });
});
