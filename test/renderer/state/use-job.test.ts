import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api';
import type { TaxonomistApi } from '../../../src/shared/api';
import { followJob, jobReducer } from '../../../src/renderer/state/use-job';
import { unlessNotFound } from '../../../src/renderer/state/use-query';

describe('engine data helpers', () => {
  it('reads NOT_FOUND as nothing yet and passes other failures on', async () => {
    await expect(unlessNotFound(Promise.resolve(3))).resolves.toBe(3);
    await expect(unlessNotFound(Promise.reject(new ApiError('NOT_FOUND', 'no build')))).resolves.toBeNull();
    await expect(unlessNotFound(Promise.reject(new ApiError('INTERNAL', 'broken')))).rejects.toThrow(
      'broken',
    );
  });

  it('follows one job and stops listening when told', () => {
    const listeners = new Map<string, Set<(e: unknown) => void>>();
    const api = {
      on: (event: string, listener: (e: unknown) => void) => {
        const set = listeners.get(event) ?? new Set();
        set.add(listener);
        listeners.set(event, set);
        return () => set.delete(listener);
      },
    } as unknown as TaxonomistApi;
    const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
    const seen: string[] = [];
    const off = followJob(api, 'a', {
      progress: (e) => seen.push(`progress ${e.progress.done}`),
      finished: () => seen.push('finished'),
      failed: (e) => seen.push(`failed ${e.message}`),
    });
    emit('job:progress', { jobId: 'b', progress: { stage: 'embed', done: 1, total: 2 } });
    emit('job:progress', { jobId: 'a', progress: { stage: 'embed', done: 2, total: 2 } });
    emit('job:failed', { jobId: 'a', code: 'INTERNAL', message: 'boom' });
    emit('job:cancelled', { jobId: 'a' });
    emit('job:finished', { jobId: 'a', result: null });
    off();
    emit('job:finished', { jobId: 'a', result: null });
    expect(seen).toEqual(['progress 2', 'failed boom', 'finished']);
    expect([...listeners.values()].every((s) => s.size === 0)).toBe(true);
  });

  it('folds a job’s events into its state: progress while running, then how it ended', () => {
    const progress = { stage: 'embed', done: 1, total: 4, eta: 30 };
    const running = { status: 'running' as const, jobId: 'a', progress: null };
    expect(jobReducer(running, 'a', { type: 'progress', progress })).toEqual({ ...running, progress });
    const finished = jobReducer(running, 'a', { type: 'finished', result: 7 });
    expect(finished).toEqual({ status: 'finished', jobId: 'a', result: 7 });
    // A late progress event does not bring an ended job back.
    expect(jobReducer(finished, 'a', { type: 'progress', progress })).toBe(finished);
    expect(jobReducer(running, 'a', { type: 'failed', code: 'X', message: 'm' })).toEqual({
      status: 'failed',
      jobId: 'a',
      code: 'X',
      message: 'm',
    });
    expect(jobReducer(running, 'a', { type: 'cancelled' })).toEqual({ status: 'cancelled', jobId: 'a' });
  });
});
