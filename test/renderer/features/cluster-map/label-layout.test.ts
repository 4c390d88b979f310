import { describe, expect, it } from 'vitest';
import {
  LABEL_MAX_WIDTH_PX,
  layoutLabels,
  shorten,
  textWidth,
} from '../../../../src/renderer/features/cluster-map/label-layout';
import type { LabelInput, PlacedLabel } from '../../../../src/renderer/features/cluster-map/label-layout';
import type { TextLayer } from '@deck.gl/layers';
import {
  buildSubLayers,
  placeTopicLabels,
} from '../../../../src/renderer/features/cluster-map/cluster-map-layer';
import { generateClusterMapData } from '../../../../src/renderer/features/cluster-map/fixture-data';
import {
  buildMarks,
  buildPointBuffers,
  fitView,
  topicAnchors,
} from '../../../../src/renderer/features/cluster-map/view-model';
import { seededRandom } from '../../../../src/shared/random';

const WORDS = ['graph', 'neural', 'protein', 'quantum', 'climate', 'speech', 'causal', 'privacy', 'robot'];

/** k topics with realistic labels, scattered over a width x height canvas, some right at its edges. */
function scattered(k: number, width: number, height: number, seed = 1): LabelInput[] {
  const random = seededRandom(seed);
  return Array.from({ length: k }, (_, c) => {
    const words = 2 + Math.floor(random() * 4);
    const text = Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
    const edge = c % 5;
    const x = edge === 0 ? 1 : edge === 1 ? width - 1 : random() * width;
    const y = edge === 2 ? 0 : edge === 3 ? height : random() * height;
    return { clusterId: c, text, size: Math.round(2000 / (c + 1)), x, y };
  });
}

function expectInsideAndApart(placed: PlacedLabel[], width: number, height: number) {
  for (const p of placed) {
    expect(p.x - p.w / 2).toBeGreaterThanOrEqual(0);
    expect(p.y - p.h / 2).toBeGreaterThanOrEqual(0);
    expect(p.x + p.w / 2).toBeLessThanOrEqual(width);
    expect(p.y + p.h / 2).toBeLessThanOrEqual(height);
    expect(p.w).toBeLessThanOrEqual(LABEL_MAX_WIDTH_PX);
  }
  for (let a = 0; a < placed.length; a++)
    for (let b = a + 1; b < placed.length; b++) {
      const p = placed[a]!;
      const q = placed[b]!;
      const apart = Math.abs(p.x - q.x) * 2 >= p.w + q.w || Math.abs(p.y - q.y) * 2 >= p.h + q.h;
      expect(apart, `${p.text} / ${q.text}`).toBe(true);
    }
}

