// Where topic labels go on screen: inside the canvas, never on top of one another, bigger topics
// first. Pure and cheap (k labels: O(k^2) box tests), so it reruns on every pan and zoom.

export const LABEL_FONT_PX = 13;
/** Labels wider than this (pixels, padding included) are shortened with an ellipsis. */
export const LABEL_MAX_WIDTH_PX = 220;
/** The label's background padding (pixels, horizontal and vertical), as the text layer draws it. */
export const LABEL_PADDING_PX: readonly [number, number] = [4, 2];
/** Room kept free between two labels and between a label and the canvas edge. */
const GAP_PX = 2;

/** A label to place: its topic, its text, the topic's size (bigger wins) and its anchor in canvas pixels. */
export type LabelInput = { clusterId: number; text: string; size: number; x: number; y: number };

/**
 * A placed label: the text as drawn (perhaps shortened), its box's centre (x, y) and size (w, h) in
 * canvas pixels (origin top left, y down), and the anchor it labels.
 */
export type PlacedLabel = {
  clusterId: number;
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  anchorX: number;
  anchorY: number;
};

// Wide (CJK, full-width) characters take about one em; others about 0.6 em on average.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Estimated width (pixels) of `text` at `fontPx`, from its characters: no DOM, no font metrics. */
export function textWidth(text: string, fontPx = LABEL_FONT_PX): number {
  let em = 0;
  for (const ch of text) em += WIDE.test(ch) ? 1 : 0.6;
  return em * fontPx;
}

/** `text`, cut at a character and ended with an ellipsis where wider than `maxPx`. */
export function shorten(text: string, maxPx: number, fontPx = LABEL_FONT_PX): string {
  if (textWidth(text, fontPx) <= maxPx) return text;
  const chars = [...text];
  let width = textWidth('…', fontPx);
  let k = 0;
  while (k < chars.length) {
    const w = textWidth(chars[k]!, fontPx);
    if (width + w > maxPx) break;
    width += w;
    k++;
  }
  return `${chars.slice(0, k).join('').trimEnd()}…`;
}

type Box = { x: number; y: number; w: number; h: number };

const overlaps = (a: Box, b: Box) =>
  Math.abs(a.x - b.x) * 2 < a.w + b.w + 2 * GAP_PX && Math.abs(a.y - b.y) * 2 < a.h + b.h + 2 * GAP_PX;

const clamp = (v: number, lo: number, hi: number) =>
  hi < lo ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v));

/**
 * Places labels in a width x height canvas: biggest topics first (ties by cluster id), each tried
 * centred on its anchor, then above, below, right, left and at the diagonals, every try moved inside
 * the canvas; the first try that misses every label already placed wins, and a label with no such
 * try is left out (a smaller topic yields to a bigger neighbour). Anchors outside the canvas get no
 * label. Returned in placement order.
 */
export function layoutLabels(
  inputs: readonly LabelInput[],
  width: number,
  height: number,
  { fontPx = LABEL_FONT_PX, maxWidth = LABEL_MAX_WIDTH_PX }: { fontPx?: number; maxWidth?: number } = {},
): PlacedLabel[] {
  const [padX, padY] = LABEL_PADDING_PX;
  const h = Math.ceil(fontPx * 1.25) + 2 * padY;
  const placed: PlacedLabel[] = [];
  const order = [...inputs].sort((a, b) => b.size - a.size || a.clusterId - b.clusterId);
  for (const label of order) {
    if (!(label.x >= 0 && label.x <= width && label.y >= 0 && label.y <= height)) continue;
    const text = shorten(label.text, maxWidth - 2 * padX, fontPx);
    const w = Math.min(maxWidth, Math.ceil(textWidth(text, fontPx)) + 2 * padX);
    if (w + 2 * GAP_PX > width || h + 2 * GAP_PX > height) continue;
    const dx = w / 2 + 4;
    const dy = h * 0.75;
    const tries: [number, number][] = [
      [0, 0],
      [0, -dy],
      [0, dy],
      [dx, 0],
      [-dx, 0],
      [dx, -dy],
      [-dx, -dy],
      [dx, dy],
      [-dx, dy],
    ];
    for (const [ox, oy] of tries) {
      const box = {
        x: clamp(label.x + ox, w / 2 + GAP_PX, width - w / 2 - GAP_PX),
        y: clamp(label.y + oy, h / 2 + GAP_PX, height - h / 2 - GAP_PX),
        w,
        h,
      };
      if (placed.some((p) => overlaps(p, box))) continue;
      placed.push({ clusterId: label.clusterId, text, ...box, anchorX: label.x, anchorY: label.y });
      break;
    }
  }
  return placed;
}
