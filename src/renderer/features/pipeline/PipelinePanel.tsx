import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { TaxonomistApi } from '../../../shared/api';
import type { BuildField, BuildForm } from './build-form';
import { buildFields, initialBuildForm, toBuildParams } from './build-form';
import type { StageState } from './job-progress';
import {
  applyProgress,
  completeAll,
  formatCount,
  formatEta,
  formatRate,
  fraction,
  nextStep,
  stageTitle,
} from './job-progress';
import { SettingsButton } from '../settings/SettingsButton';
import type { StartedJob } from '../../state/use-job';
import { useStartJob } from '../../state/use-job';
import { ProgressBar } from '../../components/ProgressBar';
import './pipeline.css';

type Run =
  | { status: 'idle' }
  | { status: 'starting' }
  | { status: 'running'; jobId: string; cancelling: boolean }
  | { status: 'finished'; jobId: string }
  | { status: 'failed'; code: string; message: string }
  | { status: 'cancelled' };

/** The build as this panel shows it, from the job it follows. */
function runOf(build: StartedJob): Run {
  const { job } = build;
  if (build.error) return { status: 'failed', ...build.error };
  if (build.starting) return { status: 'starting' };
  if (job.status === 'running') return { status: 'running', jobId: job.jobId, cancelling: build.cancelling };
  if (job.status === 'finished') return { status: 'finished', jobId: job.jobId };
  if (job.status === 'failed') return { status: 'failed', code: job.code, message: job.message };
  if (job.status === 'cancelled') return { status: 'cancelled' };
  return { status: 'idle' };
}

const groups = [...new Set(buildFields.map((f) => f.group))];

/** The build's parameters, Run and Cancel, and a progress bar with rate and ETA per stage. */
export function PipelinePanel({ api }: { api: TaxonomistApi }) {
  const [form, setForm] = useState<BuildForm>(initialBuildForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stages, setStages] = useState<StageState[]>([]);
  const build = useStartJob(api, {
    progress: (e) => setStages((s) => applyProgress(s, e.progress)),
    finished: () => setStages(completeAll),
  });
  const run = runOf(build);
  const jobId = run.status === 'running' || run.status === 'finished' ? run.jobId : null;

  // A reopened window picks up a build that is still going.
  const { adopt } = build;
  useEffect(() => {
    let current = true;
    api.jobsList({}).then(
      ({ jobs }) => {
        const live = jobs.find(
          (j) => j.kind === 'build' && (j.status === 'running' || j.status === 'queued'),
        );
        if (!current || !live) return;
        adopt(live.id, live.progress ?? null);
        if (live.progress) setStages((s) => applyProgress(s, live.progress!));
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, adopt]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = toBuildParams(form);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setStages([]);
    await build.start({ kind: 'build', params: parsed.params });
  };

  const cancel = () => build.cancel();

  const active = run.status === 'starting' || run.status === 'running';
  const set = (name: string, value: string | boolean) => setForm((f) => ({ ...f, [name]: value }));

  const field = (f: BuildField) => {
    const id = `build-${f.name}`;
    const value = form[f.name];
    const error = errors[f.name];
    const describedBy = error ? `${id}-error` : f.hint ? `${id}-hint` : undefined;
    let control;
    if (f.kind === 'flag')
      control = (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => set(f.name, e.target.checked)}
        />
      );
    else if (f.kind === 'choice')
      control = (
        <select id={id} value={String(value)} onChange={(e) => set(f.name, e.target.value)}>
          {f.choices?.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      );
    else
      control = (
        <input
          id={id}
          type="text"
          inputMode={f.kind === 'text' ? undefined : 'decimal'}
          value={String(value)}
          placeholder={f.placeholder}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => set(f.name, e.target.value)}
        />
      );
    return (
      <div key={f.name} className={`param${f.kind === 'flag' ? ' param-flag' : ''}`}>
        <label htmlFor={id}>{f.label}</label>
        {control}
        {error ? (
          <span id={`${id}-error`} className="param-error">
            {error}
          </span>
        ) : (
          f.hint && (
            <span id={`${id}-hint`} className="param-hint">
              {f.hint}
            </span>
          )
        )}
      </div>
    );
  };

  return (
    <form className="pipeline-panel" onSubmit={(e) => void start(e)} aria-label="Pipeline">
      <fieldset className="pipeline-params" disabled={active}>
        {groups.map((g) => (
          <fieldset key={g} className="param-group">
            <legend>{g}</legend>
            {buildFields.filter((f) => f.group === g).map(field)}
          </fieldset>
        ))}
      </fieldset>
      <div className="pipeline-actions">
        <button type="submit" className="primary" disabled={active}>
          {run.status === 'starting' ? 'Starting…' : 'Run pipeline'}
        </button>
        <button
          type="button"
          onClick={() => void cancel()}
          disabled={run.status !== 'running' || run.cancelling}
        >
          {run.status === 'running' && run.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
        <button
          type="button"
          className="quiet"
          disabled={active}
          onClick={() => (setForm(initialBuildForm()), setErrors({}))}
        >
          Reset to defaults
        </button>
        <span className="panel-note" role="status">
          {run.status === 'running' && `Running${jobId ? ` (job ${jobId.slice(0, 8)})` : ''}…`}
          {run.status === 'finished' && 'Finished: the topics, taxonomy and map are up to date.'}
          {run.status === 'cancelled' && 'Cancelled.'}
        </span>
        <SettingsButton api={api} />
      </div>
      {run.status === 'failed' && (
        <div role="alert" className="pipeline-failure callout callout-error">
          <strong>The build failed ({run.code}).</strong> {run.message}
          <p className="next-step">{nextStep(run.code, run.message)}</p>
        </div>
      )}
      {run.status === 'cancelled' && <p className="panel-note">{nextStep('CANCELLED', '')}</p>}
      {stages.length > 0 && (
        <ol className="stage-list" aria-label="Stages">
          {stages.map((s) => {
            // A finished stage fills its bar even when it never knew its total.
            const f = s.complete ? 1 : fraction(s);
            const rate = formatRate(s.rate, s.unit);
            const eta = s.complete ? null : formatEta(s.eta);
            return (
              <li
                key={s.stage}
                className={`stage${s.complete ? ' is-complete' : ''}`}
                data-testid={`stage-${s.stage}`}
              >
                <div className="stage-head">
                  <span className="stage-name">{stageTitle(s.stage)}</span>
                  <span className="stage-figures">
                    {formatCount(s)}
                    {rate && ` · ${rate}`}
                    {eta && ` · ${eta} left`}
                    {s.complete && ' · done'}
                  </span>
                </div>
                <ProgressBar fraction={f} label={`${stageTitle(s.stage)} progress`} />
                {s.message && (!s.complete || !s.total) && <p className="stage-message">{s.message}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </form>
  );
}
