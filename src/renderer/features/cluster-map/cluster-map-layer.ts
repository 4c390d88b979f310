import { CompositeLayer } from '@deck.gl/core';
import type { DefaultProps, GetPickingInfoParams, Layer, PickingInfo, UpdateParameters } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { MarkBuffers, PointBuffers, TopicAnchor } from './view-model';
import { LABEL_FONT_PX, LABEL_MAX_WIDTH_PX, LABEL_PADDING_PX, layoutLabels } from './label-layout';
import type { PlacedLabel } from './label-layout';

/** What the map layer draws: binary point buffers, rings over selected points, and topic anchors. */
export type ClusterMapViewModel = {
  points: PointBuffers;
  marks: MarkBuffers;
  anchors: TopicAnchor[];
  /** The page's theme: label and hover colours follow it (light when left out). */
  theme?: 'light' | 'dark';
};

const LABEL_COLORS = {
  light: { text: [25, 30, 35, 255], background: [255, 255, 255, 200], hover: [0, 0, 0, 90] },
  dark: { text: [236, 239, 241, 255], background: [26, 31, 35, 215], hover: [255, 255, 255, 110] },
} as const;

/** The page's sans-serif with CJK fallbacks, so Chinese and Japanese titles draw as glyphs. */
export const LABEL_FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Noto Sans CJK JP", ' +
  '"Noto Sans CJK", "Source Han Sans", "PingFang SC", "Hiragino Sans", "Microsoft YaHei", sans-serif';

/**
 * The view the labels are laid out for (OrthographicView, flipY false): the world point at the
 * canvas centre, log2 pixels per layout unit, and the canvas size in pixels.
 */
export type LabelFrame = { target: readonly number[]; zoom: number; width: number; height: number };

/** A placed label with the world position of its box's centre, where the text layer draws it. */
export type MapLabel = PlacedLabel & { worldX: number; worldY: number };

/**
 * The topic labels shown in a frame: anchors projected to the canvas, laid out there (inside it,
 * without overlaps, bigger topics first), and taken back to world positions. A label's world
 * position is its anchor's plus its on-screen offset, so labels that did not have to move keep
 * their positions exactly while the view pans.
 */
export function placeTopicLabels(anchors: readonly TopicAnchor[], frame: LabelFrame): MapLabel[] {
  const scale = 2 ** frame.zoom;
  const [tx, ty] = frame.target as [number, number];
  const byId = new Map(anchors.map((a) => [a.clusterId, a]));
  const inputs = anchors.map((a) => ({
    clusterId: a.clusterId,
    text: a.label,
    size: a.size,
    x: frame.width / 2 + (a.x - tx) * scale,
    y: frame.height / 2 - (a.y - ty) * scale,
  }));
  return layoutLabels(inputs, frame.width, frame.height).map((p) => {
    const a = byId.get(p.clusterId)!;
    return { ...p, worldX: a.x + (p.x - p.anchorX) / scale, worldY: a.y - (p.y - p.anchorY) / scale };
  });
}

/** A frame at `zoom` large enough to hold every anchor, for when no canvas is known. */
function unboundedFrame(anchors: readonly TopicAnchor[], zoom: number): LabelFrame {
  const scale = 2 ** zoom;
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const a of anchors) {
    x0 = Math.min(x0, a.x);
    x1 = Math.max(x1, a.x);
    y0 = Math.min(y0, a.y);
    y1 = Math.max(y1, a.y);
  }
  if (!anchors.length) return { target: [0, 0], zoom, width: 1, height: 1 };
  const room = 2 * LABEL_MAX_WIDTH_PX;
  return {
    target: [(x0 + x1) / 2, (y0 + y1) / 2],
    zoom,
    width: (x1 - x0) * scale + room,
    height: (y1 - y0) * scale + room,
  };
}

const sameLabels = (a: readonly MapLabel[], b: readonly MapLabel[]) =>
  a.length === b.length &&
  a.every(
    (l, k) =>
      l.clusterId === b[k]!.clusterId &&
      l.text === b[k]!.text &&
      l.worldX === b[k]!.worldX &&
      l.worldY === b[k]!.worldY,
  );

/** The picked point's index into the map data (not the draw slot). */
export type PickedPoint = { pointIndex: number };

type BinaryData = {
  length: number;
  attributes: Record<string, { value: Float32Array | Uint8Array; size: number; normalized?: boolean }>;
};

// One binary data object per buffer set: a new object would make deck.gl re-upload every attribute.
const pointData = new WeakMap<PointBuffers, BinaryData>();
const markData = new WeakMap<MarkBuffers, BinaryData>();

function memo<K extends object>(cache: WeakMap<K, BinaryData>, key: K, make: () => BinaryData): BinaryData {
  const hit = cache.get(key);
  if (hit) return hit;
  const data = make();
  cache.set(key, data);
  return data;
}

const pointsAsData = (points: PointBuffers) =>
  memo(pointData, points, () => ({
    length: points.order.length,
    attributes: {
      getPosition: { value: points.positions, size: 2 },
      // Uint8 colours are 0-255 per channel; `normalized` tells deck.gl they are meant that way.
      getFillColor: { value: points.colors, size: 4, normalized: true },
      getRadius: { value: points.radii, size: 1 },
    },
  }));

