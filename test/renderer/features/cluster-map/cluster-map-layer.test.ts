import { describe, expect, it } from 'vitest';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import {
  ClusterMapLayer,
  buildLayers,
  buildSubLayers,
} from '../../../../src/renderer/features/cluster-map/cluster-map-layer';
import type { ClusterMapViewModel } from '../../../../src/renderer/features/cluster-map/cluster-map-layer';
import { generateClusterMapData } from '../../../../src/renderer/features/cluster-map/fixture-data';
import {
  SELECTION_COLOR,
  buildMarks,
  buildPointBuffers,
  topicAnchors,
} from '../../../../src/renderer/features/cluster-map/view-model';

// The layers are built without WebGL: deck.gl only touches the GPU when a Deck draws them.
function model(n = 2000): ClusterMapViewModel {
  const data = generateClusterMapData(n, { seed: 5 });
  return {
    points: buildPointBuffers(data, { showNoise: true, highlight: null }),
    marks: buildMarks(data, [{ indices: [0, 1, 2], color: SELECTION_COLOR }]),
    anchors: topicAnchors(data),
  };
}

type Binary = { length: number; attributes: Record<string, { value: ArrayLike<number>; size: number }> };

describe('buildLayers', () => {
  it('returns one composite layer carrying the view model', () => {
    const m = model();
    const layers = buildLayers(m);
    expect(layers).toHaveLength(1);
    expect(layers[0]).toBeInstanceOf(ClusterMapLayer);
    expect((layers[0] as ClusterMapLayer).props.model).toBe(m);
  });

  it('draws points, selection rings and labels, with binary attributes', () => {
    const m = model();
    const [points, selection, labels] = buildSubLayers(m, 5);
    expect(points).toBeInstanceOf(ScatterplotLayer);
    expect(selection).toBeInstanceOf(ScatterplotLayer);
    expect(labels).toBeInstanceOf(TextLayer);
    const data = points!.props.data as unknown as Binary;
    expect(data.length).toBe(2000);
    expect(data.attributes.getPosition!.value).toBe(m.points.positions);
    expect(data.attributes.getPosition!.value).toBeInstanceOf(Float32Array);
    expect(data.attributes.getPosition!.size).toBe(2);
    expect(data.attributes.getFillColor!.value).toBeInstanceOf(Uint8Array);
    expect(data.attributes.getFillColor!.size).toBe(4);
    expect(points!.props.pickable).toBe(true);
    const rings = selection!.props.data as unknown as Binary;
    expect(rings.length).toBe(3);
    expect(rings.attributes.getLineColor!.value).toBe(m.marks.colors);
  });

  it('hands deck.gl the same data object while the buffers are unchanged', () => {
    const m = model();
    const a = buildSubLayers(m, 1)[0]!.props.data;
    const b = buildSubLayers(m, 8)[0]!.props.data;
    expect(a).toBe(b);
  });

  it('shows fewer labels zoomed out than zoomed in', () => {
    const m = model(25_000);
    const count = (zoom: number) => (buildSubLayers(m, zoom)[2]!.props.data as unknown[]).length;
    expect(count(8)).toBe(m.anchors.length);
    expect(count(1)).toBeLessThan(count(8));
    expect(count(1)).toBeGreaterThan(0);
  });
});
