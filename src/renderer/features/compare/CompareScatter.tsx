import { useEffect, useMemo, useRef } from 'react';
import type { MouseEvent } from 'react';
import type { ClusterMapData } from '../cluster-map/map-data';
import { topicColor } from '../cluster-map/view-model';
import { fitPositions, nearestPoint, toScreen } from './compare-model';

/** Alpha of points outside the selection: faint, but the layout stays readable around it. */
const DIMMED_ALPHA = 60;

type Props = {
  /** "Run A" or "Run B": names the figure for assistive technology. */
  name: string;
  data: ClusterMapData;
  /** Per point of `data` (1 = selected); null when nothing is selected. */
  mask: Uint8Array | null;
  selectedCount: number;
  onPick: (clusterId: number | null) => void;
  width?: number;
  height?: number;
};

/** One run's clusters on the 2-d layout, drawn on a canvas; the selection stays bright, the rest dims. */
export function CompareScatter({
  name,
  data,
  mask,
  selectedCount,
  onPick,
  width = 380,
  height = 300,
}: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const fit = useMemo(() => fitPositions(data.positions, width, height), [data, width, height]);
  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = Math.round(width * ratio);
    el.height = Math.round(height * ratio);
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    // The background is the canvas's CSS background (the theme's --map-bg).
    ctx.clearRect(0, 0, width, height);
    const n = data.clusterIds.length;
    const draw = (i: number, alpha: number, radius: number) => {
      const [r, g, b] = topicColor(data.clusterIds[i]!);
      const [x, y] = toScreen(fit, data.positions[2 * i]!, data.positions[2 * i + 1]!);
      ctx.fillStyle = `rgba(${r}, ${g}, ${b}, ${alpha / 255})`;
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fill();
    };
    // Noise first, the selection last, so what matters sits on top.
    for (let i = 0; i < n; i++)
      if (data.clusterIds[i]! < 0 && !(mask && mask[i])) draw(i, mask ? DIMMED_ALPHA : 110, 1.6);
    for (let i = 0; i < n; i++)
      if (data.clusterIds[i]! >= 0 && !(mask && mask[i])) draw(i, mask ? DIMMED_ALPHA : 210, 2);
    if (mask) for (let i = 0; i < n; i++) if (mask[i]) draw(i, 255, 2.6);
  }, [data, mask, fit, width, height]);

  const pick = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const i = nearestPoint(data.positions, fit, e.clientX - r.left, e.clientY - r.top, 8);
    const c = i < 0 ? -1 : data.clusterIds[i]!;
    onPick(c >= 0 ? c : null);
  };

  return (
    <figure className="compare-scatter">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`${name}: ${data.clusterIds.length} documents${mask ? `, ${selectedCount} selected` : ''}`}
        data-testid={`compare-canvas-${name.slice(-1).toLowerCase()}`}
        data-selected={mask ? selectedCount : 0}
        style={{ width, height }}
        onClick={pick}
      />
      <figcaption>{name}</figcaption>
    </figure>
  );
}
