// @vitest-environment happy-dom
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExportDialog } from '../../../../src/renderer/features/export/ExportDialog';
import { exportFileName, previewOf, saveText } from '../../../../src/renderer/features/export/export-model';
import { AppError } from '../../../../src/shared/errors';
import { button, cleanup, click, fakeEngine, press, render, settle } from '../../../support/react-dom';

const TEXTS: Record<string, string> = {
  outline: '. Learning analytics\n.. Dashboards\n. Collaboration scripts\n',
  headings: '# Learning analytics\n## Dashboards\n# Collaboration scripts\n',
  json: '{"nodes":[]}\n',
  csv: 'document,path\n1,Learning analytics > Dashboards\n',
};

function engine(save: (input: Record<string, unknown>) => unknown) {
  return fakeEngine({
    'taxonomy:export': ({ format }) => ({ format, text: TEXTS[format as string] }),
    'files:save-text': save,
  });
}

const unsupported = () => {
  throw new AppError('UNSUPPORTED', 'no native save dialog');
};

/** An opener button and the dialog it opens, as the taxonomy editor has them. */
function Harness(props: { api: ReturnType<typeof engine>['api']; download?: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open export
      </button>
      {open && (
        <ExportDialog
          api={props.api}
          taxonomyId={7}
          taxonomyName="CSCL scheme"
          onClose={() => setOpen(false)}
          download={props.download}
        />
      )}
    </>
  );
}

