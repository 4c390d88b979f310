import type { TaxonomistApi } from '../../../shared/api';
import { ModalDialog } from '../../components/ModalDialog';
import { FileStep } from './FileStep';
import { ImportStep } from './ImportStep';
import { MappingStep } from './MappingStep';
import { useImportWizard } from './use-import-wizard';
import { ValidateStep } from './ValidateStep';
import type { WizardStep } from './wizard-state';
import { STEPS, STEP_TITLES, reachableSteps, stepProblems } from './wizard-state';
import './import.css';

type Props = {
  api: TaxonomistApi;
  open: boolean;
  onClose: () => void;
  /** A file chosen elsewhere (the native File menu): start over with it and preview it. */
  preset?: { path: string; seq: number } | null;
};

/**
 * Importing a corpus in four steps: the file, a preview with the column mapping, a check of the first
 * rows as the import would do it, then the import job with progress, cancel and the counts. The
 * wizard's state outlives its dialog, which shows while `open`.
 */
export function ImportWizard({ api, open, onClose, preset = null }: Props) {
  const wizard = useImportWizard(api, open, preset);
  const { state, setState, check, run, progress, picker, transfer, heading } = wizard;
  const { step, preview } = state;
  if (!open) return null;

  const busy = run.status === 'starting' || run.status === 'running';
  const reachable = busy || run.status !== 'idle' ? (['import'] as WizardStep[]) : reachableSteps(state);
  const problems = stepProblems(state);
  const stepIndex = STEPS.indexOf(step);

  return (
    <ModalDialog title="Import corpus" onClose={onClose} className="import-wizard" initialFocus={heading}>
      <button
        type="button"
        className="quiet import-close"
        aria-label="Close the import wizard"
        onClick={onClose}
      >
        ✕
      </button>
      <ol className="import-steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li key={s} aria-current={s === step ? 'step' : undefined}>
            <button
              type="button"
              className="import-step-button"
              disabled={s === step || !reachable.includes(s)}
              onClick={() => wizard.jump(s)}
            >
              <span className="import-step-number">{i + 1}</span> {STEP_TITLES[s]}
            </button>
          </li>
        ))}
      </ol>

      <form className="import-body" onSubmit={(e) => void wizard.forward(e)} noValidate>
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
            onBrowse={() => void wizard.browseNative()}
            onUpload={(file) => void wizard.upload(file)}
            onCancelUpload={wizard.cancelUpload}
          />
        )}
        {step === 'mapping' && preview && <MappingStep state={state} setState={setState} />}
        {step === 'validate' && <ValidateStep state={state} check={check} />}
        {step === 'import' && <ImportStep run={run} progress={progress} file={preview?.file ?? 'line'} />}

        <footer className="import-actions">
          {step !== 'import' && (
            <button type="button" onClick={wizard.back} disabled={stepIndex === 0}>
              Back
            </button>
          )}
          {(step === 'file' || step === 'mapping') && (
            <button
              type="submit"
              className="primary"
              disabled={problems.length > 0 || check.status === 'loading' || transfer.status === 'uploading'}
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
            <button type="button" onClick={() => void wizard.cancel()} disabled={run.cancelling}>
              {run.cancelling ? 'Cancelling…' : 'Cancel import'}
            </button>
          )}
          {step === 'import' && (run.status === 'cancelled' || run.status === 'failed') && (
            <button type="button" onClick={wizard.retry}>
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
    </ModalDialog>
  );
}
