import { describe, expect, expectTypeOf, it } from 'vitest';
import { DEFAULT_UMAP_PARAMS } from '../../../src/engine/algorithms/umap';
import type { ClusterRunOptions } from '../../../src/engine/cluster';
import { layoutSpecOf, reduceOptionsOf } from '../../../src/engine/reduce';
import type {
  LayoutSpec,
  ReduceProjectOptions,
  UmapLayout,
  UmapRunOptions,
} from '../../../src/engine/reduce';
import { DEFAULTS, MAP_COMPONENTS } from '../../../src/shared/params';
import type { ClusterRunParams, LayoutParams } from '../../../src/shared/params';

describe('layout options from the layout schema', () => {
  it('fill what is left out with the schema defaults, under the schema names', () => {
    expect(layoutSpecOf({})).toEqual({
      components: 5,
      neighbors: 100,
      minDist: 0.1,
      spread: 1,
      seed: 42,
      knn: 'auto',
      init: 'spectral',
    });
    expect(layoutSpecOf({ epochs: 50, learningRate: 0.5, repulsionStrength: 2, probes: 4 })).toMatchObject({
      epochs: 50,
      learningRate: 0.5,
      repulsionStrength: 2,
      probes: 4,
    });
  });

  it('make a reduce run of the clustering layout and the 2-d map', () => {
    const o = reduceOptionsOf({ set: 3, neighbors: 30, repulsionStrength: 2, mapMinDist: 0.5, name: 'r' });
    expect(o).toMatchObject({ setId: 3, metric: 'cosine', name: 'r' });
    expect(o.layouts).toEqual([
      { ...layoutSpecOf({ neighbors: 30 }), repulsionStrength: 2 },
      {
        ...layoutSpecOf({}),
        components: MAP_COMPONENTS,
        neighbors: 15,
        minDist: 0.5,
        repulsionStrength: 'auto',
      },
    ]);
    expect(reduceOptionsOf({ map: false }).layouts).toHaveLength(1);
  });

  it("start UMAP itself from the schema's defaults", () => {
    expect(DEFAULT_UMAP_PARAMS).toMatchObject({
      nComponents: MAP_COMPONENTS,
      nNeighbors: DEFAULTS.mapNeighbors,
      minDist: DEFAULTS.minDist,
      spread: DEFAULTS.spread,
      learningRate: DEFAULTS.learningRate,
      negativeSampleRate: DEFAULTS.negativeSampleRate,
      repulsionStrength: 1,
    });
  });

  it('are the schema parameters, not a copy of them', () => {
    expectTypeOf<keyof UmapLayout>().toEqualTypeOf<keyof LayoutParams>();
    expectTypeOf<UmapLayout['init']>().toEqualTypeOf<LayoutParams['init']>();
    expectTypeOf<UmapRunOptions['components']>().toEqualTypeOf<number>();
    expectTypeOf<keyof LayoutSpec>().toEqualTypeOf<Exclude<keyof LayoutParams, 'metric'>>();
    expectTypeOf<LayoutSpec['repulsionStrength']>().toEqualTypeOf<number | 'auto' | undefined>();
    expectTypeOf<ReduceProjectOptions['metric']>().toEqualTypeOf<NonNullable<LayoutParams['metric']>>();
    expectTypeOf<ClusterRunOptions['method']>().toEqualTypeOf<NonNullable<ClusterRunParams['method']>>();
    expectTypeOf<ClusterRunOptions['assignNoise']>().toEqualTypeOf<ClusterRunParams['assignNoise']>();
  });
});
