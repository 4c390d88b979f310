// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/shared/errors';
import { useStartJob } from '../../../src/renderer/state/use-job';
import type { TaxonomistApi } from '../../../src/shared/api';
import { cleanup, click, fakeEngine, render, settle } from '../../support/react-dom';

afterEach(cleanup);

const progressed: number[] = [];

function Runner({ api }: { api: TaxonomistApi }) {
  const run = useStartJob(api, { progress: (e) => progressed.push(e.progress.done) });
  const { job } = run;
  return (
    <>
      <button
        type="button"
        data-testid="start"
        onClick={() => void run.start({ kind: 'diagnose', params: {} })}
      >
        start
      </button>
      <button type="button" data-testid="cancel" onClick={() => void run.cancel()}>
        cancel
      </button>
      <p data-testid="state">
        {run.error
          ? `error ${run.error.code}`
          : run.starting
            ? 'starting'
            : job.status === 'running'
              ? `running ${job.jobId} ${job.progress?.done ?? '-'} eta ${job.progress?.eta ?? '-'}${run.cancelling ? ' cancelling' : ''}`
              : job.status}
      </p>
    </>
  );
}

const state = () => document.querySelector('[data-testid="state"]')!.textContent;

describe('useStartJob', () => {
  it('starts a job and follows its progress and ETA to its end, ignoring other jobs', async () => {
    progressed.length = 0;
    const fake = fakeEngine({
      'jobs:start': () => ({ jobId: 'j1' }),
      'jobs:cancel': () => ({ cancelled: true }),
    });
    await render(<Runner api={fake.api} />);
    expect(state()).toBe('idle');
    await click(document.querySelector('[data-testid="start"]'));
    expect(fake.callsTo('jobs:start')).toEqual([{ kind: 'diagnose', params: {} }]);
    expect(state()).toBe('running j1 - eta -');
    await act(async () => {
      fake.emit('job:progress', { jobId: 'other', progress: { stage: 'x', done: 9, total: 10 } });
      fake.emit('job:progress', { jobId: 'j1', progress: { stage: 'x', done: 2, total: 10, eta: 40 } });
    });
    expect(state()).toBe('running j1 2 eta 40');
    expect(progressed).toEqual([2]);
    await click(document.querySelector('[data-testid="cancel"]'));
    expect(fake.callsTo('jobs:cancel')).toEqual([{ jobId: 'j1' }]);
    expect(state()).toBe('running j1 2 eta 40 cancelling');
    await act(async () => fake.emit('job:cancelled', { jobId: 'j1' }));
    expect(state()).toBe('cancelled');
  });

  it('reports a refused start with the engine’s code', async () => {
    const fake = fakeEngine({
      'jobs:start': () => {
        throw new AppError('PROJECT_LOCKED', 'busy');
      },
    });
    await render(<Runner api={fake.api} />);
    await click(document.querySelector('[data-testid="start"]'));
    await settle();
    expect(state()).toBe('error PROJECT_LOCKED');
  });

  it('ends at finished when the job finishes', async () => {
    const fake = fakeEngine({ 'jobs:start': () => ({ jobId: 'j2' }) });
    await render(<Runner api={fake.api} />);
    await click(document.querySelector('[data-testid="start"]'));
    await act(async () => fake.emit('job:finished', { jobId: 'j2', result: null }));
    expect(state()).toBe('finished');
  });
});
