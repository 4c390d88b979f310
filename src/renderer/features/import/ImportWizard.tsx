import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { DragEvent, FormEvent, KeyboardEvent } from 'react';
import { ApiError } from '../../../shared/api';
import type { TaxonomistApi } from '../../../shared/api';
import { CORPUS_UPLOAD_MAX_BYTES, binarySize } from '../../../shared/contract';
import type { DocumentField } from '../../../shared/contract';
import type { Progress } from '../../../shared/progress';
import { formatEta, formatRate, fraction } from '../pipeline/job-progress';
import type { ImportResult, WizardState, WizardStep } from './wizard-state';
import {
  ENCODINGS,
  FIELDS,
  FORMATS,
  STEPS,
  STEP_TITLES,
  applyPreview,
  formatBytes,
  importParams,
  initialWizard,
  isCurrent,
  limitProblem,
  previewKey,
  previewRequest,
  reachableSteps,
  readResult,
  resetMapping,
  sampleText,
  setMapping,
  setSource,
  setTemplate,
  stepProblems,
  templateProblem,
} from './wizard-state';
import { ProgressBar } from '../../components/ProgressBar';
import type { PickerKind } from './corpus-source';
import { CORPUS_ACCEPT, pickerKind, uploadCorpus, uploadProblem } from './corpus-source';
import './import.css';

type Run =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; jobId: string; cancelling: boolean }
  | { status: 'finished'; result: ImportResult | null }
  | { status: 'failed'; code: string; message: string }
  | { status: 'cancelled' };

type Check = { status: 'idle' } | { status: 'loading' } | { status: 'failed'; code: string; message: string };

/** A file on its way from the browser to the web host. */
type Transfer =
  | { status: 'idle' }
  | { status: 'uploading'; name: string; sent: number; total: number }
  | { status: 'failed'; name: string; message: string }
  | { status: 'done'; name: string; bytes: number; path: string };

const errorOf = (e: unknown): { code: string; message: string } => ({
  code: (e as { code?: string }).code ?? 'INTERNAL',
  message: e instanceof Error ? e.message : String(e),
});

const count = new Intl.NumberFormat('en-US');
const FORMAT_NAMES: Record<string, string> = {
  csv: 'CSV',
  tsv: 'TSV',
  json: 'JSON array',
  jsonl: 'JSON Lines',
  parquet: 'Parquet',
};

const ENCODING_NAMES: Record<string, string> = {
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252',
  latin1: 'Latin-1',
};

/** What to do about a failed preview or import, by its code. */
function advice(code: string): string {
  if (code === 'NOT_FOUND') return 'Check the path: it is read on the computer the engine runs on.';
  if (code === 'IMPORT_FAILED')
    return 'Fix the file where the message says, or choose another format or encoding.';
  if (code === 'USAGE' || code === 'INVALID_INPUT')
    return 'Change the choices the message names and try again.';
  if (code === 'PROJECT_LOCKED')
    return 'Another job holds the project: wait for it to end, then import again.';
  return 'Try again; if it fails the same way, the message says where.';
}

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), select:not([disabled]), [tabindex="0"]';

type Props = {
  api: TaxonomistApi;
  open: boolean;
  onClose: () => void;
  /** A file chosen elsewhere (the native File menu): start over with it and preview it. */
  preset?: { path: string; seq: number } | null;
};

/**
 * Importing a corpus in four steps: the file, a preview with the column mapping, a check of the first
 * rows as the import would do it, then the import job with progress, cancel and the counts.
 */
