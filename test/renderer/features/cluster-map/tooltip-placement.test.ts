import { describe, expect, it } from 'vitest';
import {
  TOOLTIP_OFFSET_PX,
  placeTooltip,
} from '../../../../src/renderer/features/cluster-map/tooltip-placement';

const canvas = { width: 900, height: 600 };
const tip = { w: 280, h: 60 };
const inside = ({ left, top }: { left: number; top: number }, size = tip) =>
  left >= 0 && top >= 0 && left + size.w <= canvas.width && top + size.h <= canvas.height;

describe('tooltip placement', () => {
  it('sits below right of the pointer where there is room', () => {
    expect(placeTooltip({ x: 100, y: 100 }, tip, canvas)).toEqual({
      left: 100 + TOOLTIP_OFFSET_PX,
      top: 100 + TOOLTIP_OFFSET_PX,
    });
  });

  it('flips left near the right edge and up near the bottom, keeping its full size', () => {
    const right = placeTooltip({ x: 880, y: 100 }, tip, canvas);
    expect(right.left).toBe(880 - TOOLTIP_OFFSET_PX - tip.w);
    expect(right.top).toBe(100 + TOOLTIP_OFFSET_PX);
    const bottom = placeTooltip({ x: 100, y: 590 }, tip, canvas);
    expect(bottom.top).toBe(590 - TOOLTIP_OFFSET_PX - tip.h);
    const corner = placeTooltip({ x: 899, y: 599 }, tip, canvas);
    expect(corner).toEqual({ left: 899 - TOOLTIP_OFFSET_PX - tip.w, top: 599 - TOOLTIP_OFFSET_PX - tip.h });
  });

  it('stays inside the canvas at every edge and corner', () => {
    for (const x of [0, 5, 150, 450, 760, 895, 900])
      for (const y of [0, 3, 60, 300, 560, 598, 600]) {
        const at = placeTooltip({ x, y }, tip, canvas);
        expect(inside(at), `${x},${y}`).toBe(true);
        // Never over the pointer itself when it fits beside it.
        const covers = x >= at.left && x <= at.left + tip.w && y >= at.top && y <= at.top + tip.h;
        expect(covers, `${x},${y}`).toBe(false);
      }
  });

  it('moves inside the canvas when it fits on neither side', () => {
    const wide = { w: 600, h: 60 };
    const at = placeTooltip({ x: 450, y: 100 }, wide, canvas);
    expect(inside(at, wide)).toBe(true);
    const huge = placeTooltip({ x: 450, y: 300 }, { w: 2000, h: 900 }, canvas);
    expect(huge.left).toBeGreaterThanOrEqual(0);
    expect(huge.top).toBeGreaterThanOrEqual(0);
  });
});
