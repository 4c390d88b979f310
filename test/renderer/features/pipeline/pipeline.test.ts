import { describe, expect, it } from 'vitest';
import {
  buildFields,
  initialBuildForm,
  toBuildParams,
} from '../../../../src/renderer/features/pipeline/build-form';
import {
  applyProgress,
  completeAll,
  formatCount,
  formatEta,
  formatRate,
  fraction,
  nextStep,
  stageTitle,
} from '../../../../src/renderer/features/pipeline/job-progress';

describe('the build form', () => {
  it("starts from the case study's defaults", () => {
    const r = toBuildParams(initialBuildForm());
    expect(r).toEqual({
      ok: true,
      params: {
        precision: 'float32',
        calibration: 10000,
        components: 5,
        neighbors: 100,
        minDist: 0.1,
        mapNeighbors: 15,
        mapMinDist: 0.1,
        seed: 42,
        method: 'leaf',
        assignNoise: 'embedding',
        provider: 'keywords',
        sample: 25,
        taxonomyProvider: 'offline',
      },
    });
  });

  it('names only options the contract knows', () => {
    const r = toBuildParams(
      Object.fromEntries(
        buildFields.map((f) => [f.name, f.kind === 'flag' ? true : (f.choices?.[0] ?? '7')]),
      ),
    );
    expect(r.ok).toBe(true);
  });

  it('passes text and flags through and leaves blanks to the engine', () => {
    const r = toBuildParams({ ...initialBuildForm(), model: ' use-lite ', minSamples: '', force: true });
    expect(r.ok && r.params.model).toBe('use-lite');
    expect(r.ok && 'minSamples' in r.params).toBe(false);
    expect(r.ok && r.params.force).toBe(true);
  });

  it('reports bad numbers and out-of-range values per field', () => {
    const r = toBuildParams({ ...initialBuildForm(), neighbors: '12.5', minClusterSize: '1', sample: 'x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.neighbors).toBe('a whole number');
    expect(r.errors.sample).toBe('a whole number');
    expect(r.errors.minClusterSize).toBe('at least 2');
  });
});

describe('job progress', () => {
  it('keeps stages in order and completes earlier ones when a new one starts', () => {
    let s = applyProgress([], { stage: 'embed', done: 10, total: 300, rate: 50, eta: 5.8 });
    s = applyProgress(s, { stage: 'embed', done: 200, total: 300 });
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ done: 200, complete: false });
    s = applyProgress(s, { stage: 'reduce', done: 0, total: null });
    expect(s.map((x) => [x.stage, x.done, x.complete])).toEqual([
      ['embed', 300, true],
      ['reduce', 0, false],
    ]);
    expect(completeAll(s).every((x) => x.complete)).toBe(true);
  });

  it('gives a fraction only when the total is known', () => {
    expect(fraction({ done: 30, total: 120 })).toBe(0.25);
    expect(fraction({ done: 500, total: 120 })).toBe(1);
    expect(fraction({ done: 30, total: null })).toBeNull();
    expect(fraction({ done: 0, total: 0 })).toBeNull();
  });

  it('formats rate, ETA and counts for people', () => {
    expect(formatRate(1234.4, 'docs')).toBe('1,234 docs/s');
    expect(formatRate(2.345)).toBe('2.3 items/s');
    expect(formatRate(null)).toBeNull();
    expect(formatRate(0)).toBeNull();
    expect(formatEta(44.6)).toBe('45 s');
    expect(formatEta(185)).toBe('3 min 05 s');
    expect(formatEta(3725)).toBe('1 h 02 min');
    expect(formatEta(undefined)).toBeNull();
    expect(formatEta(Infinity)).toBeNull();
    expect(formatCount({ done: 1200, total: 25000 })).toBe('1,200 / 25,000');
    expect(formatCount({ done: 7, total: null })).toBe('7');
  });

  it('spells out stage names', () => {
    expect(stageTitle('knn')).toBe('Nearest neighbours');
    expect(stageTitle('umap')).toBe('UMAP layout');
    expect(stageTitle('write-exports')).toBe('Write exports');
  });

  it('says what to do next for each kind of failure', () => {
    expect(nextStep('INTERNAL', 'Mistral said 401 Unauthorized')).toMatch(/API key/);
    expect(nextStep('INVALID_INPUT', 'model jina is not cached and the build is offline')).toMatch(
      /use-lite/,
    );
    expect(nextStep('NOT_FOUND', 'no such file')).toMatch(/corpus path/);
    expect(nextStep('CANCELLED', '')).toMatch(/skipped/);
    expect(nextStep('INTERNAL', 'boom')).toMatch(/Run again/);
  });
});
