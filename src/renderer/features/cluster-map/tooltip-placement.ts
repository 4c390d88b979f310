// Where the hover tooltip goes: beside the pointer, flipped to the other side near an edge, and
// kept inside the canvas, so it reads the same in every corner.

/** Pixels between the pointer and the tooltip. */
export const TOOLTIP_OFFSET_PX = 12;
/** Pixels kept free between the tooltip and the canvas edge. */
const EDGE_PX = 4;

/**
 * The tooltip's top-left corner (canvas pixels) for a pointer at (x, y), a tooltip of w x h and a
 * canvas of width x height: below right of the pointer where it fits, else on the side with more
 * room (left of the pointer, above it), then moved inside the canvas when it fits on neither side.
 */
export function placeTooltip(
  pointer: { x: number; y: number },
  tooltip: { w: number; h: number },
  canvas: { width: number; height: number },
  offset = TOOLTIP_OFFSET_PX,
): { left: number; top: number } {
  const axis = (p: number, size: number, room: number) => {
    const after = p + offset;
    if (after + size <= room - EDGE_PX) return after;
    const before = p - offset - size;
    if (before >= EDGE_PX) return before;
    // Fits on neither side: the side with more room, then inside the canvas.
    const pick = room - p >= p ? after : before;
    return Math.max(EDGE_PX, Math.min(pick, room - EDGE_PX - size));
  };
  return {
    left: axis(pointer.x, tooltip.w, canvas.width),
    top: axis(pointer.y, tooltip.h, canvas.height),
  };
}
