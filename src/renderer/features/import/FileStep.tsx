import { useRef, useState } from 'react';
import type { DragEvent } from 'react';
import { CORPUS_UPLOAD_MAX_BYTES, binarySize } from '../../../shared/contract';
import { ProgressBar } from '../../components/ProgressBar';
import type { PickerKind } from './corpus-source';
import { CORPUS_ACCEPT } from './corpus-source';
import { advice } from './import-text';
import type { Check, StepProps, Transfer } from './use-import-wizard';
import type { WizardState } from './wizard-state';
import { ENCODINGS, FORMATS, formatBytes, setSource } from './wizard-state';

type FileStepProps = StepProps & {
  check: Check;
  picker: PickerKind;
  transfer: Transfer;
  onBrowse: () => void;
  onUpload: (file: File) => void;
  onCancelUpload: () => void;
};

/** Step 1: the corpus file (typed, picked natively or uploaded), its format and its encoding. */
export function FileStep({
  state,
  setState,
  check,
  picker,
  transfer,
  onBrowse,
  onUpload,
  onCancelUpload,
}: FileStepProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const uploadingNow = transfer.status === 'uploading';
  const dropped = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file && !uploadingNow) onUpload(file);
  };
  return (
    <div className="import-file">
      <div className="import-field">
        <label htmlFor="import-path">Corpus file</label>
        <div className="import-path-row">
          <input
            id="import-path"
            type="text"
            value={state.path}
            placeholder={
              picker === 'upload' ? 'a path on the server, or upload a file' : '/home/me/papers.csv.gz'
            }
            spellCheck={false}
            autoComplete="off"
            aria-describedby="import-path-hint"
            aria-invalid={check.status === 'failed' ? true : undefined}
            disabled={uploadingNow}
            onChange={(e) => {
              const path = e.target.value;
              setState((s) => setSource(s, { path }));
            }}
          />
          {picker === 'native' && (
            <button type="button" onClick={onBrowse} disabled={check.status === 'loading'}>
              Browse…
            </button>
          )}
          {picker === 'upload' && (
            <>
              <button
                type="button"
                onClick={() => fileInput.current?.click()}
                disabled={uploadingNow || check.status === 'loading'}
                aria-describedby="import-drop-hint"
              >
                Browse…
              </button>
              <input
                ref={fileInput}
                type="file"
                accept={CORPUS_ACCEPT}
                aria-label="Upload a file from this computer"
                data-testid="import-upload-input"
                hidden
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  // Cleared, so that choosing the same file again uploads it again.
                  e.target.value = '';
                  if (file) onUpload(file);
                }}
              />
            </>
          )}
        </div>
        <span id="import-path-hint" className="import-hint">
          CSV, TSV, JSON, JSON Lines or Parquet, each optionally gzip-compressed (.gz). Only the start of the
          file is read for the preview.
          {picker === 'upload' && (
            <>
              {' '}
              A typed path is read on the computer that runs <code>taxonomist serve</code>; Browse… uploads a
              file from this one.
            </>
          )}
        </span>
      </div>
      {picker === 'upload' && (
        <div
          className="import-drop"
          data-dragging={dragging || undefined}
          data-testid="import-drop-zone"
          onDragEnter={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragOver={(e) => {
            e.preventDefault();
            e.dataTransfer.dropEffect = uploadingNow ? 'none' : 'copy';
          }}
          onDragLeave={(e) => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={dropped}
        >
          <span id="import-drop-hint">
            Or drop a corpus file here to upload it (up to {binarySize(CORPUS_UPLOAD_MAX_BYTES)}).
          </span>
        </div>
      )}
      {transfer.status === 'uploading' && (
        <div className="import-upload">
          <p role="status" className="import-note">
            Uploading {transfer.name}… {formatBytes(transfer.sent)} of {formatBytes(transfer.total)}
          </p>
          <ProgressBar
            fraction={transfer.total > 0 ? transfer.sent / transfer.total : null}
            label="Upload progress"
            className="import-bar"
          />
          <button type="button" onClick={onCancelUpload}>
            Cancel upload
          </button>
        </div>
      )}
      {transfer.status === 'done' && transfer.path === state.path && (
        <p className="import-note" data-testid="import-uploaded">
          Uploaded {transfer.name} ({formatBytes(transfer.bytes)}) to the server.
        </p>
      )}
      {transfer.status === 'failed' && (
        <div role="alert" className="import-failure callout callout-error">
          <strong>The file was not uploaded.</strong> {transfer.message}
        </div>
      )}
      <div className="import-field-row">
        <div className="import-field">
          <label htmlFor="import-format">Format</label>
          <select
            id="import-format"
            value={state.format}
            onChange={(e) => {
              const format = e.target.value as WizardState['format'];
              setState((s) => setSource(s, { format }));
            }}
          >
            {FORMATS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="import-field">
          <label htmlFor="import-encoding">Text encoding</label>
          <select
            id="import-encoding"
            value={state.encoding}
            onChange={(e) => {
              const encoding = e.target.value as WizardState['encoding'];
              setState((s) => setSource(s, { encoding }));
            }}
          >
            {ENCODINGS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {check.status === 'loading' && (
        <p role="status" className="import-note">
          Reading the start of the file…
        </p>
      )}
      {check.status === 'failed' && (
        <div role="alert" className="import-failure callout callout-error">
          <strong>The file cannot be read.</strong> {check.message}
          <p className="import-next-step">{advice(check.code)}</p>
        </div>
      )}
    </div>
  );
}