const dialog = () => document.querySelector<HTMLElement>('[role="dialog"]');
const preview = () => document.querySelector('[data-testid="export-preview"]')?.textContent;
const radio = (label: string) =>
  Array.from(document.querySelectorAll<HTMLInputElement>('input[type="radio"]')).find(
    (r) => r.parentElement?.textContent?.trim() === label,
  )!;

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('ExportDialog', () => {
  it('opens as a modal dialog with the outline previewed and focus inside', async () => {
    const { api, callsTo } = engine(unsupported);
    const { container } = await render(<Harness api={api} />);
    await click(button(container, 'Open export'));
    const d = dialog();
    expect(d).not.toBeNull();
    expect(d!.getAttribute('aria-modal')).toBe('true');
    expect(document.getElementById(d!.getAttribute('aria-labelledby')!)?.textContent).toBe(
      'Export “CSCL scheme”',
    );
    expect(d!.contains(document.activeElement)).toBe(true);
    expect(preview()).toBe(TEXTS.outline);
    expect(callsTo('taxonomy:export')).toEqual([{ taxonomyId: 7, format: 'outline' }]);
    expect(d!.textContent).toContain('cscl-scheme.md');
  });

  it('shows each line of the text as a block of its own, the text unchanged', async () => {
    const { api } = engine(unsupported);
    const { container } = await render(<Harness api={api} />);
    await click(button(container, 'Open export'));
    const lines = Array.from(document.querySelectorAll('[data-testid="export-preview"] .export-line'));
    expect(lines.map((l) => l.textContent)).toEqual([
      '. Learning analytics\n',
      '.. Dashboards\n',
      '. Collaboration scripts\n',
    ]);
    expect(preview()).toBe(TEXTS.outline);
  });

  it('re-exports and previews when the format changes', async () => {
    const { api, callsTo } = engine(unsupported);
    const { container } = await render(<Harness api={api} />);
    await click(button(container, 'Open export'));
    await click(radio('CSV'));
    expect(preview()).toBe(TEXTS.csv);
    expect(dialog()!.textContent).toContain('cscl-scheme.csv');
    await click(radio('Markdown headings'));
    expect(preview()).toContain('## Dashboards');
    expect(callsTo('taxonomy:export').map((c) => c.format)).toEqual(['outline', 'csv', 'headings']);
  });

  it('closes on Escape and gives focus back to the button that opened it', async () => {
    const { api } = engine(unsupported);
    const { container } = await render(<Harness api={api} />);
    const opener = button(container, 'Open export');
    opener.focus();
    await click(opener);
    expect(dialog()).not.toBeNull();
    await press('Escape');
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it('keeps Tab inside the dialog', async () => {
    const { api } = engine(unsupported);
    const { container } = await render(<Harness api={api} />);
    await click(button(container, 'Open export'));
    const close = button(dialog()!, 'Close');
    close.focus();
    await press('Tab');
    expect(dialog()!.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(close);
  });

  it('downloads the file when the host has no native save dialog', async () => {
    const { api, callsTo } = engine(unsupported);
    const download = vi.fn();
    const { container } = await render(<Harness api={api} download={download} />);
    await click(button(container, 'Open export'));
    await click(radio('JSON'));
    await click(button(dialog()!, 'Save…'));
    expect(callsTo('files:save-text')).toEqual([
      {
        suggestedName: 'cscl-scheme.json',
        text: TEXTS.json,
        filters: [{ name: 'JSON', extensions: ['json'] }],
      },
    ]);
    expect(download).toHaveBeenCalledWith(TEXTS.json, 'cscl-scheme.json', 'application/json');
    expect(dialog()!.textContent).toContain('Downloaded cscl-scheme.json.');
  });

  it('the default download is a link with the file name, clicked', async () => {
    const { api } = engine(unsupported);
    const clicked: { download: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    const { container } = await render(<Harness api={api} />);
    await click(button(container, 'Open export'));
    await click(button(dialog()!, 'Save…'));
    expect(clicked).toHaveLength(1);
    expect(clicked[0]!.download).toBe('cscl-scheme.md');
    expect(clicked[0]!.href).toMatch(/^blob:/);
  });

  it('saves through the native dialog where there is one, and says where', async () => {
    const { api } = engine(() => ({ path: '/home/me/cscl.md' }));
    const download = vi.fn();
    const { container } = await render(<Harness api={api} download={download} />);
    await click(button(container, 'Open export'));
    await click(button(dialog()!, 'Save…'));
    expect(download).not.toHaveBeenCalled();
    expect(dialog()!.textContent).toContain('Saved to /home/me/cscl.md.');
  });

  it('shows a failed save, and an engine error instead of the preview', async () => {
    const { api } = fakeEngine({
      'taxonomy:export': ({ format }) => {
        if (format === 'csv') throw new AppError('NOT_FOUND', 'no cluster run');
        return { format, text: TEXTS[format as string] };
      },
      'files:save-text': () => {
        throw new AppError('INTERNAL', 'disk full');
      },
    });
    const { container } = await render(<Harness api={api} />);
    await click(button(container, 'Open export'));
    await click(button(dialog()!, 'Save…'));
    expect(dialog()!.textContent).toContain('Could not save: disk full');
    await click(radio('CSV'));
    expect(dialog()!.querySelector('[role="alert"]')?.textContent).toContain('no cluster run');
    expect(button(dialog()!, 'Save…').disabled).toBe(true);
  });

  it('copies the whole text to the clipboard', async () => {
    const { api } = engine(unsupported);
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { container } = await render(<Harness api={api} />);
    await click(button(container, 'Open export'));
    await click(button(dialog()!, 'Copy'));
    await settle();
    expect(writeText).toHaveBeenCalledWith(TEXTS.outline);
    expect(dialog()!.textContent).toContain('Copied 3 lines');
  });
});

describe('export helpers', () => {
  it('names files after the taxonomy', () => {
    expect(exportFileName('CSCL scheme (v2)', 'outline')).toBe('cscl-scheme-v2.md');
    expect(exportFileName('CSCL', 'headings')).toBe('cscl-headings.md');
    expect(exportFileName('***', 'csv')).toBe('taxonomy.csv');
  });

  it('previews the head of a long text and says so', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const p = previewOf(text, 10);
    expect(p.text.split('\n')).toHaveLength(10);
    expect(p).toMatchObject({ truncated: true, totalLines: 50 });
    expect(previewOf('a\nb\n')).toEqual({ text: 'a\nb\n', truncated: false, totalLines: 2 });
  });

  it('asks a host without a native dialog only once', async () => {
    const { api, callsTo } = engine(unsupported);
    const download = vi.fn();
    for (let i = 0; i < 2; i++)
      await expect(
        saveText(api, { fileName: 'a.md', text: 'x', format: 'outline' }, download),
      ).resolves.toEqual({
        kind: 'downloaded',
        fileName: 'a.md',
      });
    expect(callsTo('files:save-text')).toHaveLength(1);
    expect(download).toHaveBeenCalledTimes(2);
  });

  it('downloads at once from a host that says it has no native dialogs, sending it no text', async () => {
    const f = fakeEngine({
      'projects:current': () => ({ path: '/p.taxonomist', nativePicker: false }),
      'files:save-text': () => ({ path: '/never' }),
    });
    const download = vi.fn();
    await expect(
      saveText(f.api, { fileName: 'big.md', text: 'x'.repeat(100), format: 'outline' }, download),
    ).resolves.toEqual({ kind: 'downloaded', fileName: 'big.md' });
    expect(f.callsTo('files:save-text')).toHaveLength(0);
    expect(download).toHaveBeenCalledWith('x'.repeat(100), 'big.md', expect.any(String));
  });

  it('reports a cancelled native dialog as cancelled', async () => {
    const { api } = engine(() => ({ path: null }));
    await expect(saveText(api, { fileName: 'a.md', text: 'x', format: 'outline' }, vi.fn())).resolves.toEqual(
      {
        kind: 'cancelled',
      },
    );
  });
});
