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
  ASSIGNED_RADIUS_PX,
  POINT_RADIUS_PX,
  SELECTION_COLOR,
  buildMarks,
  buildPointBuffers,
  lassoSelect,
  pickNearest,
  topicAnchors,
} from '../../../../src/renderer/features/cluster-map/view-model';
import type { MapOptions } from '../../../../src/renderer/features/cluster-map/view-model';

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

describe('assigned documents on the map', () => {
  // Generated data with every fifth clustered point marked assigned (HDBSCAN noise placed afterwards).
  function withAssigned() {
    const data = generateClusterMapData(3000, { seed: 9 });
    let k = 0;
    for (let i = 0; i < data.clusterIds.length; i++)
      if (data.clusterIds[i]! >= 0 && k++ % 5 === 0) data.assigned[i] = 1;
    return data;
  }
  const layerFor = (options: Partial<MapOptions>) => {
    const data = withAssigned();
    const points = buildPointBuffers(data, { showNoise: true, highlight: null, ...options });
    const m: ClusterMapViewModel = { points, marks: buildMarks(data, []), anchors: topicAnchors(data) };
    const layer = buildSubLayers(m, 5)[0]!;
    return { data, points, binary: layer.props.data as unknown as Binary };
  };

  it('draws assigned points smaller and fainter than core ones of the same topic, beneath them', () => {
    const { data, points, binary } = layerFor({});
    expect(binary.length).toBe(data.clusterIds.length);
    expect(binary.attributes.getRadius!.value).toBe(points.radii);
    expect(binary.attributes.getRadius!.size).toBe(1);
    const alpha = binary.attributes.getFillColor!.value;
    const radius = binary.attributes.getRadius!.value;
    // Per topic, the alpha and radius of its core and its assigned points.
    const seen = new Map<string, Set<string>>();
    let lastGroup = 0;
    for (let s = 0; s < points.order.length; s++) {
      const i = points.order[s]!;
      const c = data.clusterIds[i]!;
      const group = c < 0 ? 0 : data.assigned[i] ? 1 : 2;
      // Noise first, then assigned, then core on top.
      expect(group).toBeGreaterThanOrEqual(lastGroup);
      lastGroup = group;
      if (c < 0) continue;
      const key = `${c}:${group}`;
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(`${alpha[4 * s + 3]}/${radius[s]}`);
    }
    const topic = data.clusterIds.find((c) => c >= 0)!;
    const [core] = [...seen.get(`${topic}:2`)!];
    const [assigned] = [...seen.get(`${topic}:1`)!];
    const [coreAlpha, coreRadius] = core!.split('/').map(Number);
    const [assignedAlpha, assignedRadius] = assigned!.split('/').map(Number);
    expect(coreRadius).toBeCloseTo(POINT_RADIUS_PX, 5);
    expect(assignedRadius).toBeCloseTo(ASSIGNED_RADIUS_PX, 5);
    expect(assignedRadius!).toBeLessThan(coreRadius!);
    expect(assignedAlpha!).toBeLessThan(coreAlpha!);
    // Same hue: an assigned point still shows its topic.
    const sCore = points.order.findIndex((i) => data.clusterIds[i] === topic && !data.assigned[i]);
    const sAssigned = points.order.findIndex((i) => data.clusterIds[i] === topic && data.assigned[i] === 1);
    const rgb = (slot: number) => [...points.colors.slice(4 * slot, 4 * slot + 3)];
    expect(rgb(sAssigned)).toEqual(rgb(sCore));
  });

  it('leaves assigned points out when hidden, keeping core points and noise; hidden points cannot be picked', () => {
    const shown = layerFor({});
    const hidden = layerFor({ showAssigned: false });
    let assigned = 0;
    for (let i = 0; i < shown.data.assigned.length; i++) assigned += shown.data.assigned[i]!;
    expect(assigned).toBeGreaterThan(100);
    expect(hidden.binary.length).toBe(shown.binary.length - assigned);
    expect([...hidden.points.order].some((i) => shown.data.assigned[i] === 1)).toBe(false);
    expect([...hidden.points.order].filter((i) => shown.data.clusterIds[i]! < 0).length).toBe(
      [...shown.points.order].filter((i) => shown.data.clusterIds[i]! < 0).length,
    );
    expect(hidden.binary.attributes.getRadius!.value.length).toBe(hidden.binary.length);
    // CPU picking and the lasso see only what is drawn.
    const i = [...shown.points.order].find((k) => shown.data.assigned[k] === 1)!;
    const [x, y] = [shown.data.positions[2 * i]!, shown.data.positions[2 * i + 1]!];
    expect(pickNearest(shown.data.positions, shown.points.order, x, y, 1e-6)).toBe(i);
    expect(pickNearest(shown.data.positions, hidden.points.order, x, y, 1e-6)).not.toBe(i);
    const ring = [x - 1e-3, y - 1e-3, x + 1e-3, y - 1e-3, x + 1e-3, y + 1e-3, x - 1e-3, y + 1e-3];
    expect([...lassoSelect(shown.data.positions, hidden.points.order, ring)]).not.toContain(i);
    // Noise hidden as well: only core points remain.
    const coreOnly = layerFor({ showAssigned: false, showNoise: false });
    expect(
      [...coreOnly.points.order].every((k) => shown.data.clusterIds[k]! >= 0 && !shown.data.assigned[k]),
    ).toBe(true);
  });
});
