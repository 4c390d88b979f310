import { describe, expect, it } from 'vitest';
import type { TextLayer } from '@deck.gl/layers';
import { buildLayers, buildSubLayers } from '../../../../src/renderer/features/cluster-map/cluster-map-layer';
import type { ClusterMapViewModel } from '../../../../src/renderer/features/cluster-map/cluster-map-layer';
import { generateClusterMapData } from '../../../../src/renderer/features/cluster-map/fixture-data';
import {
  NOISE_COLOR,
  NOISE_COLOR_DARK,
  buildMarks,
  buildPointBuffers,
  topicAnchors,
} from '../../../../src/renderer/features/cluster-map/view-model';

const data = generateClusterMapData(3000, { seed: 9 });

function model(theme?: 'light' | 'dark'): ClusterMapViewModel {
  return {
    points: buildPointBuffers(data, { showNoise: true, highlight: null, theme }),
    marks: buildMarks(data, []),
    anchors: topicAnchors(data),
    theme,
  };
}

/** The RGBA of the first noise point drawn (noise is drawn first). */
function noiseColour(m: ClusterMapViewModel): number[] {
  const slot = Array.from(m.points.order).findIndex((i) => data.clusterIds[i]! < 0);
  expect(slot).toBeGreaterThanOrEqual(0);
  return Array.from(m.points.colors.subarray(4 * slot, 4 * slot + 4));
}

describe('the map in light and dark themes', () => {
  it('draws noise in a grey that suits the background', () => {
    expect(noiseColour(model())).toEqual([...NOISE_COLOR]);
    expect(noiseColour(model('light'))).toEqual([...NOISE_COLOR]);
    expect(noiseColour(model('dark'))).toEqual([...NOISE_COLOR_DARK]);
  });

  it('draws labels dark on light and light on dark, and hovers in a visible colour', () => {
    const label = (m: ClusterMapViewModel) => buildSubLayers(m, 5)[2] as TextLayer;
    const light = label(model('light')).props;
    const dark = label(model('dark')).props;
    const lum = (c: unknown) => (c as number[]).slice(0, 3).reduce((a, b) => a + b, 0);
    expect(lum(light.getColor)).toBeLessThan(lum(light.getBackgroundColor));
    expect(lum(dark.getColor)).toBeGreaterThan(lum(dark.getBackgroundColor));
    const hover = (m: ClusterMapViewModel) => lum(buildLayers(m)[0]!.props.highlightColor);
    expect(hover(model('dark'))).toBeGreaterThan(hover(model('light')));
  });
});