const marksAsData = (marks: MarkBuffers) =>
  memo(markData, marks, () => ({
    length: marks.count,
    attributes: {
      getPosition: { value: marks.positions, size: 2 },
      getLineColor: { value: marks.colors, size: 4, normalized: true },
    },
  }));

type SubLayerProps = (props: { id: string; [name: string]: unknown }) => Record<string, unknown>;
const asIs: SubLayerProps = (props) => props;

/**
 * The map's sub-layers: points (scatter, pickable), rings over the selection (scatter, stroked), and
 * the topic labels (text). `view` is the frame to lay the labels out in, labels already laid out,
 * or a bare zoom (labels laid out as if the canvas held every anchor). Pure: no WebGL is touched
 * until deck.gl draws them, so tests call it directly.
 */
export function buildSubLayers(
  model: ClusterMapViewModel,
  view: LabelFrame | readonly MapLabel[] | number,
  sub: SubLayerProps = asIs,
): Layer[] {
  const labels = Array.isArray(view)
    ? (view as readonly MapLabel[])
    : placeTopicLabels(
        model.anchors,
        typeof view === 'number' ? unboundedFrame(model.anchors, view) : (view as LabelFrame),
      );
  const colors = LABEL_COLORS[model.theme ?? 'light'];
  return [
    new ScatterplotLayer(
      sub({
        id: 'points',
        data: pointsAsData(model.points),
        radiusUnits: 'pixels',
        radiusMinPixels: 1,
        stroked: false,
        filled: true,
        pickable: true,
      }),
    ),
    new ScatterplotLayer(
      sub({
        id: 'selection',
        data: marksAsData(model.marks),
        radiusUnits: 'pixels',
        getRadius: 5,
        stroked: true,
        filled: false,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        pickable: false,
      }),
    ),
    new TextLayer<MapLabel>(
      sub({
        id: 'labels',
        data: labels,
        getPosition: (l: MapLabel) => [l.worldX, l.worldY],
        getText: (l: MapLabel) => l.text,
        getSize: LABEL_FONT_PX,
        sizeUnits: 'pixels',
        getTextAnchor: 'middle',
        getAlignmentBaseline: 'center',
        getColor: colors.text,
        fontFamily: LABEL_FONT_FAMILY,
        fontWeight: 600,
        // The atlas holds the labels' own characters: a fixed set would draw CJK as nothing.
        characterSet: 'auto',
        background: true,
        getBackgroundColor: colors.background,
        backgroundPadding: [...LABEL_PADDING_PX],
        pickable: false,
      }),
    ),
  ] as Layer[];
}

type ClusterMapLayerProps = {
  model: ClusterMapViewModel;
  /** Told the labels shown whenever they change (tests and the page read how many). */
  onLabels: ((labels: readonly MapLabel[]) => void) | null;
};

/** Points, selection rings and topic labels as one layer; labels are laid out again as the view moves. */
export class ClusterMapLayer extends CompositeLayer<ClusterMapLayerProps> {
  static override layerName = 'ClusterMapLayer';
  static override defaultProps: DefaultProps<ClusterMapLayerProps> = {
    model: { type: 'object', value: null as unknown as ClusterMapViewModel, compare: true },
    onLabels: { type: 'function', value: null, optional: true, compare: false },
  };
  declare state: { labels: readonly MapLabel[] };

  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    return Boolean(changeFlags.propsOrDataChanged || changeFlags.viewportChanged);
  }

  override updateState(): void {
    const { viewport } = this.context;
    const [tx, ty] = viewport.unproject([viewport.width / 2, viewport.height / 2]) as [number, number];
    const frame: LabelFrame = {
      target: [tx, ty],
      zoom: Math.log2(viewport.scale),
      width: viewport.width,
      height: viewport.height,
    };
    const labels = placeTopicLabels(this.props.model.anchors, frame);
    // Unchanged labels keep their array, so the text layer is not rebuilt on every pan frame.
    if (this.state?.labels && sameLabels(labels, this.state.labels)) return;
    this.setState({ labels });
    this.props.onLabels?.(labels);
  }

  override renderLayers(): Layer[] {
    return buildSubLayers(this.props.model, this.state.labels, (p) => this.getSubLayerProps(p));
  }
  override getPickingInfo(params: GetPickingInfoParams): PickingInfo {
    const { info, sourceLayer } = params;
    if (sourceLayer?.id.endsWith('points') && info.index >= 0) {
      const picked: PickedPoint = { pointIndex: this.props.model.points.order[info.index]! };
      return { ...info, object: picked };
    }
    return info;
  }
}

/** The deck.gl layers for a view model: one composite layer, so the map is one unit for picking. */
export function buildLayers(
  model: ClusterMapViewModel,
  onLabels: ((labels: readonly MapLabel[]) => void) | null = null,
): Layer[] {
  return [
    new ClusterMapLayer({
      id: 'cluster-map',
      model,
      onLabels,
      autoHighlight: true,
      highlightColor: [...LABEL_COLORS[model.theme ?? 'light'].hover],
    }),
  ];
}
