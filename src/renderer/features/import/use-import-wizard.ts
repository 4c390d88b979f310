import { useEffect, useEffectEvent, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { ApiError } from '../../../shared/api';
import type { TaxonomistApi } from '../../../shared/api';
import type { Progress } from '../../../shared/progress';
import { useJob } from '../../state/use-job';
import type { PickerKind } from './corpus-source';
import { pickerKind, uploadCorpus, uploadProblem } from './corpus-source';
import type { ImportResult, WizardState, WizardStep } from './wizard-state';
import {
  STEPS,
  applyPreview,
  importParams,
  initialWizard,
  isCurrent,
  previewKey,
  previewRequest,
  readResult,
  setSource,
  stepProblems,
} from './wizard-state';

export type Run =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; jobId: string; cancelling: boolean }
  | { status: 'finished'; result: ImportResult | null }
  | { status: 'failed'; code: string; message: string }
  | { status: 'cancelled' };

export type Check =
  { status: 'idle' } | { status: 'loading' } | { status: 'failed'; code: string; message: string };

/** A file on its way from the browser to the web host. */
export type Transfer =
  | { status: 'idle' }
  | { status: 'uploading'; name: string; sent: number; total: number }
  | { status: 'failed'; name: string; message: string }
  | { status: 'done'; name: string; bytes: number; path: string };

export type StepProps = { state: WizardState; setState: (f: (s: WizardState) => WizardState) => void };

const errorOf = (e: unknown): { code: string; message: string } => ({
  code: (e as { code?: string }).code ?? 'INTERNAL',
  message: e instanceof Error ? e.message : String(e),
});

const ended = (run: Run) =>
  run.status === 'finished' || run.status === 'cancelled' || run.status === 'failed';

/**
 * The import wizard's state and work: the choices (wizard-state), the preview and check of the first
 * rows, an upload to the web host, and the import job. It outlives the dialog: closing the wizard
 * during an import and opening it again shows the running import.
 */
export function useImportWizard(
  api: TaxonomistApi,
  open: boolean,
  preset: { path: string; seq: number } | null,
) {
  const [state, setState] = useState<WizardState>(initialWizard);
  const [check, setCheck] = useState<Check>({ status: 'idle' });
  const [run, setRun] = useState<Run>({ status: 'idle' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const latest = useRef(0);
  const [picker, setPicker] = useState<PickerKind>('none');
  const [transfer, setTransfer] = useState<Transfer>({ status: 'idle' });
  const uploading = useRef<AbortController | null>(null);
  // A picked or uploaded file arrives after a wait: it joins the choices made meanwhile.
  const stateRef = useRef(state);
  useLayoutEffect(() => {
    stateRef.current = state;
  });
  const { step } = state;

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

  // Reopened after an import ended: start over (decided while rendering the opening, so the run's
  // own changes never reset the wizard).
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open && ended(run)) {
      setState(initialWizard());
      setCheck({ status: 'idle' });
      setRun({ status: 'idle' });
      setProgress(null);
      setTransfer({ status: 'idle' });
    }
  }

  // The outcome of the import is announced from the step's heading.
  useEffect(() => {
    if (open && (run.status === 'finished' || run.status === 'cancelled' || run.status === 'failed'))
      heading.current?.focus();
  }, [open, run.status]);

  // A changed file, format or encoding makes an earlier failure stale (noticed while rendering).
  const source = `${state.path}\n${state.format}\n${state.encoding}`;
  const [checkedSource, setCheckedSource] = useState(source);
  if (source !== checkedSource) {
    setCheckedSource(source);
    setCheck((c) => (c.status === 'failed' ? { status: 'idle' } : c));
    setTransfer((t) => (t.status === 'failed' ? { status: 'idle' } : t));
  }

  // Each step starts at its heading, so a screen reader announces where the person is.
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open, step]);

  // A file dropped beside the drop zone would otherwise replace the page with the file.
  useEffect(() => {
    if (!open) return;
    const onDragOver = (e: DragEvent) => picker === 'upload' && e.preventDefault();
    const onDrop = (e: DragEvent) => e.preventDefault();
    document.addEventListener('dragover', onDragOver);
    document.addEventListener('drop', onDrop);
    return () => {
      document.removeEventListener('dragover', onDragOver);
      document.removeEventListener('drop', onDrop);
    };
  }, [open, picker]);

  const runningId = run.status === 'running' ? run.jobId : null;
  useJob(api, runningId, {
    progress: (e) => setProgress(e.progress),
    finished: (e) => setRun({ status: 'finished', result: readResult(e.result) }),
    failed: (e) => setRun({ status: 'failed', code: e.code, message: e.message }),
    cancelled: () => setRun({ status: 'cancelled' }),
  });
  // A small file is imported before the job's events are listened to: the stored job has the outcome.
  useEffect(() => {
    if (!runningId) return;
    let current = true;
    api.jobsGet({ jobId: runningId }).then(
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
    };
  }, [api, runningId]);

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

  // A file chosen elsewhere (the native File menu): start over with it and preview it, once per file.
  const takePreset = useEffectEvent((path: string) => {
    if (run.status === 'starting' || run.status === 'running') return;
    const s = setSource(initialWizard(), { path });
    setState(s);
    setRun({ status: 'idle' });
    setProgress(null);
    void requestPreview(s).then((ok) => ok && goTo('mapping'));
  });
  const presetSeq = preset?.seq;
  const presetPath = preset?.path;
  useEffect(() => {
    if (presetSeq !== undefined && presetPath !== undefined) takePreset(presetPath);
  }, [presetSeq, presetPath]);

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

  const cancelUpload = () => uploading.current?.abort();

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

  /** Goes to a step named in the step list; the check reruns if the choices changed since. */
  const jump = (s: WizardStep) => {
    goTo(s);
    if (s === 'validate' && !isCurrent(state)) void requestPreview(state);
  };

  /** From a failed or cancelled import back to the check, to change something and try again. */
  const retry = () => {
    setRun({ status: 'idle' });
    goTo('validate');
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

  return {
    state,
    setState,
    check,
    run,
    progress,
    picker,
    transfer,
    heading,
    forward,
    back,
    jump,
    retry,
    cancel,
    browseNative,
    upload,
    cancelUpload,
  };
}
