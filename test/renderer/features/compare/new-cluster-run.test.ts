import { describe, expect, it } from 'vitest';
import { rerunParams } from '../../../../src/renderer/features/compare/NewClusterRun';

describe('another cluster run', () => {
  it('carries over the newest layouts and the stored vectors’ model, changing only the clustering', () => {
    const runs = [
      {
        id: 1,
        kind: 'reduce',
        status: 'done',
        params: { components: 5, neighbors: 15, minDist: 0.1, repulsionStrength: 3, seed: 42 },
      },
      { id: 2, kind: 'reduce', status: 'done', params: { components: 2, neighbors: 15, minDist: 0.1 } },
      { id: 3, kind: 'cluster', status: 'done', params: { minClusterSize: 10, method: 'leaf' } },
      { id: 4, kind: 'reduce', status: 'failed', params: { components: 7, neighbors: 99 } },
    ];
    expect(rerunParams(runs, 'use-lite', { method: 'eom', minClusterSize: 20 })).toEqual({
      model: 'use-lite',
      components: 5,
      neighbors: 15,
      minDist: 0.1,
      repulsionStrength: 3,
      seed: 42,
      mapNeighbors: 15,
      mapMinDist: 0.1,
      method: 'eom',
      minClusterSize: 20,
    });
    // Nothing stored yet: only the clustering is asked for.
    expect(rerunParams([], null, { method: 'leaf' })).toEqual({ method: 'leaf' });
  });
});
