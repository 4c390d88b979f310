import { advice, count } from './import-text';
import { RejectionTable } from './RejectionTable';
import type { Check } from './use-import-wizard';
import type { WizardState } from './wizard-state';
import { isCurrent } from './wizard-state';

/** Step 3: the first rows checked as the import would check them. */
export function ValidateStep({ state, check }: { state: WizardState; check: Check }) {
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
          rejected={v.rejected}
          title="Rejected rows (skipped by the import)"
        />
      )}
    </div>
  );
}
