import { describe, expect, it } from 'vitest';
import { liveText } from '../../../src/renderer/layout/JobStatus';

describe('the job status line', () => {
  it('names every kind of job, the command line’s stage jobs too', () => {
    expect(liveText({ jobId: 'a', kind: 'quantize', progress: null })).toBe('Quantizing…');
    expect(
      liveText({
        jobId: 'b',
        kind: 'label',
        progress: { stage: 'label', done: 1, total: 4, unit: 'clusters' },
      }),
    ).toBe('Labelling · Label topics 25%');
    expect(liveText({ jobId: 'c', kind: 'taxonomy', progress: null })).toBe('Organising…');
    expect(liveText({ jobId: 'd', kind: 'something new', progress: null })).toBe('Working…');
  });
});
