import { describe, expect, it } from 'vitest';
import {
  OUTLIER_CENTRE,
  OUTLIER_LABEL,
  generateClusterMapData,
} from '../../../../src/renderer/features/cluster-map/fixture-data';
import type { ClusterMapData } from '../../../../src/renderer/features/cluster-map/map-data';
import { fitView, zoomLimits } from '../../../../src/renderer/features/cluster-map/view-model';

type View = { target: readonly number[]; zoom: number };

/** The on-screen box (canvas pixels, flipY false) of the points `keep` accepts, at a view. */
function screenBox(data: ClusterMapData, keep: (i: number) => boolean, view: View, w: number, h: number) {
  const scale = 2 ** view.zoom;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < data.clusterIds.length; i++) {
    if (!keep(i)) continue;
    const x = w / 2 + (data.positions[2 * i]! - view.target[0]!) * scale;
    const y = h / 2 - (data.positions[2 * i + 1]! - view.target[1]!) * scale;
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  return { x0, x1, y0, y1, width: (x1 - x0) / w, height: (y1 - y0) / h };
}

describe('framing the map', () => {
  const data = generateClusterMapData(25_000, { outlier: true });
  const outlierId = data.topics.find((t) => t.label === OUTLIER_LABEL)!.clusterId;
  const bulk = (i: number) => data.clusterIds[i] !== outlierId;
  const outlying = (i: number) => data.clusterIds[i] === outlierId;

  it('generates one small topic far from the rest when asked, and the same map otherwise', () => {
    const plain = generateClusterMapData(25_000);
    expect(data.topics.length).toBe(plain.topics.length + 1);
    const sizes = data.topics.reduce((k, t) => k + t.size, 0);
    const noise = data.clusterIds.filter((c) => c < 0).length;
    expect(sizes + noise).toBe(25_000);
    const far = data.topics.find((t) => t.clusterId === outlierId)!;
    expect(far.size).toBe(125);
    const i = data.clusterIds.indexOf(outlierId);
    expect(Math.abs(data.positions[2 * i]! - OUTLIER_CENTRE[0])).toBeLessThan(5);
    // Points not moved to the outlying topic are where the plain map has them.
    expect(data.positions[2]).toBe(plain.positions[2]);
  });

  for (const [w, h] of [
    [800, 800],
    [600, 900],
  ] as const)
    it(`gives the bulk of the points at least 70% of a ${w}x${h} canvas's width, all of it in view`, () => {
      const view = fitView(data.positions, w, h);
      const box = screenBox(data, bulk, view, w, h);
      expect(box.width).toBeGreaterThanOrEqual(0.7);
      expect(box.x0).toBeGreaterThanOrEqual(0);
      expect(box.x1).toBeLessThanOrEqual(w);
      expect(box.y0).toBeGreaterThanOrEqual(0);
      expect(box.y1).toBeLessThanOrEqual(h);
      // Framing every point, outliers included, squeezes the bulk into a corner.
      const all = fitView(data.positions, w, h, { tail: 0 });
      expect(screenBox(data, bulk, all, w, h).width).toBeLessThan(0.3);
    });

  it('fills the binding side of a wide canvas with the bulk', () => {
    const [w, h] = [900, 600];
    const box = screenBox(data, bulk, fitView(data.positions, w, h), w, h);
    expect(box.height).toBeGreaterThanOrEqual(0.7);
    expect(box.width).toBeLessThanOrEqual(1);
  });

  it('lets the view zoom out far enough to bring the outliers in', () => {
    const [w, h] = [900, 600];
    const fit = fitView(data.positions, w, h);
    const { minZoom, maxZoom } = zoomLimits(data.positions, w, h, fit);
    expect(maxZoom).toBeGreaterThan(fit.zoom);
    const all = fitView(data.positions, w, h, { tail: 0 });
    expect(minZoom).toBeLessThan(all.zoom);
    const farthest = screenBox(data, outlying, { target: all.target, zoom: minZoom }, w, h);
    expect(farthest.x1).toBeLessThanOrEqual(w);
    expect(farthest.y0).toBeGreaterThanOrEqual(0);
  });

  it('frames a map without outliers whole, as before', () => {
    const plain = generateClusterMapData(25_000);
    const [w, h] = [900, 600];
    const trimmed = fitView(plain.positions, w, h);
    const all = fitView(plain.positions, w, h, { tail: 0 });
    expect(trimmed.zoom).toBeCloseTo(all.zoom, 6);
    expect(trimmed.target[0]).toBeCloseTo(all.target[0], 6);
    expect(trimmed.target[1]).toBeCloseTo(all.target[1], 6);
  });

  it('reads percentiles from a sample on large maps, quickly', () => {
    const big = generateClusterMapData(400_000, { outlier: true, seed: 3 });
    const started = performance.now();
    const view = fitView(big.positions, 800, 800);
    expect(performance.now() - started).toBeLessThan(300);
    const id = big.topics.find((t) => t.label === OUTLIER_LABEL)!.clusterId;
    const box = screenBox(big, (i) => big.clusterIds[i] !== id, view, 800, 800);
    expect(box.width).toBeGreaterThanOrEqual(0.7);
  });
});
