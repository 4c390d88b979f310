import { CompositeLayer } from '@deck.gl/core';
import type { DefaultProps, GetPickingInfoParams, Layer, PickingInfo, UpdateParameters } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { MarkBuffers, PointBuffers, TopicAnchor } from './view-model';
import { LABEL_FONT_PX, labelZoomBucket, placeLabels } from './view-model';

/** What the map layer draws: binary point buffers, rings over selected points, and topic anchors. */
export type ClusterMapViewModel = {
  points: PointBuffers;
  marks: MarkBuffers;
  anchors: TopicAnchor[];
  /** The page's theme: label and hover colours follow it (light when left out). */
  theme?: 'light' | 'dark';
};

const LABEL_COLORS = {
  light: { text: [25, 30, 35, 255], background: [255, 255, 255, 190], hover: [0, 0, 0, 90] },
  dark: { text: [230, 233, 234, 255], background: [22, 26, 29, 200], hover: [255, 255, 255, 110] },
} as const;

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
 * The map's sub-layers for a view model at a zoom: points (scatter, pickable), rings over the selection
 * (scatter, stroked), and the topic labels that fit at that zoom (text). Pure: no WebGL is touched
 * until deck.gl draws them, so tests call it directly.
 */
export function buildSubLayers(model: ClusterMapViewModel, zoom: number, sub: SubLayerProps = asIs): Layer[] {
  const labels = placeLabels(model.anchors, labelZoomBucket(zoom));
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
    new TextLayer<TopicAnchor>(
      sub({
        id: 'labels',
        data: labels,
        getPosition: (a: TopicAnchor) => [a.x, a.y],
        getText: (a: TopicAnchor) => a.label,
        getSize: LABEL_FONT_PX,
        sizeUnits: 'pixels',
        getColor: LABEL_COLORS[model.theme ?? 'light'].text,
        fontWeight: 600,
        characterSet: 'auto',
        background: true,
        getBackgroundColor: LABEL_COLORS[model.theme ?? 'light'].background,
        backgroundPadding: [4, 2],
        pickable: false,
      }),
    ),
  ] as Layer[];
}

type ClusterMapLayerProps = { model: ClusterMapViewModel };

/** Points, selection rings and topic labels as one layer; labels are re-placed as the zoom changes. */
export class ClusterMapLayer extends CompositeLayer<ClusterMapLayerProps> {
  static override layerName = 'ClusterMapLayer';
  static override defaultProps: DefaultProps<ClusterMapLayerProps> = {
    model: { type: 'object', value: null as unknown as ClusterMapViewModel, compare: true },
  };
  declare state: { labelZoom: number };

  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    return Boolean(changeFlags.propsOrDataChanged || changeFlags.viewportChanged);
  }

  override updateState({ changeFlags }: UpdateParameters<this>): void {
    const labelZoom = labelZoomBucket(this.context.viewport.zoom);
    // Panning changes the viewport too; only a new zoom step (or new props) re-renders the sub-layers.
    if (changeFlags.propsOrDataChanged || labelZoom !== this.state?.labelZoom) this.setState({ labelZoom });
  }

  override renderLayers(): Layer[] {
    return buildSubLayers(this.props.model, this.state.labelZoom, (p) => this.getSubLayerProps(p));
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
export function buildLayers(model: ClusterMapViewModel): Layer[] {
  return [
    new ClusterMapLayer({
      id: 'cluster-map',
      model,
      autoHighlight: true,
      highlightColor: [...LABEL_COLORS[model.theme ?? 'light'].hover],
    }),
  ];
}
