import { useEffect, useState } from 'react';
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
import { followJob } from '../../state/engine-data';
import './diagnostics.css';

type Job =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; jobId: string; progress: Progress | null; cancelling?: boolean }
  | { status: 'failed'; code: string; message: string }
  | { status: 'cancelled' };

const messageOf = (e: unknown): { code: string; message: string } => ({
  code: (e as { code?: string }).code ?? 'INTERNAL',
  message: e instanceof Error ? e.message : String(e),
});

/** Embedding diagnostics: run them as a job, then explore the stored figures. */
export function DiagnosticsPanel({ api, active = true }: { api: TaxonomistApi; active?: boolean }) {
  const [result, setResult] = useState<DiagnosticsView | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [job, setJob] = useState<Job>({ status: 'idle' });

  useEffect(() => {
    if (!active) return;
    let current = true;
    api.diagnosticsGet({}).then(
      (r) => current && (setResult(r), setLoadError(null)),
      (e: unknown) => current && setLoadError(messageOf(e).message),
    );
    // A reopened window picks up diagnostics that are still running.
    api.jobsList({}).then(
      ({ jobs }) => {
        const live = jobs.find(
          (j) => j.kind === 'diagnose' && (j.status === 'running' || j.status === 'queued'),
        );
        if (!current || !live) return;
        setJob((j) =>
          j.status === 'idle' ? { status: 'running', jobId: live.id, progress: live.progress ?? null } : j,
        );
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, active]);

  const runningJobId = job.status === 'running' ? job.jobId : null;
  useEffect(() => {
    if (runningJobId === null) return;
    const id = runningJobId;
    return followJob(api, id, {
      progress: (e) =>
        setJob((j) => (j.status === 'running' && j.jobId === id ? { ...j, progress: e.progress } : j)),
      finished: () => {
        setJob({ status: 'idle' });
        api.diagnosticsGet({}).then(setResult, (err: unknown) => setLoadError(messageOf(err).message));
      },
      failed: (e) => setJob({ status: 'failed', code: e.code, message: e.message }),
      cancelled: () => setJob({ status: 'cancelled' }),
    });
  }, [api, runningJobId]);

  const start = async () => {
    setJob({ status: 'starting' });
    try {
      const { jobId } = await api.jobsStart({ kind: 'diagnose', params: {} });
      setJob({ status: 'running', jobId, progress: null });
    } catch (e) {
      setJob({ status: 'failed', ...messageOf(e) });
    }
  };

  const cancel = async () => {
    if (job.status !== 'running') return;
    setJob({ ...job, cancelling: true });
    try {
      await api.jobsCancel({ jobId: job.jobId });
    } catch (e) {
      setJob({ status: 'failed', ...messageOf(e) });
    }
  };

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
