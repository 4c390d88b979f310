import { useEffect, useState } from 'react';
import type { TaxonomistApi } from '../../shared/api';
import type { JobKind } from '../../shared/contract';
import type { Progress } from '../../shared/progress';
import { formatEta, fraction, stageTitle } from '../features/pipeline/job-progress';

type Live = { jobId: string; kind: string; progress: Progress | null };
type Last = { tone: 'ok' | 'error' | 'muted'; text: string } | null;

// Every kind has its words (a job the command line started shows here too).
const KIND: Record<JobKind, string> = {
  build: 'Building',
  import: 'Importing',
  diagnose: 'Diagnosing',
  embed: 'Embedding',
  quantize: 'Quantizing',
  reduce: 'Reducing',
  cluster: 'Clustering',
  label: 'Labelling',
  taxonomy: 'Organising',
};
const DONE: Record<JobKind, string> = {
  build: 'Build',
  import: 'Import',
  diagnose: 'Diagnostics',
  embed: 'Embedding',
  quantize: 'Quantizing',
  reduce: 'Reduce',
  cluster: 'Clustering',
  label: 'Labelling',
  taxonomy: 'Taxonomy',
};
const known = (kind: string): kind is JobKind => Object.hasOwn(KIND, kind);

/** The status line's words for a running job: "Building · Embed 42% · 1 min 05 s left". */
export function liveText(live: Live): string {
  const head = known(live.kind) ? KIND[live.kind] : 'Working';
  const p = live.progress;
  if (!p) return `${head}…`;
  const f = fraction(p);
  const eta = formatEta(p.eta);
  return [head, `${stageTitle(p.stage)}${f === null ? '' : ` ${Math.round(f * 100)}%`}`, eta && `${eta} left`]
    .filter(Boolean)
    .join(' · ');
}

/**
 * The pipeline's state in the top bar: what runs now (stage, share done, time left), or how the last
 * job ended. A click opens the pipeline view.
 */
export function JobStatus({ api, onOpen }: { api: TaxonomistApi; onOpen: () => void }) {
  const [live, setLive] = useState<Live | null>(null);
  const [last, setLast] = useState<Last>(null);

  useEffect(() => {
    let current = true;
    api.jobsList({}).then(
      ({ jobs }) => {
        const running = jobs.find((j) => j.status === 'running' || j.status === 'queued');
        if (current && running)
          setLive((l) => l ?? { jobId: running.id, kind: running.kind, progress: running.progress });
      },
      () => undefined,
    );
    const kinds = new Map<string, string>();
    const kindOf = (jobId: string) => {
      const known = kinds.get(jobId);
      if (known) return Promise.resolve(known);
      return api.jobsGet({ jobId }).then(
        (j) => (kinds.set(jobId, j.kind), j.kind),
        () => 'job',
      );
    };
    const offs = [
      api.on('job:progress', (e) => {
        void kindOf(e.jobId).then(
          (kind) => current && setLive({ jobId: e.jobId, kind, progress: e.progress }),
        );
      }),
      api.on('job:finished', (e) => {
        setLive((l) => (l?.jobId === e.jobId ? null : l));
        void kindOf(e.jobId).then(
          (kind) => current && setLast({ tone: 'ok', text: `${known(kind) ? DONE[kind] : 'Job'} finished` }),
        );
      }),
      api.on('job:failed', (e) => {
        setLive((l) => (l?.jobId === e.jobId ? null : l));
        setLast({ tone: 'error', text: `Failed: ${e.message}` });
      }),
      api.on('job:cancelled', (e) => {
        setLive((l) => (l?.jobId === e.jobId ? null : l));
        setLast({ tone: 'muted', text: 'Cancelled' });
      }),
    ];
    return () => {
      current = false;
      offs.forEach((off) => off());
    };
  }, [api]);

  const f = live?.progress ? fraction(live.progress) : null;
  return (
    <button
      type="button"
      className={`job-status${live ? ' is-running' : last ? ` is-${last.tone}` : ''}`}
      data-testid="job-status"
      title="Open the pipeline"
      onClick={onOpen}
    >
      {live ? (
        <>
          <span className="job-status-bar" aria-hidden="true">
            <span style={{ width: `${Math.round((f ?? 0) * 100)}%` }} />
          </span>
          <span role="status">{liveText(live)}</span>
        </>
      ) : (
        <span role="status">{last?.text ?? 'Idle'}</span>
      )}
    </button>
  );
}