export function ImportWizard({ api, open, onClose, preset = null }: Props) {
  const [state, setState] = useState<WizardState>(initialWizard);
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const latest = useRef(0);
  const [picker, setPicker] = useState<PickerKind>('none');
  const [transfer, setTransfer] = useState<Transfer>({ status: 'idle' });
  const uploading = useRef<AbortController | null>(null);
  // A picked or uploaded file arrives after a wait: it joins the choices made meanwhile.
  const stateRef = useRef(state);
  stateRef.current = state;
  const { step, preview } = state;

  useEffect(() => {
    let live = true;
    void pickerKind(api).then((kind) => live && setPicker(kind));
    return () => {
      live = false;
    };
  }, [api]);

  // Closing the wizard stops an upload on its way.
  useEffect(() => {
    if (!open) uploading.current?.abort();
  }, [open]);

  // Reopened after an import ended: start over. Only on opening (an effect event reads the run):
  // the run's own changes must not reset the wizard.
  const startOverIfEnded = useEffectEvent(() => {
    if (run.status === 'finished' || run.status === 'cancelled' || run.status === 'failed') {
      setState(initialWizard());
      setCheck({ status: 'idle' });
      setRun({ status: 'idle' });
      setProgress(null);
      setTransfer({ status: 'idle' });
    }
  });
  useEffect(() => {
    if (open) startOverIfEnded();
  }, [open]);

  // Once per chosen file: the preset's sequence number, not the rest of it, starts this.
  const presetSeq = preset?.seq;
  const takePreset = useEffectEvent(() => {
    if (!preset || run.status === 'starting' || run.status === 'running') return;
    const s = setSource(initialWizard(), { path: preset.path });
    setState(s);
    setRun({ status: 'idle' });
    setProgress(null);
    void requestPreview(s).then((ok) => ok && goTo('mapping'));
  });
  useEffect(() => {
    takePreset();
  }, [presetSeq]);

  // Escape closes the wizard wherever the focus is (a button that just went away leaves it on the page).
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    if (!open) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      e.preventDefault();
      closeRef.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  // The outcome of the import is announced from the step's heading (when the run's status changes,
  // not when the wizard opens).
  const announceOutcome = useEffectEvent((status: Run['status']) => {
    if (open && (status === 'finished' || status === 'cancelled' || status === 'failed'))
      heading.current?.focus();
  });
  useEffect(() => {
    announceOutcome(run.status);
  }, [run.status]);

  // A changed file, format or encoding makes an earlier failure stale.
  useEffect(() => {
    setCheck((c) => (c.status === 'failed' ? { status: 'idle' } : c));
    setTransfer((t) => (t.status === 'failed' ? { status: 'idle' } : t));
  }, [state.path, state.format, state.encoding]);

  // Each step starts at its heading, so a screen reader announces where the person is.
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open, step]);

  const runningJobId = run.status === 'running' ? run.jobId : null;
  useEffect(() => {
    if (runningJobId === null) return;
    const id = runningJobId;
    const offs = [
      api.on('job:progress', (e) => e.jobId === id && setProgress(e.progress)),
      api.on(
        'job:finished',
        (e) => e.jobId === id && setRun({ status: 'finished', result: readResult(e.result) }),
      ),
      api.on(
        'job:failed',
        (e) => e.jobId === id && setRun({ status: 'failed', code: e.code, message: e.message }),
      ),
      api.on('job:cancelled', (e) => e.jobId === id && setRun({ status: 'cancelled' })),
    ];
    // A small file is imported before this subscription exists: the stored job has the outcome.
    let current = true;
    api.jobsGet({ jobId: id }).then(
      (job) => {
        if (!current) return;
        if (job.status === 'finished') setRun({ status: 'finished', result: readResult(job.result) });
        else if (job.status === 'cancelled') setRun({ status: 'cancelled' });
        else if (job.status === 'failed')
          setRun({
            status: 'failed',
            code: job.error?.code ?? 'INTERNAL',
            message: job.error?.message ?? 'the import failed',
          });
        else if (job.progress) setProgress((p) => p ?? job.progress);
      },
      () => undefined,
    );
    return () => {
      current = false;
      offs.forEach((off) => off());
    };
  }, [api, runningJobId]);

  const requestPreview = async (s: WizardState): Promise<boolean> => {
    const ticket = ++latest.current;
    const key = previewKey(s);
    setCheck({ status: 'loading' });
    try {
      const p = await api.importPreview(previewRequest(s));
      if (ticket !== latest.current) return false;
      setState((cur) => applyPreview(cur, p, key));
      setCheck({ status: 'idle' });
      return true;
    } catch (e) {
      if (ticket === latest.current) setCheck({ status: 'failed', ...errorOf(e) });
      return false;
    }
  };

  const goTo = (next: WizardStep) => setState((s) => ({ ...s, step: next }));

  /** A file chosen with Browse… or uploaded: it fills the path, and the preview follows at once. */
  const takeFile = async (path: string) => {
    const s = setSource(stateRef.current, { path });
    setState(s);
    if (await requestPreview(s)) goTo('mapping');
  };

  const browseNative = async () => {
    try {
      const { path } = await api.filesPickCorpus();
      if (path) await takeFile(path);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNSUPPORTED') setPicker('none');
      else setCheck({ status: 'failed', ...errorOf(e) });
    }
  };

  const upload = async (file: File) => {
    const problem = uploadProblem(file);
    if (problem) {
      setTransfer({ status: 'failed', name: file.name, message: problem });
      return;
    }
    uploading.current?.abort();
    const control = new AbortController();
    uploading.current = control;
    setCheck({ status: 'idle' });
    setTransfer({ status: 'uploading', name: file.name, sent: 0, total: file.size });
    try {
      const done = await uploadCorpus(file, {
        signal: control.signal,
        onProgress: (sent, total) =>
          !control.signal.aborted && setTransfer({ status: 'uploading', name: file.name, sent, total }),
      });
      if (control.signal.aborted) return;
      uploading.current = null;
      setTransfer({ status: 'done', name: done.name, bytes: done.bytes, path: done.path });
      await takeFile(done.path);
    } catch (e) {
      if (uploading.current === control) uploading.current = null;
      const cancelled = e instanceof ApiError && e.code === 'CANCELLED';
      setTransfer(
        cancelled ? { status: 'idle' } : { status: 'failed', name: file.name, message: errorOf(e).message },
      );
    }
  };

  const forward = async (e?: FormEvent) => {
    e?.preventDefault();
    if (stepProblems(state).length > 0 || check.status === 'loading') return;
    if (step === 'file') {
      if (await requestPreview(state)) goTo('mapping');
    } else if (step === 'mapping') {
      goTo('validate');
      if (!isCurrent(state)) await requestPreview(state);
    } else if (step === 'validate') {
      await startImport();
    }
  };

  const back = () => {
    const at = STEPS.indexOf(step);
    if (at > 0) goTo(STEPS[at - 1]!);
  };

  const startImport = async () => {
    setProgress(null);
    setRun({ status: 'starting' });
    goTo('import');
    try {
      const { jobId } = await api.jobsStart({ kind: 'import', params: importParams(state) });
      setRun({ status: 'running', jobId, cancelling: false });
    } catch (e) {
      setRun({ status: 'failed', ...errorOf(e) });
    }
  };

  const cancel = async () => {
    if (run.status !== 'running') return;
    setRun({ ...run, cancelling: true });
    try {
      await api.jobsCancel({ jobId: run.jobId });
    } catch (e) {
      setRun({ status: 'failed', ...errorOf(e) });
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'Tab' || !dialog.current) return;
    // Keep Tab inside the dialog while it is open.
    const items = Array.from(dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
      (el) => !el.closest('[hidden]'),
    );
    if (items.length === 0) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && (document.activeElement === first || document.activeElement === heading.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  const busy = run.status === 'starting' || run.status === 'running';
  const reachable = busy || run.status !== 'idle' ? (['import'] as WizardStep[]) : reachableSteps(state);
  const problems = stepProblems(state);
  const stepIndex = STEPS.indexOf(step);

  return (
    <div
      className="import-overlay"
      hidden={!open}
      // A file dropped beside the drop zone would otherwise replace the page with the file.
      onDragOver={(e) => picker === 'upload' && e.preventDefault()}
      onDrop={(e) => e.preventDefault()}
    >
      <div
        ref={dialog}
        className="import-wizard"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-wizard-title"
        onKeyDown={onKeyDown}
      >
        <header className="import-header">
          <h2 id="import-wizard-title">Import corpus</h2>
          <button type="button" className="quiet" aria-label="Close the import wizard" onClick={onClose}>
            ✕
          </button>
        </header>
        <ol className="import-steps" aria-label="Steps">
          {STEPS.map((s, i) => (
            <li key={s} aria-current={s === step ? 'step' : undefined}>
              <button
                type="button"
                className="import-step-button"
                disabled={s === step || !reachable.includes(s)}
                onClick={() => {
                  goTo(s);
                  if (s === 'validate' && !isCurrent(state)) void requestPreview(state);
                }}
              >
                <span className="import-step-number">{i + 1}</span> {STEP_TITLES[s]}
              </button>
            </li>
          ))}
        </ol>

        <form className="import-body" onSubmit={(e) => void forward(e)} noValidate>
          <h3 id={`import-step-${step}`} ref={heading} tabIndex={-1} className="import-step-heading">
            Step {stepIndex + 1} of {STEPS.length}: {STEP_TITLES[step]}
          </h3>
          {step === 'file' && (
            <FileStep
              state={state}
              setState={setState}
              check={check}
              picker={picker}
              transfer={transfer}
              onBrowse={() => void browseNative()}
              onUpload={(file) => void upload(file)}
              onCancelUpload={() => uploading.current?.abort()}
            />
          )}
          {step === 'mapping' && preview && <MappingStep state={state} setState={setState} />}
          {step === 'validate' && <ValidateStep state={state} check={check} />}
          {step === 'import' && <ImportStep run={run} progress={progress} file={preview?.file ?? 'line'} />}

          <footer className="import-actions">
            {step !== 'import' && (
              <button type="button" onClick={back} disabled={stepIndex === 0}>
                Back
              </button>
            )}
            {(step === 'file' || step === 'mapping') && (
              <button
                type="submit"
                className="primary"
                disabled={
                  problems.length > 0 || check.status === 'loading' || transfer.status === 'uploading'
                }
                aria-describedby={problems.length ? 'import-problems' : undefined}
              >
                {check.status === 'loading' && step === 'file' ? 'Reading…' : 'Next'}
              </button>
            )}
            {step === 'validate' && (
              <button
                type="submit"
                className="primary"
                disabled={problems.length > 0 || check.status === 'loading'}
                aria-describedby={problems.length ? 'import-problems' : undefined}
              >
                Import
              </button>
            )}
            {step === 'import' && run.status === 'running' && (
              <button type="button" onClick={() => void cancel()} disabled={run.cancelling}>
                {run.cancelling ? 'Cancelling…' : 'Cancel import'}
              </button>
            )}
            {step === 'import' && (run.status === 'cancelled' || run.status === 'failed') && (
              <button type="button" onClick={() => (setRun({ status: 'idle' }), goTo('validate'))}>
                Back
              </button>
            )}
            {step === 'import' && !busy && (
              <button type="button" className="primary" onClick={onClose}>
                {run.status === 'finished' ? 'Done' : 'Close'}
              </button>
            )}
            {problems.length > 0 && step !== 'import' && check.status !== 'loading' && (
              <p id="import-problems" className="import-problems">
                {problems.join(' ')}
              </p>
            )}
          </footer>
        </form>
      </div>
    </div>
  );
}

type StepProps = { state: WizardState; setState: (f: (s: WizardState) => WizardState) => void };

type FileStepProps = StepProps & {
  check: Check;
  picker: PickerKind;
  transfer: Transfer;
  onBrowse: () => void;
  onUpload: (file: File) => void;
  onCancelUpload: () => void;
};

function FileStep({
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

function MappingStep({ state, setState }: StepProps) {
  const preview = state.preview!;
  const fieldOf = new Map<string, DocumentField>();
  for (const { field } of FIELDS) if (state.mapping[field]) fieldOf.set(state.mapping[field], field);
  const tplProblem = templateProblem(state.textTemplate);
  const sample = sampleText(state);
  const lProblem = limitProblem(state.limit);
  return (
    <div className="import-mapping">
      <p className="import-summary" data-testid="import-file-summary">
        <strong>{preview.file}</strong> · {FORMAT_NAMES[preview.format] ?? preview.format}
        {preview.compressed && ' (gzip)'}
        {preview.encoding && ` · ${ENCODING_NAMES[preview.encoding] ?? preview.encoding}`} ·{' '}
        {formatBytes(preview.totalBytes)} · {preview.columns.length} columns
        {preview.validation.estimatedRows !== null &&
          ` · about ${count.format(preview.validation.estimatedRows)} rows`}
        {preview.validation.complete && ` · ${count.format(preview.validation.checked)} rows`}
      </p>
      {preview.encodingNote && (
        <p className="import-warning" role="note">
          {preview.encodingNote}.
        </p>
      )}

      <fieldset className="import-fields">
        <legend>Columns for each field</legend>
        {FIELDS.map(({ field, label, hint }) => {
          const id = `import-map-${field}`;
          const value = state.mapping[field];
          const detected = preview.suggestedMapping[field] ?? '';
          return (
            <div key={field} className="import-map-row">
              <label htmlFor={id}>{label}</label>
              <select
                id={id}
                value={value}
                aria-describedby={`${id}-hint`}
                onChange={(e) => {
                  const column = e.target.value;
                  setState((s) => setMapping(s, field, column));
                }}
              >
                <option value="">— not imported —</option>
                {preview.columns.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
              <span id={`${id}-hint`} className="import-hint">
                {value && value === detected ? 'detected · ' : ''}
                {hint}
              </span>
            </div>
          );
        })}
        <div className="import-map-tools">
          <button
            type="button"
            className="quiet"
            disabled={!state.mappingEdited}
            onClick={() => setState((s) => resetMapping(s))}
          >
            Use the detected columns
          </button>
        </div>
      </fieldset>

      <div className="import-field-row">
        <div className="import-field import-field-wide">
          <label htmlFor="import-template">Text to embed</label>
          <input
            id="import-template"
            type="text"
            value={state.textTemplate}
            spellCheck={false}
            aria-invalid={tplProblem ? true : undefined}
            aria-describedby="import-template-hint"
            onChange={(e) => {
              const t = e.target.value;
              setState((s) => setTemplate(s, t));
            }}
          />
          <span id="import-template-hint" className={tplProblem ? 'import-error' : 'import-hint'}>
            {tplProblem ??
              'Fields in braces: {title}, {abstract}, {year}, {venue}, {authors}, {categories}, {id}'}
          </span>
        </div>
        <div className="import-field">
          <label htmlFor="import-limit">Import at most</label>
          <input
            id="import-limit"
            type="text"
            inputMode="numeric"
            value={state.limit}
            placeholder="every row"
            aria-invalid={lProblem ? true : undefined}
            aria-describedby="import-limit-hint"
            onChange={(e) => {
              const limit = e.target.value;
              setState((s) => ({ ...s, limit }));
            }}
          />
          <span id="import-limit-hint" className={lProblem ? 'import-error' : 'import-hint'}>
            {lProblem ?? 'documents'}
          </span>
        </div>
      </div>
      {sample !== null && (
        <p className="import-sample">
          <span className="import-hint">First row as embedded: </span>
          <q data-testid="import-sample-text">{sample}</q>
        </p>
      )}

      <div
        className="import-table-wrap"
        tabIndex={0}
        role="region"
        aria-label={`First ${preview.rows.length} rows of ${preview.file}`}
      >
        <table className="import-table" data-testid="import-preview-table">
          <caption>
            First {preview.rows.length} rows of {preview.file}
          </caption>
          <thead>
            <tr>
              <th scope="col">Line</th>
              {preview.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                  {fieldOf.has(c) && <span className="import-field-tag">{fieldOf.get(c)}</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.line} className={r.rejected ? 'is-rejected' : undefined}>
                <th scope="row">{r.line}</th>
                {r.rejected ? (
                  <td colSpan={Math.max(1, preview.columns.length)} className="import-reason">
                    Rejected: {r.rejected}
                  </td>
                ) : (
                  preview.columns.map((c) => (
                    <td key={c} className={fieldOf.has(c) ? 'is-mapped' : undefined}>
                      {r.values[c] ?? ''}
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ValidateStep({ state, check }: { state: WizardState; check: Check }) {
  if (check.status === 'loading' || !state.preview || !isCurrent(state)) {
    if (check.status === 'failed')
      return (
        <div role="alert" className="import-failure callout callout-error">
          <strong>The check failed.</strong> {check.message}
          <p className="import-next-step">{advice(check.code)}</p>
        </div>
      );
    return (
      <p role="status" className="import-note">
        Checking the first rows with the chosen columns…
      </p>
    );
  }
  const p = state.preview;
  const v = p.validation;
  return (
    <div className="import-validate">
      <p className="import-note" data-testid="import-checked">
        {v.complete
          ? `Checked all ${count.format(v.checked)} rows of ${p.file}, as the import will.`
          : `Checked the first ${count.format(v.checked)} rows of ${p.file}${
              v.estimatedRows !== null ? ` (about ${count.format(v.estimatedRows)} in all)` : ''
            }, as the import will; the rest is checked while importing.`}
      </p>
      <dl className="import-counts" data-testid="import-validation">
        <div>
          <dt>Would be imported</dt>
          <dd data-testid="import-accepted">{count.format(v.accepted)}</dd>
        </div>
        <div>
          <dt>Duplicates (skipped)</dt>
          <dd>{count.format(v.duplicates)}</dd>
        </div>
        <div className={v.rejected ? 'is-bad' : undefined}>
          <dt>Rejected</dt>
          <dd data-testid="import-rejected">{count.format(v.rejected)}</dd>
        </div>
      </dl>
      {v.mappingProblem && (
        <p role="alert" className="import-failure callout callout-error">
          {v.mappingProblem}
        </p>
      )}
      {v.fatal && (
        <div role="alert" className="import-failure callout callout-error">
          <strong>The import would stop here.</strong> {v.fatal}
          <p className="import-next-step">{advice('IMPORT_FAILED')}</p>
        </div>
      )}
      {v.rejections.length > 0 && (
        <RejectionTable
          file={p.file}
          rejections={v.rejections}
          caption={
            v.rejected > v.rejections.length
              ? `First ${v.rejections.length} of ${count.format(v.rejected)} rejected rows`
              : 'Rejected rows (skipped by the import)'
          }
        />
      )}
    </div>
  );
}

function RejectionTable({
  file,
  rejections,
  caption,
}: {
  file: string;
  rejections: { line: number; reason: string }[];
  caption: string;
}) {
  return (
    <div className="import-table-wrap import-rejections" tabIndex={0} role="region" aria-label={caption}>
      <table className="import-table" data-testid="import-rejections">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {rejections.map((r, i) => (
            <tr key={`${r.line}-${i}`}>
              <th scope="row">
                {file}:{r.line}
              </th>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImportStep({ run, progress, file }: { run: Run; progress: Progress | null; file: string }) {
  if (run.status === 'starting' || run.status === 'running') {
    const f = progress ? fraction(progress) : null;
    const bytes = progress?.unit === 'bytes';
    const rate = progress
      ? bytes
        ? formatRate((progress.rate ?? 0) / 1e6, 'MB')
        : formatRate(progress.rate, progress.unit)
      : null;
    const eta = progress ? formatEta(progress.eta) : null;
    return (
      <div className="import-progress">
        <p role="status" className="import-note">
          {run.status === 'starting' ? 'Starting the import…' : run.cancelling ? 'Cancelling…' : 'Importing…'}
          {progress?.message && ` ${progress.message}.`}
        </p>
        <ProgressBar fraction={f} label="Import progress" className="import-bar" />
        <p className="import-figures">
          {progress && progress.total !== null
            ? bytes
              ? `${formatBytes(progress.done)} of ${formatBytes(progress.total)}`
              : `${count.format(progress.done)} of ${count.format(progress.total)}`
            : ''}
          {rate && ` · ${rate}`}
          {eta && ` · ${eta} left`}
        </p>
      </div>
    );
  }
  if (run.status === 'failed')
    return (
      <div role="alert" className="import-failure callout callout-error">
        <strong>The import failed ({run.code}).</strong> {run.message}
        <p className="import-next-step">The project is unchanged. {advice(run.code)}</p>
      </div>
    );
  if (run.status === 'cancelled')
    return (
      <p role="status" className="import-note">
        Import cancelled: the project is unchanged.
      </p>
    );
  if (run.status === 'finished') {
    const r = run.result;
    if (!r)
      return (
        <p role="status" className="import-note">
          Import finished.
        </p>
      );
    return (
      <div className="import-result">
        <p role="status" className="import-note" data-testid="import-finished">
          Import finished in{' '}
          {r.seconds < 0.1 ? 'under 0.1' : r.seconds < 10 ? r.seconds.toFixed(1) : Math.round(r.seconds)} s:
          the project now has {count.format(r.documents)} documents.
        </p>
        <div className="import-bar is-complete" aria-hidden="true">
          <div className="import-bar-fill" style={{ width: '100%' }} />
        </div>
        <dl className="import-counts" data-testid="import-result">
          <div>
            <dt>Imported</dt>
            <dd data-testid="import-imported">{count.format(r.imported)}</dd>
          </div>
          <div>
            <dt>Duplicates</dt>
            <dd>
              {count.format(r.duplicateIds + r.duplicateTexts)}
              {r.duplicateIds + r.duplicateTexts > 0 && (
                <span className="import-hint">
                  {' '}
                  ({count.format(r.duplicateIds)} by id, {count.format(r.duplicateTexts)} by text)
                </span>
              )}
            </dd>
          </div>
          <div className={r.rejected ? 'is-bad' : undefined}>
            <dt>Rejected</dt>
            <dd>{count.format(r.rejected)}</dd>
          </div>
        </dl>
        {r.rejections.length > 0 && (
          <RejectionTable
            file={file}
            rejections={r.rejections}
            caption={
              r.rejected > r.rejections.length
                ? `First ${r.rejections.length} of ${count.format(r.rejected)} rejected rows`
                : 'Rejected rows'
            }
          />
        )}
      </div>
    );
  }
  return null;
}
