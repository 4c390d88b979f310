import { useEffect, useId, useRef, useState } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import { ModalDialog } from '../../components/ModalDialog';
import type { ExportFormat, SaveOutcome } from './export-model';
import {
  EXPORT_FORMATS,
  copyText,
  downloadText,
  exportFileName,
  previewOf,
  saveText,
  sizeText,
} from './export-model';
import './export.css';

type Props = {
  api: Pick<TaxonomistApi, 'taxonomyExport' | 'filesSaveText'> &
    Partial<Pick<TaxonomistApi, 'projectsCurrent'>>;
  /** The taxonomy to export; the engine's newest when left out. */
  taxonomyId?: number;
  /** Names the file. */
  taxonomyName: string;
  initialFormat?: ExportFormat;
  onClose: () => void;
  /** How a download happens where there is no native save dialog (tests pass a fake). */
  download?: (text: string, fileName: string, type: string) => void;
};

type Exported =
  | { status: 'loading'; format: ExportFormat }
  | { status: 'ready'; format: ExportFormat; text: string }
  | { status: 'failed'; format: ExportFormat; message: string };

type Note = { tone: 'ok' | 'error'; text: string };

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const savedText = (o: SaveOutcome): string | null =>
  o.kind === 'saved' ? `Saved to ${o.path}.` : o.kind === 'downloaded' ? `Downloaded ${o.fileName}.` : null;

/**
 * Export the taxonomy: pick a format, read the text in a preview, then copy it or save it (a native
 * save dialog in the desktop app, a download in the browser).
 */
export function ExportDialog({
  api,
  taxonomyId,
  taxonomyName,
  initialFormat = 'outline',
  onClose,
  download = downloadText,
}: Props) {
  const [format, setFormat] = useState<ExportFormat>(initialFormat);
  const [exported, setExported] = useState<Exported>({ status: 'loading', format: initialFormat });
  const [note, setNote] = useState<Note | null>(null);
  const [saving, setSaving] = useState(false);
  const firstRadio = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const groupName = useId();

  useEffect(() => {
    let current = true;
    setExported({ status: 'loading', format });
    setNote(null);
    api.taxonomyExport({ ...(taxonomyId !== undefined ? { taxonomyId } : {}), format }).then(
      ({ text }) => current && setExported({ status: 'ready', format, text }),
      (e: unknown) => current && setExported({ status: 'failed', format, message: messageOf(e) }),
    );
    return () => {
      current = false;
    };
  }, [api, taxonomyId, format]);

  const ready = exported.status === 'ready' && exported.format === format ? exported : null;
  const fileName = exportFileName(taxonomyName, format);
  const preview = ready ? previewOf(ready.text) : null;

  const copy = async () => {
    if (!ready) return;
    try {
      await copyText(ready.text);
      setNote({ tone: 'ok', text: `Copied ${sizeText(ready.text)} to the clipboard.` });
    } catch (e) {
      setNote({ tone: 'error', text: `Could not copy: ${messageOf(e)}` });
    }
  };

  const save = async () => {
    if (!ready) return;
    setSaving(true);
    try {
      const outcome = await saveText(api, { fileName, text: ready.text, format }, download);
      const text = savedText(outcome);
      setNote(text ? { tone: 'ok', text } : null);
    } catch (e) {
      setNote({ tone: 'error', text: `Could not save: ${messageOf(e)}` });
    } finally {
      setSaving(false);
    }
  };

  const current = EXPORT_FORMATS.find((f) => f.format === format);
  return (
    <ModalDialog
      title={`Export “${taxonomyName}”`}
      onClose={onClose}
      initialFocus={firstRadio}
      className="export-dialog"
      describedBy={hintId}
    >
      <fieldset className="export-formats">
        <legend>Format</legend>
        {EXPORT_FORMATS.map((f, i) => (
          <label key={f.format} className="export-format">
            <input
              ref={i === 0 ? firstRadio : undefined}
              type="radio"
              name={groupName}
              value={f.format}
              checked={format === f.format}
              onChange={() => setFormat(f.format)}
            />
            {f.label}
          </label>
        ))}
      </fieldset>
      <p id={hintId} className="export-hint">
        {current?.hint} · saved as <code>{fileName}</code>
      </p>
      {exported.status === 'failed' ? (
        <p role="alert" className="export-error">
          Could not export the taxonomy: {exported.message}
        </p>
      ) : (
        <pre
          className="export-preview"
          role="region"
          aria-label="Preview"
          aria-busy={!ready}
          tabIndex={0}
          data-testid="export-preview"
        >
          {preview ? preview.text ? <PreviewLines text={preview.text} /> : '(empty)' : 'Exporting…'}
        </pre>
      )}
      <div className="modal-actions">
        <span className="export-size" role="status">
          {note ? (
            <span className={note.tone === 'error' ? 'export-error' : 'export-ok'}>{note.text}</span>
          ) : ready && preview ? (
            `${sizeText(ready.text)}${
              preview.truncated
                ? ` · the preview shows the first ${preview.text.split('\n').length.toLocaleString('en-US')} lines`
                : ''
            }`
          ) : null}
        </span>
        <button type="button" onClick={() => void copy()} disabled={!ready}>
          Copy
        </button>
        <button type="button" className="primary" onClick={() => void save()} disabled={!ready || saving}>
          {saving ? 'Saving…' : 'Save…'}
        </button>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </ModalDialog>
  );
}

/**
 * The preview's text, one block per line with its newline kept (so it reads and copies as the file
 * does): a line too long for the preview wraps, its further rows hanging under the first.
 */
function PreviewLines({ text }: { text: string }) {
  return text.split(/(?<=\n)/).map((line, i) => (
    <span key={i} className="export-line">
      {line}
    </span>
  ));
}
