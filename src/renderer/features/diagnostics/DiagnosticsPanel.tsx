import { useEffect } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { DiagnosticsView } from '../../../shared/analysis';
import type { Progress } from '../../../shared/progress';
import { formatCount, formatEta, formatRate, fraction, nextStep } from '../pipeline/job-progress';
import {
  CalibrationCoverage,
  MemoryTable,
  RecallBars,
  SimilarityHeatmap,
  ValueHistogram,
} from './DiagnosticsFigures';
import '../pipeline/pipeline.css';
import { ProgressBar } from '../../components/ProgressBar';
import type { StartedJob } from '../../state/use-job';
import { useStartJob } from '../../state/use-job';
import { useQuery } from '../../state/use-query';
import './diagnostics.css';

type Job =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; jobId: string; progress: Progress | null; cancelling?: boolean }
  | { status: 'failed'; code: string; message: string }
  | { status: 'cancelled' };

/** The diagnostics job as this panel shows it: a finished one leaves only its figures. */
function jobOf(run: StartedJob): Job {
  const { job } = run;
  if (run.error) return { status: 'failed', ...run.error };
  if (run.starting) return { status: 'starting' };
  if (job.status === 'running')
    return { status: 'running', jobId: job.jobId, progress: job.progress, cancelling: run.cancelling };
  if (job.status === 'failed') return { status: 'failed', code: job.code, message: job.message };
  if (job.status === 'cancelled') return { status: 'cancelled' };
  return { status: 'idle' };
}

/** Embedding diagnostics: run them as a job, then explore the stored figures. */
export function DiagnosticsPanel({ api, active = true }: { api: TaxonomistApi; active?: boolean }) {
  // Asked while the view is shown, and again when a job (this panel's, say) finishes.
  const stored = useQuery(
    api,
    'diagnostics:get',
    {},
    { enabled: active, invalidateOn: ['job:finished'], keepPrevious: true },
  );
  const result: DiagnosticsView | null | undefined = stored.status === 'ready' ? stored.data : undefined;
  const loadError = stored.status === 'failed' ? stored.error : null;
  const run = useStartJob(api);
  const job = jobOf(run);

  // A reopened window picks up diagnostics that are still running.
  const { adopt } = run;
  useEffect(() => {
    if (!active) return;
    let current = true;
    api.jobsList({}).then(
      ({ jobs }) => {
        const live = jobs.find(
          (j) => j.kind === 'diagnose' && (j.status === 'running' || j.status === 'queued'),
        );
        if (current && live) adopt(live.id, live.progress ?? null);
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, active, adopt]);

  const start = () => run.start({ kind: 'diagnose', params: {} });
  const cancel = () => run.cancel();

  const busy = job.status === 'starting' || job.status === 'running';
  const p = job.status === 'running' ? job.progress : null;
  const f = p ? fraction(p) : null;
  const rate = p ? formatRate(p.rate, p.unit) : null;
  const eta = p ? formatEta(p.eta) : null;

  return (
    <div className="diagnostics-panel">
      <div className="panel-toolbar">
        <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
          {job.status === 'starting' ? 'Starting…' : busy ? 'Running diagnostics…' : 'Run diagnostics'}
        </button>
        {job.status === 'running' && (
          <button type="button" onClick={() => void cancel()} disabled={job.cancelling}>
            {job.cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        )}
        <span className="panel-note">
          {result
            ? `Last run ${new Date(result.createdAt).toLocaleString()} on set ${result.set.id} (${result.set.model}), ${result.seconds.toFixed(1)} s.`
            : 'Value distribution, calibration coverage, memory and neighbour recall per precision, and title similarity. About 40 s for 25,000 papers.'}
        </span>
      </div>

      {result?.stale && job.status !== 'running' && (
        <p className="diag-stale callout callout-warn" role="status" data-testid="diag-stale">
          <strong>Out of date:</strong> {result.stale}. Run the diagnostics again to see the current
          embeddings.
        </p>
      )}
      {job.status === 'running' && (
        <div className="diag-progress" data-testid="diag-progress">
          <div className="stage-head">
            <span className="stage-name">{p?.message ? `Diagnostics · ${p.message}` : 'Diagnostics'}</span>
            <span className="stage-figures">
              {p ? formatCount(p) : 'starting'}
              {rate && ` · ${rate}`}
              {eta && ` · ${eta} left`}
            </span>
          </div>
          <ProgressBar fraction={f} label="Diagnostics progress" />
        </div>
      )}
      {job.status === 'failed' && (
        <div role="alert" className="pipeline-failure callout callout-error">
          <strong>The diagnostics failed ({job.code}).</strong> {job.message}
          <p className="next-step">
            {/embedding/i.test(job.message)
              ? 'Embed the documents first (run the pipeline), then run the diagnostics again.'
              : nextStep(job.code, job.message)}
          </p>
        </div>
      )}
      {job.status === 'cancelled' && (
        <p className="panel-note" role="status">
          Cancelled{result ? '; the figures below are from the last finished run.' : '.'}
        </p>
      )}
      {loadError && (
        <p role="alert" className="panel-error">
          Could not load the stored diagnostics: {loadError}
        </p>
      )}
      {result === null && !busy && job.status !== 'failed' && (
        <p className="panel-note diag-empty">
          No diagnostics yet for this project: run them to see the figures.
        </p>
      )}
      {result && (
        <div className="diag-grid" aria-busy={busy}>
          <ValueHistogram histogram={result.histogram} />
          <div className="diag-stack">
            <CalibrationCoverage d={result} />
            <RecallBars d={result} />
          </div>
          <MemoryTable d={result} />
          <SimilarityHeatmap similarity={result.titleSimilarity} />
        </div>
      )}
    </div>
  );
}
