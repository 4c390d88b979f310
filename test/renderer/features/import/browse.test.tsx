// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { ImportWizard } from '../../../../src/renderer/features/import/ImportWizard';
import {
  CORPUS_ACCEPT,
  pickerKind,
  uploadCorpus,
  uploadProblem,
} from '../../../../src/renderer/features/import/corpus-source';
import { CORPUS_UPLOAD_MAX_BYTES, uploadTooLarge } from '../../../../src/shared/contract';
import type { ImportPreview } from '../../../../src/shared/contract';
import { AppError } from '../../../../src/shared/errors';
import { button, cleanup, click, fakeEngine, render } from '../../../support/react-dom';

afterEach(cleanup);

const preview = (path: string): ImportPreview => ({
  path,
  file: path.split('/').pop()!,
  format: 'jsonl',
  compressed: true,
  encoding: 'utf-8',
  encodingNote: null,
  totalBytes: 900,
  columns: ['id', 'title'],
  rows: [{ line: 1, values: { id: 'a', title: 'Alpha' }, rejected: null }],
  suggestedMapping: { id: 'id', title: 'title' },
  mapping: { id: 'id', title: 'title' },
  textTemplate: '{title}:{abstract}',
  sampleText: 'Alpha:',
  templateProblem: null,
  validation: {
    checked: 1,
    accepted: 1,
    duplicates: 0,
    rejected: 0,
    rejections: [],
    complete: true,
    estimatedRows: null,
    mappingProblem: null,
    fatal: null,
  },
});

const heading = () => document.querySelector('.import-step-heading')?.textContent;

describe('Browse… in the desktop app', () => {
  it('opens the native dialog, then previews the chosen file at once', async () => {
    const engine = fakeEngine({
      'projects:current': () => ({ path: '/p.taxonomist', nativePicker: true }),
      'files:pick-corpus': () => ({ path: '/data/papers.jsonl.gz' }),
      'import:preview': ({ path }) => preview(path as string),
    });
    await render(<ImportWizard api={engine.api} open onClose={() => {}} />);
    // The dialog is rendered into the page's body.
    const container = document.body;
    // No upload here: the shell reads the file where it is.
    expect(container.querySelector('input[type="file"]')).toBeNull();
    expect(container.querySelector('[data-testid="import-drop-zone"]')).toBeNull();
    await click(button(container, 'Browse…'));
    expect(engine.callsTo('files:pick-corpus')).toEqual([{}]);
    expect(engine.callsTo('import:preview')).toMatchObject([{ path: '/data/papers.jsonl.gz' }]);
    expect(heading()).toBe('Step 2 of 4: Preview and map columns');
    expect(container.querySelector('[data-testid="import-file-summary"]')?.textContent).toMatch(
      /^papers\.jsonl\.gz · JSON Lines \(gzip\)/,
    );
  });

  it('leaves everything as it was when the dialog is cancelled', async () => {
    const engine = fakeEngine({
      'projects:current': () => ({ path: '/p.taxonomist', nativePicker: true }),
      'files:pick-corpus': () => ({ path: null }),
    });
    await render(<ImportWizard api={engine.api} open onClose={() => {}} />);
    // The dialog is rendered into the page's body.
    const container = document.body;
    await click(button(container, 'Browse…'));
    expect(engine.callsTo('import:preview')).toEqual([]);
    expect(heading()).toBe('Step 1 of 4: Choose a file');
    expect(container.querySelector<HTMLInputElement>('#import-path')!.value).toBe('');
  });
});

describe('Browse… elsewhere', () => {
  it('uploads from a page served over HTTP without the shell: a file input and a drop zone', async () => {
    expect(window.location.protocol).toBe('http:');
    const engine = fakeEngine({ 'projects:current': () => ({ path: '/p.taxonomist', nativePicker: false }) });
    await render(<ImportWizard api={engine.api} open onClose={() => {}} />);
    // The dialog is rendered into the page's body.
    const container = document.body;
    const input = container.querySelector<HTMLInputElement>('input[type="file"]')!;
    expect(input.accept).toBe(CORPUS_ACCEPT);
    expect(input.hidden).toBe(true);
    expect(input.getAttribute('aria-label')).toBe('Upload a file from this computer');
    expect(container.querySelector('[data-testid="import-drop-zone"]')?.textContent).toMatch(
      /drop a corpus file here to upload it \(up to 2 GiB\)/,
    );
    // Browse… opens the browser's file chooser (the hidden input), never a request to the host.
    let chosen = 0;
    input.addEventListener('click', () => chosen++);
    await click(button(container, 'Browse…'));
    expect(chosen).toBe(1);
    expect(engine.callsTo('files:pick-corpus')).toEqual([]);
    // The typed path stays for files on the computer that runs the host.
    expect(container.querySelector('#import-path')).not.toBeNull();
  });

  it('uploads on the web host, and a host that turns out to have no dialog falls back to it', async () => {
    const native = fakeEngine({ 'projects:current': () => ({ path: null, nativePicker: true }) });
    const web = fakeEngine({ 'projects:current': () => ({ path: null, nativePicker: false }) });
    const broken = fakeEngine({
      'projects:current': () => {
        throw new AppError('INTERNAL', 'down');
      },
    });
    expect(await pickerKind(native.api, () => true)).toBe('native');
    expect(await pickerKind(web.api, () => true)).toBe('upload');
    expect(await pickerKind(web.api, () => false)).toBe('none');
    expect(await pickerKind(broken.api, () => true)).toBe('upload');
    expect(await pickerKind({}, () => false)).toBe('none');
  });
});

describe('the upload’s own checks', () => {
  it('offers the endings the importer reads, compressed or not', () => {
    expect(CORPUS_ACCEPT.split(',')).toEqual(
      expect.arrayContaining(['.csv', '.tsv', '.json', '.jsonl', '.parquet', '.gz']),
    );
  });

  it('refuses a file over the limit before sending a byte, in the host’s words', async () => {
    const big = { name: 'arxiv.jsonl.gz', size: CORPUS_UPLOAD_MAX_BYTES + 1 };
    expect(uploadProblem(big)).toBe(uploadTooLarge('arxiv.jsonl.gz', big.size));
    expect(uploadProblem(big)).toMatch(/over the 2 GiB limit for uploads/);
    expect(uploadProblem({ name: 'ok.csv', size: CORPUS_UPLOAD_MAX_BYTES })).toBeNull();
    const file = new File(['x'], 'arxiv.jsonl.gz');
    Object.defineProperty(file, 'size', { value: big.size });
    await expect(uploadCorpus(file, { origin: 'http://127.0.0.1:1' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: uploadTooLarge('arxiv.jsonl.gz', big.size),
    });
  });
});