describe('label layout', () => {
  it('estimates widths from characters, CJK ones wider, and shortens long labels with an ellipsis', () => {
    expect(textWidth('abcd', 10)).toBeCloseTo(24);
    expect(textWidth('蛋白质', 10)).toBeCloseTo(30);
    const long = 'a very long topic label about graph neural networks for protein structure prediction';
    const short = shorten(long, 120, 13);
    expect(short.endsWith('…')).toBe(true);
    expect(textWidth(short, 13)).toBeLessThanOrEqual(120);
    expect(long.startsWith(short.slice(0, -1))).toBe(true);
    expect(shorten('graphs', 120, 13)).toBe('graphs');
  });

  for (const [width, height] of [
    [900, 600],
    [400, 300],
    [1400, 850],
  ] as const)
    it(`keeps 40 labels inside a ${width}x${height} canvas without overlaps`, () => {
      const inputs = scattered(40, width, height, width);
      const placed = layoutLabels(inputs, width, height);
      expect(placed.length).toBeGreaterThan(5);
      expectInsideAndApart(placed, width, height);
      // The biggest topic always gets its label.
      expect(placed[0]!.clusterId).toBe(0);
    });

  it('gives way to the bigger topic: of two labels on one spot, the smaller moves aside or goes', () => {
    const placed = layoutLabels(
      [
        { clusterId: 1, text: 'small topic', size: 10, x: 200, y: 100 },
        { clusterId: 2, text: 'big topic', size: 500, x: 200, y: 100 },
      ],
      400,
      200,
    );
    expect(placed[0]!.clusterId).toBe(2);
    expect(placed[0]!.x).toBe(200);
    expectInsideAndApart(placed, 400, 200);
    // A crowd on one spot: only as many as fit around it, biggest first.
    const crowd = layoutLabels(
      Array.from({ length: 30 }, (_, c) => ({
        clusterId: c,
        text: `topic ${c}`,
        size: 100 - c,
        x: 50,
        y: 50,
      })),
      400,
      300,
    );
    expect(crowd.length).toBeLessThan(30);
    expect(crowd[0]!.clusterId).toBe(0);
    expectInsideAndApart(crowd, 400, 300);
  });

  it('labels nothing whose anchor is off the canvas, and clamps labels of anchors at its edge', () => {
    const placed = layoutLabels(
      [
        { clusterId: 0, text: 'outside', size: 9, x: -30, y: 50 },
        { clusterId: 1, text: 'at the right edge', size: 5, x: 399, y: 199 },
      ],
      400,
      200,
    );
    expect(placed.map((p) => p.clusterId)).toEqual([1]);
    expectInsideAndApart(placed, 400, 200);
  });

  it('places generated topics inside the canvas at the fitted view, zoomed in and out', () => {
    const data = generateClusterMapData(25_000, { seed: 4, clusters: 36 });
    const anchors = topicAnchors(data);
    expect(anchors.length).toBe(36);
    const [width, height] = [900, 560];
    const fit = fitView(data.positions, width, height);
    const counts: number[] = [];
    for (const dz of [-2, 0, 2]) {
      const frame = { target: fit.target, zoom: fit.zoom + dz, width, height };
      const labels = placeTopicLabels(anchors, frame);
      expectInsideAndApart(labels, width, height);
      counts.push(labels.length);
      // World positions map back onto the boxes' centres.
      const scale = 2 ** frame.zoom;
      for (const l of labels) {
        expect(width / 2 + (l.worldX - fit.target[0]) * scale).toBeCloseTo(l.x, 3);
        expect(height / 2 - (l.worldY - fit.target[1]) * scale).toBeCloseTo(l.y, 3);
      }
    }
    // Zoomed out, fewer labels fit; zoomed in, labels of topics off the canvas go.
    expect(counts[0]!).toBeLessThan(counts[1]!);
    expect(counts[1]!).toBeGreaterThan(10);
  });

  it('keeps a label still while a pan leaves it where it was', () => {
    const data = generateClusterMapData(5000, { seed: 2 });
    const anchors = topicAnchors(data);
    const fit = fitView(data.positions, 900, 600);
    const frame = { target: fit.target, zoom: fit.zoom, width: 900, height: 600 };
    const before = placeTopicLabels(anchors, frame);
    const panned = placeTopicLabels(anchors, {
      ...frame,
      target: [fit.target[0] + 1 / 2 ** fit.zoom, fit.target[1], 0],
    });
    const still = before.filter((b) => {
      const a = panned.find((p) => p.clusterId === b.clusterId);
      return a && a.worldX === b.worldX && a.worldY === b.worldY;
    });
    expect(still.length).toBeGreaterThan(before.length / 2);
  });

  it('draws CJK labels: a font stack with CJK fallbacks and an atlas of the labels own characters', () => {
    const data = generateClusterMapData(2000, { seed: 1 });
    data.topics[0]!.label = '蛋白质结构预测';
    const model = {
      points: buildPointBuffers(data, { showNoise: true, highlight: null }),
      marks: buildMarks(data, []),
      anchors: topicAnchors(data),
    };
    const text = buildSubLayers(model, 6)[2] as TextLayer<{ text: string }>;
    expect(text.props.characterSet).toBe('auto');
    expect(text.props.fontFamily).toMatch(/Noto Sans CJK SC/);
    expect(text.props.fontFamily).toMatch(/sans-serif$/);
    const shown = (text.props.data as { text: string }[]).map((l) => l.text);
    expect(shown).toContain('蛋白质结构预测');
  });
});
