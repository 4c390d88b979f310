import type { Progress } from '../../../shared/progress';
import { ProgressBar } from '../../components/ProgressBar';
import { formatEta, formatRate, fraction } from '../pipeline/job-progress';
import { advice, count } from './import-text';
import { RejectionTable } from './RejectionTable';
import type { Run } from './use-import-wizard';
import { formatBytes } from './wizard-state';

/** Step 4: the import job's progress (rate, time left), then its counts or why it stopped. */
export function ImportStep({ run, progress, file }: { run: Run; progress: Progress | null; file: string }) {
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
          <RejectionTable file={file} rejections={r.rejections} rejected={r.rejected} title="Rejected rows" />
        )}
      </div>
    );
  }
  return null;
}
